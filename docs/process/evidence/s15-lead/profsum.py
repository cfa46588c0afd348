"""Self time of a .cpuprofile by file and by function, largest first."""
import json,sys,collections
# Self time by function and by file (top N) from a .cpuprofile
p=json.load(open(sys.argv[1])); n=int(sys.argv[2]) if len(sys.argv)>2 else 30
nodes={x['id']:x for x in p['nodes']}
dt=collections.Counter()
ts=p['timeDeltas']; 
for i,s in enumerate(p['samples']): dt[s]+=ts[i] if i<len(ts) else 0
byfn=collections.Counter(); byfile=collections.Counter()
for nid,t in dt.items():
    cf=nodes[nid]['callFrame']; fn=cf['functionName'] or '(anon)'; url=cf['url'].split('/')[-2:] if cf['url'] else ['']
    byfn[(fn,'/'.join(url),cf.get('lineNumber'))]+=t; byfile['/'.join(url) if cf['url'] else fn]+=t
tot=sum(dt.values())
print('total ms',tot/1000)
for k,v in byfile.most_common(n): print(f'{v/1000:8.1f}  {k}')
print('---')
for k,v in byfn.most_common(n): print(f'{v/1000:8.1f}  {k}')
