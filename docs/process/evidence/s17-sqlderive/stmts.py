#!/usr/bin/env python3
"""stmts.py BUILD STATE TREE KIND ROUNDS OUT: per round an edit (KIND comment|func) then `index` with SQLD_TIMES;
prints per statement the median wall/cpu (summed per run)."""
import os, sys, json, subprocess, statistics, collections, time
build, state, tree, kind, rounds, out = sys.argv[1:7]
B = '/tmp/s17-sqlderive'
TREES = {'x1': f'{B}/trees/x1/usr/lib/python3/dist-packages', 'nx': f'{B}/trees/nx/usr/lib/python3/dist-packages'}
EDIT = {'x1': 'sympy/integrals/rubi/utility_function.py', 'nx': 'networkx/classes/graph.py'}
runs = []
for r in range(int(rounds)):
    with open(f'{TREES[tree]}/{EDIT[tree]}', 'a') as e:
        n = f'{os.getpid()}_{r}_{int(time.time()*1000)%100000}'
        e.write(f'# codira-bench edit {n}\n' if kind == 'comment' else f'\n\ndef codira_probe_{n}():\n    return 1\n')
    if os.path.exists(out + '.tmp'): os.remove(out + '.tmp')
    env = dict(os.environ, SQLD_TIMES=out + '.tmp', CODIRA_WAIT_FOR_ANALYSIS='1')
    subprocess.run(['node', f'{B}/{build}/bin/codira.js', 'index', '--path', TREES[tree], '--output-dir', f'{B}/state/{state}', '--backend', 'sqlite'], env=env, check=True, stdout=subprocess.DEVNULL)
    agg = collections.OrderedDict()
    for line in open(out + '.tmp'):
        rec = json.loads(line)
        if 's' not in rec: continue
        a = agg.setdefault(rec['s'], [0, 0, 0]); a[0] += rec['wall']; a[1] += rec['cpu']; a[2] += 1
    runs.append(agg)
    with open(out, 'a') as f: f.write(json.dumps({'round': r, 'kind': kind, 'build': build, 'stmts': agg}) + '\n')
keys = list(runs[-1].keys())
for k in keys:
    ws = [r[k][0] for r in runs if k in r]; cs = [r[k][1] for r in runs if k in r]
    if statistics.median(ws) < 0.5 and not k.startswith('TOTAL'): continue
    print(f'{statistics.median(ws):8.1f} {statistics.median(cs):8.1f} x{runs[-1][k][2]:<5d} {k[:150]}')
