#!/bin/bash
# PBE Löwdin charges of the PWCOND two-atom-chain contact (test/fixtures/dft/c2_atom2_scatt.xyz: a
# 2×2 Ag(111) slab, 6 layers through the periodic z, bridged by a two-atom chain in hcp hollows):
# is a chain atom in a contact neutral, as local charge neutrality assumes? Usage:
#   scripts/tb-fit/dft/c2-lowdin.sh [WORKDIR]        (default /tmp/c2lowdin; ~21 min on one core)
# Same pseudopotential as run-dft.sh (built by ld1.x here if missing); 25/200 Ry (below the
# references' 28/280: charges only), MV 0.02 Ry, 4×4×1 k, conv_thr 1e-6. Prints z, N, s, p, pz, d per atom.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
XYZ="$HERE/../../../test/fixtures/dft/c2_atom2_scatt.xyz"
W=${1:-/tmp/c2lowdin}
mkdir -p "$W" && cd "$W"
[ -f Ag.pbe-dn-rrkjus_psl.0.1.UPF ] || nice -n 10 ld1.x < "$HERE/Ag.pbe-dn-rrkjus_psl.0.1.in" > ld1.out
python3 - "$XYZ" > c2.scf.in <<'PY'
import re, sys
L = open(sys.argv[1]).read().splitlines()
n = int(L[0]); lat = re.search(r'Lattice="([^"]+)"', L[1]).group(1).split()
print(f"""&control
  calculation='scf', prefix='c2', outdir='./tmp', pseudo_dir='./'
/
&system
  ibrav=0, nat={n}, ntyp=1, ecutwfc=25, ecutrho=200, occupations='smearing', smearing='mv', degauss=0.02
/
&electrons
  conv_thr=1e-6, mixing_beta=0.2, mixing_mode='local-TF'
/
ATOMIC_SPECIES
 Ag 107.8682 Ag.pbe-dn-rrkjus_psl.0.1.UPF
CELL_PARAMETERS angstrom""")
for i in range(3): print(' '.join(lat[3 * i:3 * i + 3]))
print('ATOMIC_POSITIONS angstrom')
for l in L[2:2 + n]: print(' '.join(l.split()[:4]))
print('K_POINTS automatic\n 4 4 1 0 0 0')
PY
grep -q "JOB DONE" c2.scf.out 2>/dev/null || OMP_NUM_THREADS=1 nice -n 10 pw.x -in c2.scf.in > c2.scf.out 2>&1
printf " &projwfc\n   prefix='c2', outdir='./tmp', lsym=.false.\n /\n" > c2.proj.in
grep -q "JOB DONE" c2.proj.out 2>/dev/null || OMP_NUM_THREADS=1 nice -n 10 projwfc.x -in c2.proj.in > c2.proj.out 2>&1
python3 - "$XYZ" <<'PY'
import re, sys
z = [float(l.split()[3]) for l in open(sys.argv[1]).read().splitlines()[2:]]
b = open('c2.proj.out').read(); b = b[b.rfind('Lowdin Charges'):]
at = {}
for m in re.finditer(r'Atom #\s*(\d+): total charge =\s*([\d.]+), (\w+) =\s*([\d.]+)(.*)', b):
    a = at.setdefault(int(m.group(1)), {'N': float(m.group(2))}); a[m.group(3)] = float(m.group(4))
    if m.group(3) == 'p': a['pz'] = float(re.search(r'pz=\s*([\d.]+)', m.group(5)).group(1))
for i, a in sorted(at.items()): print(f"atom {i:2d} z {z[i - 1]:6.2f}  N {a['N']:.4f}  s {a['s']:.3f}  p {a['p']:.3f} (pz {a['pz']:.3f})  d {a['d']:.3f}")
print(*re.findall(r'Spilling Parameter:.*', b))
PY
