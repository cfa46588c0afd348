"""callers.py DIR NAME : mean self ms of functions named NAME by their 4-frame caller chain over profiles in DIR."""
import json, sys, glob, collections
agg = collections.Counter(); n = 0
for f in glob.glob(sys.argv[1] + '/*.cpuprofile'):
    p = json.load(open(f)); n += 1
    dt = collections.Counter()
    for s, t in zip(p['samples'], p['timeDeltas']): dt[s] += t
    parent = {}
    byid = {nd['id']: nd for nd in p['nodes']}
    for nd in p['nodes']:
        for c in nd.get('children', []): parent[c] = nd['id']
    for nd in p['nodes']:
        if nd['callFrame']['functionName'] == sys.argv[2]:
            chain = []; i = nd['id']
            for _ in range(int(sys.argv[3]) if len(sys.argv) > 3 else 5):
                i = parent.get(i)
                if i is None: break
                cf = byid[i]['callFrame']; chain.append(cf['functionName'] + '@' + cf['url'].split('/')[-1])
            agg[' < '.join(chain)] += dt[nd['id']] / 1000
for k, v in agg.most_common(12): print('%7.1f  %s' % (v / n, k))
