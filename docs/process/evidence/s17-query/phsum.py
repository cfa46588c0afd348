"""Median wall time per phase of CODIRA_PHASES files (one JSON line per process), one row per file."""
import json,sys,statistics
for f in sys.argv[1:]:
    rows=[json.loads(l) for l in open(f)]
    names=[]
    for r in rows:
        for n,_ in r['phases']:
            if n not in names: names.append(n)
    print(f, ' '.join(f"{n}={statistics.median([dict(r['phases']).get(n,0) for r in rows]):.1f}" for n in names), f"total={statistics.median([r['totalMs'] for r in rows]):.1f}")
