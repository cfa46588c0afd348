#!/bin/bash
cd /tmp/s15; B=/tmp/s15/builds/dbg2
for r in 1; do
  CODIRA_DBG_MEM=/tmp/s15/log/dm2-aft.txt CODIRA_DBG_SET="allocator_flush_threshold='8MB'" ./mrun.py $B duckdb s1 L2-aft-$r
  CODIRA_DBG_MEM=/tmp/s15/log/dm2-wb1.txt CODIRA_DBG_SET="write_buffer_row_group_count=1" ./mrun.py $B duckdb s1 L2-wb1-$r
  CODIRA_DBG_MEM=/tmp/s15/log/dm2-both.txt CODIRA_DBG_SET="allocator_flush_threshold='8MB';write_buffer_row_group_count=1;allocator_background_threads=true" ./mrun.py $B duckdb s1 L2-both-$r
  CODIRA_DBG_MEM=/tmp/s15/log/dm2-both-c400.txt CODIRA_DBG_COMMIT_ROWS=400000 CODIRA_DBG_IDX_AFTER=1 CODIRA_DBG_SET="allocator_flush_threshold='8MB';write_buffer_row_group_count=1;allocator_background_threads=true" ./mrun.py $B duckdb s1 L2-bothc400-$r
done
