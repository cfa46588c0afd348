"""Summarise watch-probe.mjs output: per backend and label, the median edit -> visible time and the median time (ms
after the edit) at which each step of the refresh began. Usage: python3 summarize.py ab-sqlite.jsonl ab-duckdb.jsonl
"""
import json, statistics, sys

STEPS = ['change', 'run-start', 'phase plan', 'phase open writer', 'phase analyze', 'host ready', 'phase persist',
         'phase derived', 'phase commit', 'phase close writer', 'run-reported', 'switched']

def first(trace, name):
    """When a trace first shows a step.

    Parameters
    ----------
    trace : list
        ``[ms after the edit, what]`` pairs of one sample.
    name : str
        The step.

    Returns
    -------
    float or None
        Milliseconds after the edit, or None when the step is missing.
    """
    for at, what in trace:
        if what == name or (name == 'host ready' and what.startswith('host-first-message')):
            return at
    return None

for path in sys.argv[1:]:
    rows = [json.loads(line) for line in open(path)]
    for label in sorted({r['label'] for r in rows}):
        mine = [r for r in rows if r['label'] == label]
        ms = [r['ms'] for r in mine]
        print(f"{mine[0]['backend']} {label}: n={len(ms)} median {statistics.median(ms):.0f} ms "
              f"(min {min(ms)}, max {max(ms)}); all {ms}")
        cols = []
        for step in STEPS:
            at = [a for a in (first(r['trace'], step) for r in mine) if a is not None]
            cols.append(f"{step}={statistics.median(at):.0f}" if at else f"{step}=-")
        print('   ', ', '.join(cols))
    labels = sorted({r['label'] for r in rows})
    if len(labels) == 2:
        a, b = labels
        pairs = [(x['ms'], y['ms']) for x in rows if x['label'] == a
                 for y in rows if y['label'] == b and y['round'] == x['round']]
        ratios = [q / p for p, q in pairs]
        print(f"    {b}/{a} per round: median {statistics.median(ratios):.2f} ({', '.join(f'{r:.2f}' for r in ratios)})")
