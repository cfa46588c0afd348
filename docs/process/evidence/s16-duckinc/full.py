"""Interleaved full-index CPU (s16-duckinc): floor, DuckDB before/after and SQLite alternating; CPU from wait4."""
import os, sys, time, statistics
base='/tmp/s16-duckinc'
variants = [('floor', None), ('before-duckdb', ('before','duckdb')), ('after-duckdb', ('a4','duckdb')), ('sqlite', ('before','sqlite'))]
res = {n: ([], []) for n, _ in variants}
with open(f'{base}/full-rxjs.tsv','a') as f:
  for r in range(int(sys.argv[1])):
    order = variants if r % 2 == 0 else variants[::-1]
    for name, v in order:
        argv = ['node','-e','0'] if v is None else ['node', f'{base}/{v[0]}/bin/codira.js', 'index', '--full', '--path', f'{base}/rxjs', '--output-dir', f'{base}/state/full-{v[0]}-{v[1]}-rxjs', '--backend', v[1]]
        t0 = time.time(); pid = os.fork()
        if pid == 0:
            fd = os.open('/dev/null', os.O_WRONLY); os.dup2(fd, 1); os.execvp(argv[0], argv)
        _, st, ru = os.wait4(pid, 0); c = ru.ru_utime + ru.ru_stime; w = time.time() - t0
        res[name][0].append(c); res[name][1].append(w); f.write(f'{r}\t{name}\t{c:.4f}\t{w:.4f}\n'); f.flush()
for n, (c, w) in res.items():
    print(f'{n:15s} CPU {statistics.median(c):6.3f} s  wall {statistics.median(w):6.3f} s (n={len(c)})')
