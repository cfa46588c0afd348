"""Timeline of marks (instrument.py builds), medians per build, builds alternating (ROUNDS BACKEND TREE BUILD...)."""
import os, sys, time, subprocess, collections, statistics
# usage: tl2.py ROUNDS backend tree build...   (alternating builds; medians of marks, ms since fork)
rounds=int(sys.argv[1]); be, tree = sys.argv[2:4]; builds=sys.argv[4:]
base='/tmp/s16-incr'
TREES = {'x1': f'{base}/x1/usr/lib/python3/dist-packages', 'x4': f'{base}/x4', 'nx': f'{base}/nx/usr/lib/python3/dist-packages'}
EDIT = {'x1': f'{TREES["x1"]}/sympy/integrals/rubi/utility_function.py', 'x4': f'{base}/x4/alpha/sympy/integrals/rubi/utility_function.py', 'nx': f'{TREES["nx"]}/networkx/classes/graph.py'}
acc={b:collections.defaultdict(list) for b in builds}
for r in range(rounds):
    with open(EDIT[tree],'a') as e: e.write(f'# tl {os.getpid()} {r}\n')
    for build in (builds if r%2==0 else builds[::-1]):
        tf=f'/tmp/s16-incr/tl-{os.getpid()}.txt'
        open(tf,'w').close()
        env=dict(os.environ, TL=tf); t0=time.time()*1000
        p=subprocess.run(['node',f'{base}/{build}/bin/codira.js','index','--path',TREES[tree],'--output-dir',f'{base}/state/{build}-{be}-{tree}','--backend',be],env=env,capture_output=True,text=True)
        time.sleep(0.05)
        for line in open(tf).read().splitlines():
            if line.startswith('TL '): _,n,t=line.split(); acc[build][n].append(float(t)-t0)
            if line.startswith('CPU '): _,n,t=line.split(); acc[build]['cpu-'+n].append(float(t))
marks=sorted([m for m in acc[builds[0]] if not m.startswith('cpu-')], key=lambda n: statistics.median(acc[builds[0]][n]))+[m for m in acc[builds[0]] if m.startswith('cpu-')]
for n in marks+[m for m in acc[builds[-1]] if m not in marks]:
    print(f'{n:20s}'+''.join(f' {statistics.median(acc[b][n]) if acc[b][n] else float("nan"):8.1f}' for b in builds))
