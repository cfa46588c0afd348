#!/bin/bash
# x4: base vs candidate DuckDB and SQLite, interleaved
cd /tmp/s16dm
for r in 1 2 3; do
  ./mrun.py /tmp/s16dm/builds/cand duckdb s4 X4-cand-$r
  ./mrun.py /tmp/s16dm/builds/base sqlite s4 X4-sqlite-$r
  ./mrun.py /tmp/s16dm/builds/base duckdb s4 X4-base-$r
done
