"""Run a command under GNU time and sample the RSS of every process of its tree every 20 ms from /proc."""
import subprocess, sys, time, os
# Run a command; sample the RSS of every process in its tree every 20 ms; print per-pid peaks and the tree-sum peak.
cmd = sys.argv[1:]
p = subprocess.Popen(['/usr/bin/time','-f','%M %U %S %e','-o','/tmp/gt.txt']+cmd, stdout=subprocess.DEVNULL)
peaks = {}; names={}; sumpeak = 0
def kids(pid):
    """
    List the children of a process.

    Parameters
    ----------
    pid : int
        The process.

    Returns
    -------
    list of int
        Process ids of its children (every thread's).
    """
    out=[]
    try:
        for t in os.listdir(f'/proc/{pid}/task'):
            with open(f'/proc/{pid}/task/{t}/children') as f:
                out += [int(x) for x in f.read().split()]
    except Exception: pass
    return out
while p.poll() is None:
    stack=[p.pid]; seen=[]
    while stack:
        q=stack.pop(); seen.append(q); stack+=kids(q)
    s=0
    for q in seen:
        try:
            with open(f'/proc/{q}/status') as f:
                for line in f:
                    if line.startswith('VmRSS'):
                        kb=int(line.split()[1]); s+=kb; peaks[q]=max(peaks.get(q,0),kb)
            if q not in names:
                names[q]=open(f'/proc/{q}/cmdline').read().replace('\0',' ')[:90]
        except Exception: pass
    sumpeak=max(sumpeak,s)
    time.sleep(0.02)
print('gnu time %M U S e:', open('/tmp/gt.txt').read().strip())
for q,kb in sorted(peaks.items(), key=lambda x:-x[1])[:6]: print(q, kb//1024, 'MiB', names.get(q,''))
print('tree sum peak', sumpeak//1024, 'MiB')
