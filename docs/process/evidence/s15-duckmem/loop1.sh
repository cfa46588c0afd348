#!/bin/bash
# x1 DuckDB knob variants, interleaved
cd /tmp/s15; B=/tmp/s15/builds/dbg
for r in 1 2 3; do
  env ./mrun.py $B duckdb s1 L1-base-$r
  env CODIRA_DBG_COMMIT_ROWS=400000 CODIRA_DBG_IDX_AFTER=each ./mrun.py $B duckdb s1 L1-c400ie-$r
  env CODIRA_DBG_COMMIT_ROWS=400000 CODIRA_DBG_IDX_AFTER=1 ./mrun.py $B duckdb s1 L1-c400ie1-$r
  env CODIRA_DBG_COMMIT_ROWS=400000 CODIRA_DBG_IDX_AFTER=1 CODIRA_DBG_SET="checkpoint_threshold='4GB'" ./mrun.py $B duckdb s1 L1-c400ck-$r
  env CODIRA_DBG_COMMIT_ROWS=1000000 CODIRA_DBG_IDX_AFTER=1 ./mrun.py $B duckdb s1 L1-c1m-$r
  env ./mrun.py $B sqlite s1 L1-sqlite-$r
  node -e 0
done
