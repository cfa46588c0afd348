"""profsum2.py BASE_DIR MAIN_DIR [N]: mean self time per function over the .cpuprofile files of two directories."""
import json, sys, glob, collections
def load(d):
    """Mean self time (ms) per function name and file over the profiles in a directory.

    Parameters
    ----------
    d : str
        Directory of .cpuprofile files.

    Returns
    -------
    dict
        Mean self milliseconds by "function file".
    """
    agg = collections.Counter(); n=0
    for f in glob.glob(d + '/*.cpuprofile'):
        p = json.load(open(f)); n+=1
        dt = collections.Counter()
        for s, t in zip(p['samples'], p['timeDeltas']): dt[s] += t
        for nd in p['nodes']:
            cf = nd['callFrame']; url = cf['url'].split('/')[-1]
            agg[(cf['functionName'] or '(anon)') + ' ' + url] += dt[nd['id']] / 1000
    return {k: v / n for k, v in agg.items()}
a = load(sys.argv[1]); b = load(sys.argv[2])
ga = lambda k: a.get(k, 0); gb = lambda k: b.get(k, 0)
print('total', round(sum(a.values())), round(sum(b.values())))
keys = set(a) | set(b)
for k in sorted(keys, key=lambda k: -(gb(k) - ga(k)))[:int(sys.argv[3]) if len(sys.argv)>3 else 40]:
    print('%8.1f %8.1f %+8.1f  %s' % (ga(k), gb(k), gb(k) - ga(k), k))
