#!/bin/bash
# ab.sh ROUNDS CORPUS tree... : cold analyzer pass (anbench, 1 pass) alternating; medians
R=$1; C=$2; shift 2
for r in $(seq $R); do for t in "$@"; do echo -n "$t "; node /tmp/s15/anbench.mjs /tmp/s15/trees/$t $C 1 | tail -1; done; done | awk '{print $1, $4}' | python3 -c "
import sys,collections,statistics; d=collections.defaultdict(list)
for l in sys.stdin: k,v=l.split(); d[k].append(float(v))
for k in d: print(k, statistics.median(d[k]), sorted(d[k]))"
