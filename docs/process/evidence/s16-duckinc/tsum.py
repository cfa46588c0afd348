"""Summarise per-statement DuckDB traces (s16-duckinc): statement count and CPU per statement across runs."""
import json,statistics,sys
runs=[r for r in (json.loads(l) for l in open(sys.argv[1])) if r]
n=len(runs[0]); print('statements',n, [len(r) for r in runs])
tot=0;totc=0
for i in range(n):
    ms=statistics.median(r[i]['ms'] for r in runs); cpu=statistics.median(r[i]['cpu'] for r in runs); tot+=ms; totc+=cpu
    print(f"{i:3d} {ms:7.1f} {cpu:7.1f}  {runs[0][i]['sql'][:150]}")
print('total ms',tot,'cpu',totc)
