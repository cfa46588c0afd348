#!/usr/bin/env python3
"""Interleaved runs; CPU (user+sys from wait4) and wall medians; ratio to the floor (first command)."""
import os, sys, time, json, statistics, subprocess, shlex
spec = json.load(open(sys.argv[1])); rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 9
names = list(spec.keys()); res = {n: ([], []) for n in names}
devnull = os.open(os.devnull, os.O_WRONLY)
for r in range(rounds + 1):
    order = names if r % 2 == 0 else list(reversed(names))
    for n in order:
        cmd = spec[n]
        t0 = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os.dup2(devnull, 1); os.dup2(devnull, 2)
            os.execvp('bash', ['bash', '-c', 'exec ' + cmd])
        _, status, ru = os.wait4(pid, 0)
        wall = (time.perf_counter() - t0) * 1000
        if os.waitstatus_to_exitcode(status) not in (0, 1): print('FAIL', n, status, file=sys.stderr)
        if r == 0: continue  # warm-up
        res[n][0].append((ru.ru_utime + ru.ru_stime) * 1000); res[n][1].append(wall)
floor = statistics.median(res[names[0]][0]); floorw = statistics.median(res[names[0]][1])
print(f"load {os.getloadavg()[0]:.1f}  rounds {rounds}")
print(f"{'command':40} {'cpu ms':>8} {'xfloor':>7} {'wall ms':>8} {'xfloor':>7}")
for n in names:
    c = statistics.median(res[n][0]); w = statistics.median(res[n][1])
    print(f"{n:40} {c:8.1f} {c/floor:7.2f} {w:8.1f} {w/floorw:7.2f}")
