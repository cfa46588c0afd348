#!/usr/bin/env python3
"""Interleaved CPU benchmark: per round, edit, then floor + every variant in alternating order; CPU from wait4.
usage: cpu.py ROUNDS OUT.tsv EDIT_KIND VARIANT... where VARIANT = name=build:backend:size
EDIT_KIND: probe (replace the probe function in radsimp.py) or append (campaign edit: comment line to utility_function.py)"""
import os, sys, subprocess, time, statistics, json
rounds = int(sys.argv[1]); out = sys.argv[2]; kind = sys.argv[3]
variants = [v.split('=') for v in sys.argv[4:]]
base = '/tmp/s15-incr'
UF = 'usr/lib/python3/dist-packages/sympy/integrals/rubi/utility_function.py'
def run(argv, env=None):
    """Run a command with stdout to /dev/null.

    Parameters
    ----------
    argv : list of str
        The command.
    env : dict, optional
        Its environment.

    Returns
    -------
    tuple of float
        CPU seconds (user + system from wait4, children included) and wall seconds.
    """
    t0 = time.time()
    pid = os.fork()
    if pid == 0:
        fd = os.open('/dev/null', os.O_WRONLY); os.dup2(fd, 1)
        os.execvpe(argv[0], argv, env or os.environ)
    _, status, ru = os.wait4(pid, 0)
    if status != 0: print('FAILED', argv, status, file=sys.stderr)
    return ru.ru_utime + ru.ru_stime, time.time() - t0
def edit(r, sizes):
    """Apply one round's edit to the trees of the sizes measured.

    Parameters
    ----------
    r : int
        The round, written into the edit so every round differs.
    sizes : set of str
        ``x1`` and/or ``x4``.
    """
    roots = []
    if 'x1' in sizes: roots.append(f'{base}/x1')
    if 'x4' in sizes: roots.append(f'{base}/x4/alpha')
    if kind == 'probe':
        subprocess.run(['python3', f'{base}/edit.py', f'{os.getpid()}_{r}'] + roots, check=True)
    else:
        for root in roots:
            with open(f'{root}/{UF}', 'a') as f: f.write(f'# codira-bench edit {os.getpid()}_{r}\n')
sizes = {v[1].split(':')[2] for v in variants}
res = {'floor': []} | {n: [] for n, _ in variants}
with open(out, 'a') as f:
    for r in range(rounds):
        edit(r, sizes)
        order = variants if r % 2 == 0 else variants[::-1]
        c, w = run(['node', '-e', '0']); res['floor'].append(c); f.write(f'{r}\tfloor\t{c:.4f}\t{w:.4f}\n')
        for name, spec in order:
            build, backend, size = spec.split(':')
            tree = f'{base}/{size}'
            env = dict(os.environ)
            if os.environ.get('PHASES'): env['CODIRA_PHASES'] = f'{out}.{name}.phases.jsonl'
            c, w = run(['node', f'{base}/{build}/bin/codira.js', 'index', '--path', tree, '--output-dir',
                        f'{base}/state/{build}-{backend}-{size}', '--backend', backend], env)
            res[name].append(c); f.write(f'{r}\t{name}\t{c:.4f}\t{w:.4f}\n'); f.flush()
fl = statistics.median(res['floor'])
for n, v in res.items():
    m = statistics.median(v)
    print(f'{n:20s} median CPU {m*1000:7.1f} ms  x floor {m/fl:5.2f}  (n={len(v)}, min {min(v)*1000:.0f}, max {max(v)*1000:.0f})')
