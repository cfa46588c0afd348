#!/bin/bash
# rbloop.sh N tree... : N rounds of rb.mjs per tree, alternating; medians
N=$1; shift
for i in $(seq $N); do for t in "$@"; do echo "$t $(node /tmp/s17-rest/scripts/rb.mjs /tmp/s17-rest/$t /tmp/s17-rest/mobxdb/.codira/index.sqlite | tail -1)"; done; done | python3 -c '
import sys, statistics, collections
d = collections.defaultdict(list); h = {}
for l in sys.stdin:
    t, ms, hs = l.split()[:3]; d[t].append(float(ms)); h[t] = hs
for t in d: print(t, round(statistics.median(d[t]), 2), h[t], len(d[t]))'
