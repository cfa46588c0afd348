#!/usr/bin/env python3
"""cpu.py ROUNDS BACKEND SRC side=tree ... : full index --workers 0 per side, sides alternating (rotated) per round,
user+sys CPU of the process from wait4; prints per-side samples and medians; 'floor' = node -e 0 in the same loop."""
import os, sys, subprocess, tempfile, shutil, statistics, json
rounds = int(sys.argv[1]); backend = sys.argv[2]; src = sys.argv[3]
sides = [a.split('=', 1) for a in sys.argv[4:]]
sides.append(['floor', None])
samples = {n: [] for n, _ in sides}
for r in range(rounds):
    order = sides[r % len(sides):] + sides[:r % len(sides)]
    for name, tree in order:
        if tree is None:
            argv = ['nice', '-n', '5', 'node', '-e', '0']
            out = None
        else:
            out = tempfile.mkdtemp(prefix='s16o-', dir='/tmp')
            argv = ['nice', '-n', '5', 'node', tree + '/bin/codira.js', 'index', '--path', src, '--output-dir', out,
                    '--backend', backend, '--workers', '0']
        pid = os.fork()
        if pid == 0:
            fd = os.open('/dev/null', os.O_WRONLY); os.dup2(fd, 1); os.dup2(fd, 2)
            os.execvp(argv[0], argv)
        _, status, ru = os.wait4(pid, 0)
        if status != 0: print('FAIL', name, status, file=sys.stderr)
        samples[name].append(ru.ru_utime + ru.ru_stime)
        if out: shutil.rmtree(out, ignore_errors=True)
med = {n: statistics.median(v) for n, v in samples.items()}
print(json.dumps({'backend': backend, 'src': src, 'samples': samples, 'median': med}))
