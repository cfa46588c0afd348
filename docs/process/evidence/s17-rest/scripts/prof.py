#!/usr/bin/env python3
"""prof.py N tree outdir backend src: N cpu profiles; aggregate self time by function+url."""
import os, sys, json, subprocess, tempfile, shutil, collections, glob
n=int(sys.argv[1]); tree=sys.argv[2]; od=sys.argv[3]; be=sys.argv[4]; src=sys.argv[5]
shutil.rmtree(od, ignore_errors=True); os.makedirs(od)
for i in range(n):
    out=tempfile.mkdtemp(prefix='s17rp-',dir='/tmp')
    subprocess.run(['node','--cpu-prof','--cpu-prof-interval','100','--cpu-prof-dir',od,tree+'/bin/codira.js','index','--path',src,'--output-dir',out,'--backend',be,'--workers','0'],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL,check=True)
    shutil.rmtree(out)
agg=collections.Counter()
for f in glob.glob(od+'/*.cpuprofile'):
    p=json.load(open(f)); nodes={x['id']:x for x in p['nodes']}
    dt=collections.Counter()
    for s,d in zip(p['samples'],p['timeDeltas']): dt[s]+=d
    for id_,t in dt.items():
        cf=nodes[id_]['callFrame']; u=cf['url'].split('/dist/')[-1] if '/dist/' in cf['url'] else cf['url'].split('/')[-1]
        agg[(cf['functionName'] or '(anon)')+' '+u+':'+str(cf['lineNumber'])]+=t/1000/n
json.dump(dict(agg),open(od+'.json','w'))
