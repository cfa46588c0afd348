#!/bin/bash
# x1: base vs candidate v2 (cand2), DuckDB, interleaved (order alternating), with node -e 0 floor
cd /tmp/s16dm
for r in 1 2 3 4 5 6 7; do
  if [ $((r % 2)) = 1 ]; then
    ./mrun.py /tmp/s16dm/builds/cand2 duckdb s1 Y1-cand2-$r; ./mrun.py /tmp/s16dm/builds/base duckdb s1 Y1-base-$r
  else
    ./mrun.py /tmp/s16dm/builds/base duckdb s1 Y1-base-$r; ./mrun.py /tmp/s16dm/builds/cand2 duckdb s1 Y1-cand2-$r
  fi
  python3 -c "
import os,subprocess,time,json
t=time.time();p=subprocess.Popen(['node','-e','0']);_,s,ru=os.wait4(p.pid,0)
print(json.dumps(dict(tag='floor-$r',cpu=round(ru.ru_utime+ru.ru_stime,3),wall=round(time.time()-t,3),maxrss=ru.ru_maxrss//1024)))"
done
