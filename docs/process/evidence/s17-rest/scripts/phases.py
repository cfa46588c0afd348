#!/usr/bin/env python3
"""phases.py ROUNDS BACKEND SRC side=cputree ... : CODIRA_PHASES per side (cpu clock trees), alternating; medians per phase."""
import os, sys, subprocess, tempfile, shutil, statistics, json
rounds = int(sys.argv[1]); backend = sys.argv[2]; src = sys.argv[3]
sides = [a.split('=', 1) for a in sys.argv[4:]]
per = {n: [] for n, _ in sides}
for r in range(rounds):
    order = sides[r % len(sides):] + sides[:r % len(sides)]
    for name, tree in order:
        out = tempfile.mkdtemp(prefix='s17i10p-', dir='/tmp'); pf = out + '.phases'
        env = dict(os.environ, CODIRA_PHASES=pf)
        subprocess.run(['nice', '-n', '5', 'node', tree + '/bin/codira.js', 'index', '--path', src, '--output-dir', out,
                        '--backend', backend, '--workers', '0'], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        line = [json.loads(l) for l in open(pf) if l.strip()][-1]
        d = {}
        for k, v in line['phases']: d[k] = d.get(k, 0) + v
        d['total'] = line['totalMs']
        d['persist(all)'] = sum(v for k, v in d.items() if k.startswith('persist'))
        per[name].append(d)
        shutil.rmtree(out, ignore_errors=True); os.unlink(pf)
keys = []
for n in per:
    for d in per[n]:
        for k in d:
            if k not in keys: keys.append(k)
print('phase\t' + '\t'.join(per))
for k in keys:
    print(k + '\t' + '\t'.join('%.1f' % statistics.median([d.get(k, 0) for d in per[n]]) for n in per))
