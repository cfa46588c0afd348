"""Median per phase of a CODIRA_PHASES file (optionally skipping the first N runs)."""
import json, sys, statistics
rows = [json.loads(l) for l in open(sys.argv[1])]
skip = int(sys.argv[2]) if len(sys.argv) > 2 else 0
rows = rows[skip:]
names = []
for r in rows:
    for n, _ in r['phases']:
        if n not in names: names.append(n)
print(f'n={len(rows)} total median {statistics.median(r["totalMs"] for r in rows):.1f}')
for n in names:
    v = [dict(r['phases']).get(n, 0) for r in rows]
    print(f'{statistics.median(v):8.1f}  {n}')
for n in sorted({p for r in rows for p, _ in r.get('parallel', [])}):
    v = [dict(r['parallel']).get(n, 0) for r in rows]
    print(f'{statistics.median(v):8.1f}  [parallel] {n}')
