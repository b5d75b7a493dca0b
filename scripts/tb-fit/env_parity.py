#!/usr/bin/env python3
"""Bulk fcc bands (a = 4.153 A) of a screened fit as fit_ag_spd_pbe.py computes them, for the TS parity test
of `spd-pbe-env` (test/transport/spdPbeEnv.test.ts):

    python3 scripts/tb-fit/env_parity.py data/tb/ag-spd-pbe-env.fit.json > test/fixtures/tb/spd-pbe-env-bulk-bands.json

The parameters are rounded to the 6 decimals that write_params.py writes into agSpdPbeEnvParams.ts, so the
two implementations get the same numbers; onsites at the smooth bulk coordination of the fit (11.89)."""
import sys, json, os
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fit_ag_spd_pbe as F

fit = json.load(open(sys.argv[1]))
F.SCREEN = fit['screen']
p = {k: (np.round(np.array(v), 6) if isinstance(v, list) else round(v, 6)) for k, v in fit['params'].items()}
data = json.load(open(sys.argv[2] if len(sys.argv) > 2 else 'data/tb/ag-pbe-bands.json'))
s = F.System(next(x for x in data['systems'] if x['name'] == 'bulk_4.153'))
a = 4.153
ks = np.array([[0, 0, 0], [0.3, 0.1, -0.2], [0, 2 * np.pi / a, 0], [np.pi / a] * 3, [0.5 * np.pi / a, np.pi / a, 0.2]])
json.dump({'source': f'scripts/tb-fit/env_parity.py {sys.argv[1]} (fit_ag_spd_pbe.py, numpy)', 'screen': F.SCREEN, 'a': a, 'Z': s.Z,
           'k': ks.tolist(), 'bands': np.linalg.eigvalsh(s.hk(p, ks)).tolist()}, sys.stdout, indent=1)
