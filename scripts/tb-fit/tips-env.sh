#!/bin/sh
# T(E_F) of the 1-, 2-, 3-atom chains between (001) pyramid apexes (tips mode, depth 2, LCN) for a
# screened fit:  scripts/tb-fit/tips-env.sh FIT.json   (spd-pbe-env with that fit's parameters)
for n in 1 2 3; do ENVFIT="$1" npx tsx scripts/tb-fit/diag-chain.ts $n 2 | grep -E '^E-EF' | sed "s/^/$n atoms: /"; done
