#!/usr/bin/env python3
"""The sigma band of the monatomic chain (d = 2.70 A) of a fit of fit_ag_spd_pbe.py, against PBE.

    python3 scripts/tb-fit/chain_band.py data/tb/ag-spd-pbe.fit.json [data/tb/ag-pbe-bands.json]

Along the chain axis (z) the Hamiltonian splits by m; the sigma (m = 0) block is s, pz, d3z2-r2.
Prints, for the sigma band that crosses the model's E_F (11 electrons/atom): its energy at Gamma and at
the zone boundary pi/d, its pz fraction and its slope dE/dk (eV A, the Fermi velocity times hbar) at
the crossing; and the same read off the PBE states (m = 0 weight s + pz + dz2 > 0.5 of |psi|^2).
Fits made with --screen are evaluated with their screening (the `screen` field of the fit file).
"""
import json, sys, math
import numpy as np
sys.path.insert(0, __import__('os').path.dirname(__file__))
import fit_ag_spd_pbe as F

fit = json.load(open(sys.argv[1]))
data = json.load(open(sys.argv[2] if len(sys.argv) > 2 else 'data/tb/ag-pbe-bands.json'))
F.SCREEN = fit.get('screen', [])
p = {k: (np.array(v) if isinstance(v, list) else v) for k, v in fit['params'].items()}
for name in (sys.argv[3].split(',') if len(sys.argv) > 3 else ['chain_2.70']):
    s = F.System(next(x for x in data['systems'] if x['name'] == name))
    mu, q = s.fermi(p, True)
    d = s.L
    ks = np.linspace(0, math.pi / d, 401)
    H = s.hk(p, np.c_[np.zeros((len(ks), 2)), ks])[:, [0, 3, 8]][:, :, [0, 3, 8]]
    ev, vec = np.linalg.eigh(H)
    ev -= mu
    n = next(i for i in range(3) if np.any(ev[:, i] < 0) and np.any(ev[:, i] > 0))
    e = ev[:, n]
    j = int(np.argmin(np.abs(e)))
    j0, j1 = max(j - 1, 0), min(j + 1, len(ks) - 1)
    slope = (e[j1] - e[j0]) / (ks[j1] - ks[j0])
    # linear interpolation of the pz weight to the crossing
    jj = j if (e[j] < 0) == (e[min(j + 1, len(ks) - 1)] > 0) else j - 1
    t = -e[jj] / (e[jj + 1] - e[jj])
    w = np.abs(vec[:, :, n]) ** 2
    pz = (1 - t) * w[jj, 1] + t * w[jj + 1, 1]
    print(f"{name} model: sigma band {e[0]:+.2f} (Gamma) .. {e[-1]:+.2f} eV (pi/d); at E_F k = {ks[jj] + t * (ks[jj+1]-ks[jj]):.3f}/A, pz {pz:.2f}, s {(1-t)*w[jj,0]+t*w[jj+1,0]:.2f}, dE/dk {slope:.2f} eV A; chain s/p/d {q['s']:.2f}/{q['p']:.2f}/{q['d']:.2f}")
    # PBE: m = 0 states of the same band (the one crossing E_F)
    src = next(x for x in data['systems'] if x['name'] == name)
    kz = np.array([kp['k'][2] for kp in src['kpoints']])
    band = []
    for kp in src['kpoints']:
        sig = [st for st in kp['states'] if st[1] > 0.5 and (st[2] + st[3] + st[5]) > 0.5 * st[1] and st[0] > -1.5]
        band.append(min(sig, key=lambda st: st[0]) if sig else None)
    E = np.array([b[0] if b else np.nan for b in band])
    c = next(i for i in range(len(E) - 1) if E[i] < 0 < E[i + 1])
    t = -E[c] / (E[c + 1] - E[c])
    pzf = lambda b: b[3] / b[1]
    print(f"{name} PBE:   sigma band {E[0]:+.2f} (Gamma) .. {np.nanmax(E):+.2f} eV; at E_F k = {kz[c] + t * (kz[c+1]-kz[c]):.3f}/A, pz {(1-t)*pzf(band[c])+t*pzf(band[c+1]):.2f}, dE/dk {(E[c+1]-E[c])/(kz[c+1]-kz[c]):.2f} eV A (k spacing {kz[1]-kz[0]:.3f}/A); Loewdin {src['lowdin']}")
