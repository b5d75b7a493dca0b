#!/bin/bash
# PBE reference data for the spd-pbe tight-binding fit (scripts/tb-fit/fit_ag_spd_pbe.py).
# Quantum ESPRESSO 6.7 (Debian): ld1.x, pw.x, projwfc.x. Usage:
#   scripts/tb-fit/dft/run-dft.sh [WORKDIR]        (default /tmp/tbfit; ~10-20 min on one core)
# then  python3 scripts/tb-fit/parse_qe.py WORKDIR > data/tb/ag-pbe-bands.json
# Same pseudopotential as ../shared/reference/dft (pslibrary 0.1 Ag.pbe-dn-rrkjus_psl, from the
# pslibrary input us_ps_collection.job with fct=pbe, nrel=1), same cutoffs 28/280 Ry, MV smearing 0.02 Ry.
# Systems: bulk fcc at a = 3.95, 4.05, 4.153 (PBE a0), 4.35 A; a hexagonal (111) monolayer at
# d = 2.80, 2.94 A; a monatomic chain at d = 2.50, 2.70 A (coordinations 12, 6, 2).
# The chain uses a 9 A box and ecutrho 224 Ry (cost; bands converge fast).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
W=${1:-/tmp/tbfit}
mkdir -p "$W" && cd "$W"
NICE="nice -n 10"
IBRAV="ibrav=0"
[ -f Ag.pbe-dn-rrkjus_psl.0.1.UPF ] || $NICE ld1.x < "$HERE/Ag.pbe-dn-rrkjus_psl.0.1.in" > ld1.out
common() { # $1 prefix $2 calculation $3 nbnd
cat <<EOT
 &control
   calculation='$2', prefix='$1', outdir='./tmp', pseudo_dir='./', verbosity='high'
 /
 &system
   $IBRAV, nat=1, ntyp=1, ecutwfc=28,
   occupations='smearing', smearing='mv', degauss=0.02, nbnd=$3 ${4:-, ecutrho=280}
 /
 &electrons
   conv_thr=1e-8, mixing_beta=0.3, mixing_mode='local-TF'
 /
ATOMIC_SPECIES
 Ag 107.8682 Ag.pbe-dn-rrkjus_psl.0.1.UPF
ATOMIC_POSITIONS angstrom
 Ag 0 0 0
EOT
}
run() { # $1 name, stdin = input
  cat > $1.in
  [ -f $1.out ] && grep -q "JOB DONE" $1.out && return 0
  $NICE pw.x -in $1.in > $1.out 2>&1
}
proj() { # $1 prefix, $2 output tag (proj: band states of the bands run; scfproj: Loewdin charges of the uniform scf grid)
  [ -f $1.$2.out ] && grep -q "JOB DONE" $1.$2.out && return 0
  printf " &projwfc\n   prefix='%s', outdir='./tmp', filpdos='%s.pdos', lsym=.false.\n /\n" $1 $1 > $1.$2.in
  $NICE projwfc.x -in $1.$2.in > $1.$2.out 2>&1
}
kpath_fcc() { # Cartesian, units 2pi/a (tpiba with ibrav=2, alat = a): Γ-X-W-L-Γ-K, L-X... plus uniform points
python3 - <<'PY'
import numpy as np
P={'G':(0,0,0),'X':(0,1,0),'W':(0.5,1,0),'L':(0.5,0.5,0.5),'K':(0.75,0.75,0)}
path=['G','X','W','L','G','K']
pts=[]
for a,b in zip(path[:-1],path[1:]):
    A,B=np.array(P[a]),np.array(P[b]); n=max(2,int(round(np.linalg.norm(B-A)*12)))
    for t in np.arange(n)/n: pts.append(A+(B-A)*t)
pts.append(np.array(P['K']))
# a uniform 6x6x6 grid of the primitive cell, irreducible wedge by sorting |k| components (fcc O_h)
b=np.array([[-1,1,1],[1,-1,1],[1,1,-1]],float)
seen=set()
for i in range(6):
  for j in range(6):
    for l in range(6):
      k=(np.array([i,j,l])/6.0)@b
      # fold each Cartesian component into [-1, 1) ((2,0,0) is a reciprocal vector), reduce by O_h
      key=tuple(np.round(sorted(np.abs(((k+1)%2)-1)),4))
      if key in seen: continue
      seen.add(key); pts.append(np.array(key))
print(len(pts))
for p in pts: print('%.6f %.6f %.6f 1'%tuple(p))
PY
}
for a in 3.95 4.05 4.153 4.35; do
  p=bulk_$a; IBRAV="ibrav=2, A=$a"; CELL=""
  { common $p scf 10; echo "$CELL"; printf "K_POINTS automatic\n 16 16 16 0 0 0\n"; } | run ${p}_scf
  proj $p scfproj
  { common $p bands 14; echo "$CELL"; echo "K_POINTS tpiba"; kpath_fcc; } | run ${p}_bands
  proj $p proj
done
for d in 2.80 2.94; do
  p=mono_$d; IBRAV="ibrav=0"; y=$(python3 -c "import math;print($d*math.sqrt(3)/2)"); x=$(python3 -c "print($d/2)")
  CELL="CELL_PARAMETERS angstrom
 $d 0 0
 $x $y 0
 0 0 14.0"
  { common $p scf 12; echo "$CELL"; printf "K_POINTS automatic\n 18 18 1 0 0 0\n"; } | run ${p}_scf
  proj $p scfproj
  { common $p bands 16; echo "$CELL"; printf "K_POINTS crystal\n"; python3 -c "
pts=[(i/8,j/8,0) for i in range(8) for j in range(8) if i<=4 and j<=i]
print(len(pts))
for p in pts: print('%.6f %.6f 0 1'%p[:2])"; } | run ${p}_bands
  proj $p proj
done
for d in 2.50 2.70; do
  p=chain_$d; IBRAV="ibrav=0"
  CELL="CELL_PARAMETERS angstrom
 9.0 0 0
 0 9.0 0
 0 0 $d"
  { common $p scf 12 ", ecutrho=224"; echo "$CELL"; printf "K_POINTS automatic\n 1 1 24 0 0 0\n"; } | run ${p}_scf
  proj $p scfproj
  { common $p bands 16 ", ecutrho=224"; echo "$CELL"; printf "K_POINTS crystal\n 13\n"; for i in $(seq 0 12); do python3 -c "print('0 0 %.6f 1'%($i/24))"; done; } | run ${p}_bands
  proj $p proj
done
echo done
