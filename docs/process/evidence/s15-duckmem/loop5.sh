#!/bin/bash
# x1: base (main build) vs final candidate build vs SQLite, interleaved, with node -e 0 floor
cd /tmp/s15
for r in 1 2 3; do
  ./mrun.py /tmp/s15/builds/base duckdb s1 X1-base-$r
  ./mrun.py /tmp/s15/builds/cand duckdb s1 X1-cand-$r
  ./mrun.py /tmp/s15/builds/cand sqlite s1 X1-sqlite-$r
  python3 -c "
import os,subprocess,time,json
t=time.time();p=subprocess.Popen(['node','-e','0']);_,s,ru=os.wait4(p.pid,0)
print(json.dumps(dict(tag='floor-$r',cpu=round(ru.ru_utime+ru.ru_stime,3),wall=round(time.time()-t,3),maxrss=ru.ru_maxrss//1024)))"
done
