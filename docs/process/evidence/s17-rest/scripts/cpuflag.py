#!/usr/bin/env python3
"""cpuflag.py ROUNDS BACKEND SRC name=tree[@nodeflags] ... : like cpu.py, a side may carry node flags (comma-separated)."""
import os, sys, tempfile, shutil, statistics, json
rounds = int(sys.argv[1]); backend = sys.argv[2]; src = sys.argv[3]
sides = [a.split('=', 1) for a in sys.argv[4:]] + [['floor', None]]
samples = {n: [] for n, _ in sides}
for r in range(rounds):
    order = sides[r % len(sides):] + sides[:r % len(sides)]
    for name, spec in order:
        out = None
        if spec is None: argv = ['nice', '-n', '5', 'node', '-e', '0']
        else:
            tree, _, flags = spec.partition('@')
            out = tempfile.mkdtemp(prefix='s17i10f-', dir='/tmp')
            argv = ['nice', '-n', '5', 'node'] + [f for f in flags.split(',') if f] + [tree + '/bin/codira.js', 'index', '--path', src, '--output-dir', out, '--backend', backend] + ([] if os.environ.get('DEFWORKERS') else ['--workers', '0'])
        pid = os.fork()
        if pid == 0:
            fd = os.open('/dev/null', os.O_WRONLY); os.dup2(fd, 1); os.dup2(fd, 2); os.execvp(argv[0], argv)
        _, status, ru = os.wait4(pid, 0)
        if status != 0: print('FAIL', name, status, file=sys.stderr)
        samples[name].append(ru.ru_utime + ru.ru_stime)
        if out: shutil.rmtree(out, ignore_errors=True)
med = {n: round(statistics.median(v), 3) for n, v in samples.items()}
print(json.dumps({'backend': backend, 'src': src, 'median': med, 'samples': samples}))
