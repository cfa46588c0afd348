#!/usr/bin/env python3
"""Run one codira command as a child of a subreaper; reap every process of the tree (orphaned analysis processes
included) with wait4 and report the largest maxrss, the main process's, and the CPU of the whole tree."""
import ctypes, json, os, subprocess, sys, time
libc = ctypes.CDLL(None, use_errno=True)
assert libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
build, backend, corpus, tag = sys.argv[1:5]
extra = sys.argv[5:]
out = f'/tmp/s16dm/out/{tag}'
subprocess.run(['rm', '-rf', out]); os.makedirs(out)
env = dict(os.environ)
env['MEMLOG'] = f'/tmp/s16dm/log/peaks-{tag}.txt'
env['CODIRA_PHASES'] = f'/tmp/s16dm/log/ph-{tag}.jsonl'
env['NODE_OPTIONS'] = '--import /tmp/s16dm/memlog.mjs'; env['CODIRA_WAIT_FOR_ANALYSIS'] = '1'
for f in (env['MEMLOG'], env['CODIRA_PHASES']):
    if os.path.exists(f): os.remove(f)
cmd = ['node', f'{build}/bin/codira.js', 'index', '--full', '--path', corpus, '--output-dir', out, '--backend', backend, '--json', *extra]
t0 = time.time()
with open(f'/tmp/s16dm/log/out-{tag}.txt', 'w') as so, open(f'/tmp/s16dm/log/err-{tag}.txt', 'w') as se:
    p = subprocess.Popen(cmd, stdout=so, stderr=se, stdin=subprocess.DEVNULL, env=env)
    _, status, ru = os.wait4(p.pid, 0)
wall = time.time() - t0
main_max = ru.ru_maxrss // 1024
cpu = ru.ru_utime + ru.ru_stime
orphans = []
while True:
    try:
        pid, st, r = os.wait4(-1, 0)
    except ChildProcessError:
        break
    orphans.append(r.ru_maxrss // 1024); cpu += r.ru_utime + r.ru_stime
own = {}
try:
    for line in open(env['MEMLOG']):
        parts = line.split()
        if parts[0] == 'start': continue
        own[int(parts[0])] = (int(parts[2][4:]), ' '.join(parts[4:]), float(parts[3][4:]))
except FileNotFoundError:
    pass
main_own = own.get(p.pid, (None,))[0]
main_cpu = own.get(p.pid, (None, None, None))[2]
ana = [v[0] for k, v in own.items() if k != p.pid]
res = dict(tag=tag, rc=os.waitstatus_to_exitcode(status), wall=round(wall, 2), cpu=round(cpu, 2),
           tree_max=max([main_max, *orphans]), gnu_time_like=main_max, main_own=main_own, main_cpu=main_cpu,
           analysis_max=max(ana) if ana else None, started=sum(1 for l in open(env['MEMLOG']) if l.startswith('start')), ended=len(own), orphans=orphans)
try:
    ph = json.loads(open(env['CODIRA_PHASES']).read().splitlines()[0])
    # main process line is the one with command 'index' and the longest total
    lines = [json.loads(l) for l in open(env['CODIRA_PHASES'])]
    m = max((l for l in lines if l['command'] == 'index'), key=lambda l: l['totalMs'])
    res['phases'] = {k: round(v) for k, v in m['phases'] if v >= 50}
except Exception as e:
    res['phases'] = str(e)
print(json.dumps(res), flush=True)
