#!/usr/bin/env python3
"""Interleaved benchmark (session 16): per round, the campaign's edit (a comment line appended to the corpus's
index-partial file), then `node -e 0`, then every variant in alternating order; CPU (user+sys, wait4, children and
threads included) and wall per run.
usage: cpu.py ROUNDS OUT.tsv VARIANT...   VARIANT = name=build:backend:tree[:mode]   tree in x1 x4 nx
mode: edit (default: append a line first) or noop (no edit: a warm no-op)."""
import os, sys, time, statistics
rounds = int(sys.argv[1]); out = sys.argv[2]
variants = [v.split('=') for v in sys.argv[3:]]
base = '/tmp/s16-incr'
TREES = {'x1': f'{base}/x1/usr/lib/python3/dist-packages', 'x4': f'{base}/x4',
         'nx': f'{base}/nx/usr/lib/python3/dist-packages'}
EDIT = {'x1': f'{TREES["x1"]}/sympy/integrals/rubi/utility_function.py',
        'x4': f'{base}/x4/alpha/sympy/integrals/rubi/utility_function.py',
        'nx': f'{TREES["nx"]}/networkx/classes/graph.py'}
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
NICE = os.environ.get('AGNICE')  # autogroup nice for this session while measuring (see the ledger)
if NICE:
    open('/proc/self/autogroup', 'w').write(NICE)
res = {'floor': ([], [])} | {n: ([], []) for n, _ in variants}
with open(out, 'a') as f:
    for r in range(rounds):
        for tree in {spec.split(':')[2] for _, spec in variants if not spec.endswith(':noop')}:
            with open(EDIT[tree], 'a') as e: e.write(f'# codira-bench edit {os.getpid()}_{r}\n')
        order = variants if r % 2 == 0 else variants[::-1]
        c, w = run(['node', '-e', '0']); res['floor'][0].append(c); res['floor'][1].append(w)
        f.write(f'{r}\tfloor\t{c:.4f}\t{w:.4f}\n')
        for name, spec in order:
            build, backend, tree = spec.split(':')[:3]
            env = dict(os.environ)
            if os.environ.get('PHASES'): env['CODIRA_PHASES'] = f'{out}.{name}.phases.jsonl'
            c, w = run(['node', f'{base}/{build}/bin/codira.js', 'index', '--path', TREES[tree], '--output-dir',
                        f'{base}/state/{build}-{backend}-{tree}', '--backend', backend], env)
            res[name][0].append(c); res[name][1].append(w); f.write(f'{r}\t{name}\t{c:.4f}\t{w:.4f}\n'); f.flush()
if NICE:
    open('/proc/self/autogroup', 'w').write('0')
fc = statistics.median(res['floor'][0]); fw = statistics.median(res['floor'][1])
for n, (cs, ws) in res.items():
    mc = statistics.median(cs); mw = statistics.median(ws)
    print(f'{n:16s} CPU {mc*1000:7.1f} ms x{mc/fc:5.2f} | wall {mw*1000:7.1f} ms x{mw/fw:5.2f} (mean {statistics.mean(ws)*1000:7.1f}) n={len(cs)}')
