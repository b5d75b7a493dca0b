#!/usr/bin/env python3
"""Collects the PBE band energies and Loewdin s/p/d projections written by scripts/tb-fit/dft/run-dft.sh
into one JSON file (the data the spd-pbe fit reads):

    python3 scripts/tb-fit/parse_qe.py /tmp/tbfit > data/tb/ag-pbe-bands.json

Per system: kind (bulk | mono | chain), its length parameter (bulk: a; mono/chain: NN distance, A),
E_F (eV, from the scf run), the Loewdin charges (s, p, d per atom), and per k-point (Cartesian, 1/A)
the states [E - E_F (eV), |psi|^2, w_s, w_pz, w_pxy, w_dz2, w_dxz+dyz, w_dxy+dx2-y2] with the QE
real-harmonic order l=1: m=1 z, 2 x, 3 y; l=2: m=1 z2, 2 xz, 3 yz, 4 x2-y2, 5 xy.
"""
import json, math, re, sys, glob, os

BOHR = 0.529177210903
W = sys.argv[1] if len(sys.argv) > 1 else '/tmp/tbfit'
out = []
for proj in sorted(glob.glob(os.path.join(W, '*[0-9].proj.out'))):
    name = os.path.basename(proj)[:-len('.proj.out')]
    kind, par = name.split('_')
    scf = open(os.path.join(W, name + '_scf.out')).read()
    EF = float(re.findall(r'the Fermi energy is\s+([-\d.]+)', scf)[-1])
    alat = float(re.search(r'lattice parameter \(alat\)\s*=\s*([\d.]+)', scf).group(1)) * BOHR
    txt = open(proj).read()
    states = {}
    for m in re.finditer(r'state #\s*(\d+): atom\s+\d+ \(\w+\s*\), wfc\s+\d+ \(l=(\d) m=\s*(\d)\)', txt):
        states[int(m.group(1))] = (int(m.group(2)), int(m.group(3)))
    def col(l, m):
        if l == 0: return 0
        if l == 1: return 1 if m == 1 else 2
        return {1: 3, 2: 4, 3: 4, 4: 5, 5: 5}[m]
    kpts = []
    blocks = re.split(r'\n\s*k =\s*', txt)[1:]
    for b in blocks:
        head, rest = b.split('\n', 1)
        k = [float(x) * 2 * math.pi / alat for x in head.split()[:3]]
        sts = []
        for m in re.finditer(r'==== e\(\s*\d+\) =\s*([-\d.]+) eV ====\s*\n(.*?)\|psi\|\^2 = ([\d.]+)', rest, re.S):
            w = [0.0] * 6
            for c in re.finditer(r'([\d.]+)\*\[#\s*(\d+)\]', m.group(2)):
                l, mm = states[int(c.group(2))]
                w[col(l, mm)] += float(c.group(1))
            sts.append([round(float(m.group(1)) - EF, 5), float(m.group(3))] + [round(x, 4) for x in w])
        kpts.append({'k': [round(x, 6) for x in k], 'states': sts})
    sp = os.path.join(W, name + '.scfproj.out')
    ltxt = open(sp).read() if os.path.exists(sp) else ''
    low = re.search(r'Lowdin Charges:.*?total charge =\s*([\d.]+), s =\s*([\d.]+),.*?p =\s*([\d.]+),.*?d =\s*([\d.]+),', ltxt, re.S)
    lowdin = {'total': float(low.group(1)), 's': float(low.group(2)), 'p': float(low.group(3)), 'd': float(low.group(4))} if low else None
    out.append({'name': name, 'kind': kind, 'length': float(par), 'EF': EF, 'alat': alat, 'lowdin': lowdin, 'kpoints': kpts})
json.dump({'source': 'Quantum ESPRESSO 6.7 pw.x/projwfc.x, PBE, pslibrary 0.1 Ag.pbe-dn-rrkjus_psl, 28/280 Ry (scripts/tb-fit/dft/run-dft.sh)',
           'columns': ['E-EF eV', 'psi2', 's', 'pz', 'pxy', 'dz2', 'dxz+dyz', 'dxy+dx2-y2'], 'systems': out}, sys.stdout, separators=(',', ':'))
