#!/usr/bin/env python3
"""Run one full index with the per-event trace (memdbg.mjs) and a 20 ms RSS sampler of the main process."""
import os, subprocess, sys, time, json
build, backend, corpus, tag = sys.argv[1:5]
extra_env = dict(kv.split('=', 1) for kv in sys.argv[5:])
out = f'/tmp/s16dm/out/{tag}'
subprocess.run(['rm', '-rf', out]); os.makedirs(out)
env = dict(os.environ, **extra_env)
env['MEMDBG'] = f'/tmp/s16dm/log/dbg-{tag}.txt'
env['CODIRA_WAIT_FOR_ANALYSIS'] = '1'
env['NODE_OPTIONS'] = '--import /tmp/s16dm/memdbg.mjs'
if os.path.exists(env['MEMDBG']): os.remove(env['MEMDBG'])
cmd = ['node', f'{build}/bin/codira.js', 'index', '--full', '--path', corpus, '--output-dir', out, '--backend', backend, '--json']
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
samples = []
while p.poll() is None:
    try:
        s = open(f'/proc/{p.pid}/status').read()
        rss = int(s.split('VmRSS:')[1].split()[0]) // 1024
        samples.append((int(time.time() * 1000), rss))
    except Exception:
        pass
    time.sleep(0.02)
with open(f'/tmp/s16dm/log/samp-{tag}.tsv', 'w') as f:
    for t, r in samples: f.write(f'{t}\t{r}\n')
tmax, rmax = max(samples, key=lambda x: x[1])
print(json.dumps(dict(tag=tag, peak=rmax, peak_t=tmax)))
# trace lines around the peak
lines = open(env['MEMDBG']).read().splitlines()
before = [l for l in lines if int(l.split()[0]) <= tmax][-3:]
after = [l for l in lines if int(l.split()[0]) > tmax][:2]
print('\n'.join(before + ['---- peak here ----'] + after))
