#!/bin/bash
# x1 SQLite: base vs cand3 (collection before the derived step), interleaved
cd /tmp/s16dm
for r in 1 2 3 4 5 6 7; do
  if [ $((r % 2)) = 1 ]; then
    ./mrun.py /tmp/s16dm/builds/cand3 sqlite s1 Z1-sqlite3-$r; ./mrun.py /tmp/s16dm/builds/base sqlite s1 Z1-sqlitebase-$r
  else
    ./mrun.py /tmp/s16dm/builds/base sqlite s1 Z1-sqlitebase-$r; ./mrun.py /tmp/s16dm/builds/cand3 sqlite s1 Z1-sqlite3-$r
  fi
done
