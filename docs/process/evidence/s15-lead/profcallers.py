"""Attribute self time in the functions of one file to the nearest calling frame outside it (a .cpuprofile)."""
import json,sys,collections
# For self time in functions of files matching arg2, attribute to nearest ancestor frame NOT in that file.
p=json.load(open(sys.argv[1])); pat=sys.argv[2]
nodes={x['id']:x for x in p['nodes']}; parent={}
for x in p['nodes']:
    for c in x.get('children',[]): parent[c]=x['id']
dt=collections.Counter(); ts=p['timeDeltas']
for i,s in enumerate(p['samples']): dt[s]+=ts[i]
agg=collections.Counter()
def name(n):
    """
    Label a profile node.

    Parameters
    ----------
    n : dict
        A node of the profile.

    Returns
    -------
    str
        Function name, file and line.
    """
    cf = n['callFrame']
    return f"{cf['functionName'] or '(anon)'} {cf['url'].split('/')[-1]}:{cf['lineNumber']}"
for nid,t in dt.items():
    n=nodes[nid]
    if pat not in n['callFrame']['url']: continue
    q=nid
    while q in parent and pat in nodes[q]['callFrame']['url']: q=parent[q]
    agg[(name(n), name(nodes[q]))]+=t
for k,v in agg.most_common(25): print(f'{v/1000:7.1f}  {k[0]:40s} <- {k[1]}')
