#!/usr/bin/env python3
"""s17-duckderive: one-file incremental, main vs branch alternating, floor in the same loop. Per round: append a new
function to each corpus's edit file (as the watch probe does), then floor + every variant (order alternating).
CPU = user+sys of the process and its children (wait4). Round 0 is a warm-up (not counted): it moves each state's
file out of the base (first overlay), as a watching server's first edit does.
usage: bench.py ROUNDS OUT.tsv"""
import os, sys, time, statistics, random
rounds = int(sys.argv[1]); out = sys.argv[2]
B = '/tmp/s17-dd'
EDIT = {'sy': 'sympy/usr/lib/python3/dist-packages/sympy/integrals/rubi/utility_function.py',
        'nx': 'nx/usr/lib/python3/dist-packages/networkx/classes/graph.py'}
CORPUS = {'sy': 'sympy', 'nx': 'nx'}
variants = [(f'{b}-{c}', b, c, 'duckdb') for c in ('sy', 'nx') for b in ('main', 'br')]
if os.environ.get('SQLITE'): variants += [(f'sq-{c}', 'main', c, 'sqlite') for c in ('sy', 'nx')]
def run(argv, err=None):
    """
    Run one command and measure it.

    Parameters
    ----------
    argv : list of str
        Command line.
    err : str, optional
        File for its stderr; when given, the run is traced (CODIRA_TRACE=1).

    Returns
    -------
    tuple
        CPU (user + sys, reaped children included) and wall seconds.
    """
    t0 = time.time(); pid = os.fork()
    if pid == 0:
        fd = os.open('/dev/null', os.O_WRONLY); os.dup2(fd, 1)
        if err:
            os.environ['CODIRA_TRACE'] = '1'; e = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC); os.dup2(e, 2)
        os.execvp(argv[0], argv)
    _, status, ru = os.wait4(pid, 0)
    if status != 0: print('FAILED', argv, status, file=sys.stderr)
    return ru.ru_utime + ru.ru_stime, time.time() - t0
res = {n: ([], []) for n in ['floor'] + [v[0] for v in variants]}
der = {v[0]: ([], []) for v in variants}
def derived(err):
    """
    Wall and CPU ms of the derived step in a trace.

    Parameters
    ----------
    err : str
        The run's stderr with TRACE lines.

    Returns
    -------
    tuple
        Wall ms and process CPU ms from the last `phase derived` to the next event.
    """
    lines = [l.split() for l in open(err) if l.startswith('TRACE ')]
    i = max(i for i, l in enumerate(lines) if l[3:] == ['phase', 'derived'])
    l, n = lines[i], lines[i + 1]
    return int(n[1]) - int(l[1]), int(n[2]) - int(l[2])
with open(out, 'a') as f:
    for r in range(rounds + 1):
        for c, p in EDIT.items():
            with open(f'{B}/{p}', 'a') as e: e.write(f'\n\ndef s17bench_{os.getpid()}_{r}():\n    return {r}\n')
        order = variants if r % 2 == 0 else variants[::-1]
        c, w = run(['node', '-e', '0'])
        if r: res['floor'][0].append(c); res['floor'][1].append(w)
        f.write(f'{r}\tfloor\t{c:.4f}\t{w:.4f}\t{os.getloadavg()[0]:.1f}\n')
        for name, b, corpus, backend in order:
            c, w = run(['node', f'{B}/{b}/bin/codira.js', 'index', '--path', f'{B}/{CORPUS[corpus]}', '--output-dir',
                        f'{B}/state/{b}-{corpus}' if backend == 'duckdb' else f'{B}/state/main-sq{corpus}', '--backend', backend], f'{B}/err.txt')
            d = derived(f'{B}/err.txt')
            if r: res[name][0].append(c); res[name][1].append(w); der[name][0].append(d[0]); der[name][1].append(d[1])
            f.write(f'{r}\t{name}\t{c:.4f}\t{w:.4f}\t{os.getloadavg()[0]:.1f}\t{d[0]}\t{d[1]}\n'); f.flush()
fl = statistics.median(res['floor'][0]); flw = statistics.median(res['floor'][1])
for n, (v, w) in res.items():
    m = statistics.median(v); mw = statistics.median(w)
    print(f'{n:8s} CPU {m*1000:7.1f} ms x{m/fl:5.2f} | wall {mw*1000:7.1f} ms x{mw/flw:5.2f} (n={len(v)}, CPU min {min(v)*1000:.0f} max {max(v)*1000:.0f})')
for n, (w, c) in der.items():
    print(f'{n:8s} derived wall {statistics.median(w):6.0f} ms CPU {statistics.median(c):6.0f} ms (wall {min(w)}-{max(w)}, CPU {min(c)}-{max(c)})')
