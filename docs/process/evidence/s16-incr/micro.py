"""Interleaved process CPU and wall of wk.mjs variants (ROUNDS VARIANT...)."""
import os, sys, time, statistics
rounds=int(sys.argv[1]); vs=sys.argv[2:]
res={v:[] for v in vs}; wall={v:[] for v in vs}
for r in range(rounds):
    for v in (vs if r%2==0 else vs[::-1]):
        t0=time.time(); pid=os.fork()
        if pid==0: os.execvp('node',['node','/tmp/s16-incr/wk.mjs',v])
        _,st,ru=os.wait4(pid,0); res[v].append(ru.ru_utime+ru.ru_stime); wall[v].append(time.time()-t0)
for v in vs: print(f'{v:12s} CPU {statistics.median(res[v])*1000:6.1f}  wall {statistics.median(wall[v])*1000:6.1f}')
