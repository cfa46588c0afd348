#!/usr/bin/env python3
"""rss.py ROUNDS BACKEND SRC name=tree ... : full index (default workers) per side, alternating; the largest process's
peak RSS (MiB, ru_maxrss of the waited tree) and CPU (user+sys) per run; medians."""
import os, sys, tempfile, shutil, statistics, json
rounds = int(sys.argv[1]); backend = sys.argv[2]; src = sys.argv[3]
sides = [a.split('=', 1) for a in sys.argv[4:]]
rss = {n: [] for n, _ in sides}; cpu = {n: [] for n, _ in sides}
for r in range(rounds):
    for name, tree in (sides if r % 2 == 0 else sides[::-1]):
        out = tempfile.mkdtemp(prefix='s17i10r-', dir='/tmp')
        pid = os.fork()
        if pid == 0:
            fd = os.open('/dev/null', os.O_WRONLY); os.dup2(fd, 1); os.dup2(fd, 2)
            os.execvp('node', ['node', tree + '/bin/codira.js', 'index', '--path', src, '--output-dir', out, '--backend', backend])
        _, status, ru = os.wait4(pid, 0)
        if status != 0: print('FAIL', name, status, file=sys.stderr)
        rss[name].append(round(ru.ru_maxrss / 1024, 1)); cpu[name].append(round(ru.ru_utime + ru.ru_stime, 2))
        shutil.rmtree(out, ignore_errors=True)
print(json.dumps({'backend': backend, 'src': src, 'rss_mib': rss, 'cpu_s': cpu,
  'median_rss': {n: statistics.median(v) for n, v in rss.items()}}))
