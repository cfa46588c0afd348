#!/bin/bash
# after loop4: one x4 run with a 250k-row commit interval (final build, env override), then one x1
cd /tmp/s15
while pgrep -f loop4.sh >/dev/null; do sleep 5; done
CODIRA_DUCKDB_COMMIT_ROWS=250000 ./mrun.py /tmp/s15/builds/cand duckdb s4 X4-c250-1
