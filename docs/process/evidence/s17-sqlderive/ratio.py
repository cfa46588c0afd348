"""Per-round branch / base ratios (CPU and wall medians) of cpu.py's tsv output. Usage: python3 ratio.py a.tsv ..."""
import sys, statistics, collections
for path in sys.argv[1:]:
    rows = collections.defaultdict(dict)
    for line in open(path):
        p = line.split('\t'); r = int(p[0])
        if r == 0: continue
        rows[r][p[1]] = (float(p[2]), float(p[3]))
    print(path)
    for t in ['x1', 'x1f', 'nx']:
        if f'base-{t}' not in rows[1]: continue
        c = [rows[r][f'branch-{t}'][0] / rows[r][f'base-{t}'][0] for r in rows]
        w = [rows[r][f'branch-{t}'][1] / rows[r][f'base-{t}'][1] for r in rows]
        print(f'  {t:4s} branch/base per round: CPU {statistics.median(c):.2f}  wall {statistics.median(w):.2f}')
