#!/usr/bin/env python3
"""Interleaved CPU benchmark (s16-duckinc): per round, append a comment line to each corpus's edit file, then floor +
every variant in alternating order; CPU (user+sys, children included) from wait4.
usage: cpu.py ROUNDS OUT.tsv VARIANT... where VARIANT = name=build:backend:corpus"""
import os, sys, time, statistics
rounds = int(sys.argv[1]); out = sys.argv[2]
variants = [v.split('=') for v in sys.argv[3:]]
base = '/tmp/s16-duckinc'
EDIT = {'nx': 'nx/usr/lib/python3/dist-packages/networkx/classes/graph.py',
        'sympy': 'sympy/usr/lib/python3/dist-packages/sympy/core/basic.py',
        'rxjs': 'rxjs/package/src/internal/Observable.ts'}
def run(argv, env=None):
    """
    Run one command and measure it.

    Parameters
    ----------
    argv : list of str
        Command line.
    env : dict, optional
        Environment.

    Returns
    -------
    tuple
        CPU (user + sys) and wall seconds.
    """
    t0 = time.time()
    pid = os.fork()
    if pid == 0:
        fd = os.open('/dev/null', os.O_WRONLY); os.dup2(fd, 1)
        os.execvpe(argv[0], argv, env or os.environ)
    _, status, ru = os.wait4(pid, 0)
    if status != 0: print('FAILED', argv, status, file=sys.stderr)
    return ru.ru_utime + ru.ru_stime, time.time() - t0
corpora = {v[1].split(':')[2] for v in variants}
res = {'floor': ([], [])} | {n: ([], []) for n, _ in variants}
with open(out, 'a') as f:
    for r in range(rounds):
        for c in corpora:
            with open(f'{base}/{EDIT[c]}', 'a') as e: e.write(('// ' if c == 'rxjs' else '# ') + f's16 bench edit {os.getpid()}_{r}\n')
        order = variants if r % 2 == 0 else variants[::-1]
        c, w = run(['node', '-e', '0']); res['floor'][0].append(c); res['floor'][1].append(w); f.write(f'{r}\tfloor\t{c:.4f}\t{w:.4f}\n')
        for name, spec in order:
            build, backend, corpus = spec.split(':')
            env = dict(os.environ)
            if os.environ.get('PHASES'): env['CODIRA_PHASES'] = f'{out}.{name}.phases.jsonl'
            c, w = run(['node', f'{base}/{build}/bin/codira.js', 'index', '--path', f'{base}/{corpus}', '--output-dir',
                        f'{base}/state/{build}-{backend}-{corpus}', '--backend', backend], env)
            res[name][0].append(c); res[name][1].append(w); f.write(f'{r}\t{name}\t{c:.4f}\t{w:.4f}\n'); f.flush()
fl = statistics.median(res['floor'][0]); flw = statistics.median(res['floor'][1])
for n, (v, w) in res.items():
    m = statistics.median(v); mw = statistics.median(w)
    print(f'{n:18s} CPU {m*1000:7.1f} ms x{m/fl:5.2f} | wall {mw*1000:7.1f} ms x{mw/flw:5.2f} (n={len(v)}, CPU min {min(v)*1000:.0f} max {max(v)*1000:.0f})')
