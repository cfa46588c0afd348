#!/usr/bin/env python3
"""Interleaved one-file incremental benchmark (s17-sqlderive, after s16-incr's cpu.py): per round an edit of each tree
(x1: the campaign's edit, a comment line appended to sympy/integrals/rubi/utility_function.py; x1f: a new function
appended to the same file, as the watch probe does; nx: a comment line appended to networkx/classes/graph.py), then
`node -e 0`, then every variant in alternating order. CPU = user+sys from wait4 (children and threads included;
CODIRA_WAIT_FOR_ANALYSIS=1 so the analysis process is counted), wall beside it. Round 0 is a warm-up (not counted).
usage: cpu.py ROUNDS OUT.tsv VARIANT...   VARIANT = name=build:tree"""
import os, sys, time, statistics
rounds = int(sys.argv[1]); out = sys.argv[2]
variants = [v.split('=') for v in sys.argv[3:]]
B = '/tmp/s17-sqlderive'
TREES = {'x1': f'{B}/trees/x1/usr/lib/python3/dist-packages', 'x1f': f'{B}/trees/x1f/usr/lib/python3/dist-packages',
         'nx': f'{B}/trees/nx/usr/lib/python3/dist-packages'}
EDIT = {'x1': 'sympy/integrals/rubi/utility_function.py', 'x1f': 'sympy/integrals/rubi/utility_function.py',
        'nx': 'networkx/classes/graph.py'}
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
    t0 = time.time(); pid = os.fork()
    if pid == 0:
        fd = os.open('/dev/null', os.O_WRONLY); os.dup2(fd, 1); os.execvpe(argv[0], argv, env or os.environ)
    _, status, ru = os.wait4(pid, 0)
    if status != 0: print('FAILED', argv, status, file=sys.stderr)
    return ru.ru_utime + ru.ru_stime, time.time() - t0
res = {'floor': ([], [])} | {n: ([], []) for n, _ in variants}
env = dict(os.environ, CODIRA_WAIT_FOR_ANALYSIS='1')
with open(out, 'a') as f:
    for r in range(rounds + 1):
        for tree in {spec.split(':')[1] for _, spec in variants}:
            with open(f'{TREES[tree]}/{EDIT[tree]}', 'a') as e:
                tag = f'{os.getpid()}_{r}'
                e.write(f'\n\ndef codira_bench_{tag}():\n    return 1\n' if tree == 'x1f' else f'# codira-bench edit {tag}\n')
        order = variants if r % 2 == 0 else variants[::-1]
        c, w = run(['node', '-e', '0'])
        if r: res['floor'][0].append(c); res['floor'][1].append(w)
        f.write(f'{r}\tfloor\t{c:.4f}\t{w:.4f}\t{os.getloadavg()[0]:.1f}\n')
        for name, spec in order:
            build, tree = spec.split(':')
            c, w = run(['node', f'{B}/{build}/bin/codira.js', 'index', '--path', TREES[tree], '--output-dir',
                        f'{B}/state/{build}-{tree}', '--backend', 'sqlite'], env)
            if r: res[name][0].append(c); res[name][1].append(w)
            f.write(f'{r}\t{name}\t{c:.4f}\t{w:.4f}\n'); f.flush()
fc = statistics.median(res['floor'][0]); fw = statistics.median(res['floor'][1])
for n, (cs, ws) in res.items():
    mc = statistics.median(cs); mw = statistics.median(ws)
    print(f'{n:16s} CPU {mc*1000:7.1f} ms x{mc/fc:5.2f} | wall {mw*1000:7.1f} ms x{mw/fw:5.2f} (mean {statistics.mean(ws)*1000:7.1f}) n={len(cs)}')
