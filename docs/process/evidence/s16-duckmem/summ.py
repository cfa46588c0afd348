#!/usr/bin/env python3
"""Summarize mrun.py JSON lines: per variant (tag without the round), each run and the medians."""
import json, sys, statistics as st, re
rows = {}
floor = []
for f in sys.argv[1:]:
    for l in open(f):
        try: d = json.loads(l)
        except Exception: continue
        if d['tag'].startswith('floor'): floor.append(d['cpu']); continue
        v = re.sub(r'-\d+$', '', d['tag'])
        rows.setdefault(v, []).append(d)
print('| variant | runs | tree peak MiB (each) | median | main-process peak (each) | main CPU s (each) | median | tree CPU s median | wall s median | orphaned analysis processes |')
print('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for v, ds in rows.items():
    md = lambda k: st.median([d[k] for d in ds])
    print(f"| {v} | {len(ds)} | {', '.join(str(d['tree_max']) for d in ds)} | {md('tree_max')} | {', '.join(str(d['main_own']) for d in ds)} | {', '.join(str(d['main_cpu']) for d in ds)} | {md('main_cpu'):.2f} | {md('cpu'):.2f} | {md('wall'):.1f} | {sum(len(d['orphans']) for d in ds)} |")
if floor: print(f"\n`node -e 0` CPU median {st.median(floor):.3f} s over {len(floor)} runs")
