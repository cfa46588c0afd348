#!/bin/bash
cd /tmp/s15; B=/tmp/s15/builds/dbg2
CAND="allocator_flush_threshold='8MB';allocator_background_threads=true"
for r in 1 2; do
  CODIRA_DBG_MEM=/tmp/s15/log/dm4-base-$r.txt ./mrun.py $B duckdb s4 X4-base-$r
  CODIRA_DBG_MEM=/tmp/s15/log/dm4-cand-$r.txt CODIRA_DBG_COMMIT_ROWS=500000 CODIRA_DBG_IDX_AFTER=1 CODIRA_DBG_SET="$CAND" ./mrun.py $B duckdb s4 X4-cand-$r
  ./mrun.py $B sqlite s4 X4-sqlite-$r
done
