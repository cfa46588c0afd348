#!/bin/bash
cd /tmp/s14mem
for r in 1 2; do for b in base v2; do D=/work/wt-s14-mem/.builds/$b; [ $b = base ] && D=/work/wt-s14-mem/.base
  for be in duckdb sqlite; do nice -n 5 ./run2.sh $D $be /tmp/s14mem/s1 m3-$be-$b-$r; done; done; done
for b in base v2; do D=/work/wt-s14-mem/.builds/$b; [ $b = base ] && D=/work/wt-s14-mem/.base
  for be in duckdb sqlite; do node $D/bin/codira.js graph --json --path /tmp/s14mem/s1 --output-dir /tmp/s14mem/out-m3-$be-$b-2 --backend $be > graph-$be-$b.json 2>graph-$be-$b.err; echo "graph $be $b rc=$? $(md5sum < graph-$be-$b.json | cut -c1-12) $(wc -c < graph-$be-$b.json)"; done; done
