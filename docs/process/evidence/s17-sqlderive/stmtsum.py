"""Median wall/CPU ms per statement of stmts.py output files (jsonl, one run per line); statements under 1 ms left out.
Usage: python3 stmtsum.py FILE [first-run-index]"""
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])][int(sys.argv[2]) if len(sys.argv) > 2 else 0:]
keys = []
for r in rows:
    for k in r['stmts']:
        if k not in keys: keys.append(k)
for k in keys:
    ws = [r['stmts'][k][0] for r in rows if k in r['stmts']]; cs = [r['stmts'][k][1] for r in rows if k in r['stmts']]
    if statistics.median(cs) >= 1 or k.startswith('TOTAL'):
        print(f'{statistics.median(ws):7.1f} {statistics.median(cs):7.1f}  n={len(ws)}  {k[:120]}')
