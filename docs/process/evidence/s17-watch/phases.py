"""Per-phase medians of watch-probe.mjs output (session 17): for each backend file and label, the median edit ->
visible time, and per step of the refresh the median wall ms and server-process CPU ms until the next step. The
analysis process's own CPU is not in the server's; its thread's busy time is the `outcome ... busy` figure.
Usage: python3 phases.py a.jsonl [b.jsonl ...]
"""
import json, statistics, sys

STEPS = ['change', 'run start', 'phase open writer', 'phase analyze', 'outcome', 'phase persist', 'phase derived',
         'phase commit', 'phase close writer', 'run reported', 'switched']

for path in sys.argv[1:]:
    rows = [json.loads(line) for line in open(path)]
    labels = sorted({r['label'] for r in rows})
    for label in labels:
        mine = [r for r in rows if r['label'] == label]
        acc, busy = {}, []
        for r in mine:
            first = {}
            for at, cpu, what in r['trace']:
                key = 'outcome' if what.startswith('outcome') else what
                key = 'run reported' if key.startswith('run reported') else key
                if key == 'outcome' and 'outcome' not in first:
                    busy.append(int(what.split('busy ')[1]))
                first.setdefault(key, (at, cpu))
            for a, b in zip(STEPS, STEPS[1:]):
                if a in first and b in first:
                    acc.setdefault(a, []).append((first[b][0] - first[a][0], first[b][1] - first[a][1]))
        ms = [r['ms'] for r in mine]
        server_cpu = [f['switched'][1] - f['change'][1] for f in (
            {w: (a, c) for a, c, w in reversed(r['trace'])} for r in mine) if 'switched' in f and 'change' in f]
        print(f"{path} {mine[0]['backend']} {label}: n={len(ms)} median {statistics.median(ms):.0f} ms, "
              f"analysis busy median {statistics.median(busy) if busy else '-'} ms, server CPU edit -> switched median "
              f"{statistics.median(server_cpu) if server_cpu else '-'} ms; all {ms}")
        for step in STEPS[:-1]:
            if step in acc:
                w = statistics.median(x for x, _ in acc[step])
                c = statistics.median(y for _, y in acc[step])
                print(f"    {step:<20} wall {w:6.0f}  cpu {c:6.0f}")
    if len(labels) == 2:
        a, b = labels
        ratios = [y['ms'] / x['ms'] for x in rows if x['label'] == a for y in rows
                  if y['label'] == b and y['round'] == x['round']]
        print(f"    {b}/{a} per round: median {statistics.median(ratios):.2f}")
