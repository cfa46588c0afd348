#!/usr/bin/env python3
"""Run a command; sample RSS of every process in its tree every 20 ms; print per-pid peak and a coarse timeline."""
import subprocess, sys, time, os
def kids(pid):
    """Child pids of every thread of a process.

    Parameters
    ----------
    pid : int
        The process.

    Returns
    -------
    list of int
        Its children.
    """
    out=[]
    try:
        for t in os.listdir(f'/proc/{pid}/task'):
            with open(f'/proc/{pid}/task/{t}/children') as f: out+= [int(x) for x in f.read().split()]
    except Exception: pass
    return out
def rss(pid):
    """Resident set of a process, in MiB (None once it is gone).

    Parameters
    ----------
    pid : int
        Process id read from /proc.

    Returns
    -------
    int or None
        VmRSS // 1024.
    """
    try:
        with open(f'/proc/{pid}/status') as f:
            for l in f:
                if l.startswith('VmRSS'): return int(l.split()[1])//1024
    except Exception: return None
p=subprocess.Popen(sys.argv[1:]); t0=time.time(); peaks={}; timeline=[]
while p.poll() is None:
    tree=[p.pid]; i=0
    while i<len(tree): tree+=kids(tree[i]); i+=1
    row=[]
    for q in tree:
        r=rss(q)
        if r is None: continue
        peaks[q]=max(peaks.get(q,0),r); row.append(r)
    timeline.append((time.time()-t0,row)); time.sleep(0.02)
print('peaks', peaks, 'sum-peak', max((sum(r) for _,r in timeline), default=0))
step=max(1,len(timeline)//40)
for t,r in timeline[::step]: print(f'{t:6.2f}', r)
