"""under.py DIR FUNC : mean self ms per function among nodes below a frame named FUNC (file-qualified 'name@file')."""
import json, sys, glob, collections
agg = collections.Counter(); n = 0
for f in glob.glob(sys.argv[1] + '/*.cpuprofile'):
    p = json.load(open(f)); n += 1
    dt = collections.Counter()
    for s, t in zip(p['samples'], p['timeDeltas']): dt[s] += t
    byid = {nd['id']: nd for nd in p['nodes']}
    def walk(i, inside):
        """Add the self time of node i and its descendants once a frame named FUNC is on the path.

        Parameters
        ----------
        i : int
            Node id.
        inside : bool
            Whether an ancestor is FUNC.
        """
        nd = byid[i]; cf = nd['callFrame']; key = cf['functionName'] + '@' + cf['url'].split('/')[-1]
        inside = inside or key == sys.argv[2]
        if inside: agg[key] += dt[i] / 1000
        for c in nd.get('children', []): walk(c, inside)
    sys.setrecursionlimit(100000)
    walk(p['nodes'][0]['id'], False)
tot = sum(agg.values()) / n
print('total %.1f' % tot)
for k, v in agg.most_common(int(sys.argv[3]) if len(sys.argv) > 3 else 15): print('%7.2f  %s' % (v / n, k))
