"""Per-statement medians of trace2.mjs output (s17-duckderive): CPU ms per statement text, one column per file."""
import json,statistics,sys
def load(f):
    """
    Read a trace file.

    Parameters
    ----------
    f : str
        Path of a JSON-lines file, one run per line.

    Returns
    -------
    list
        The non-empty runs.
    """
    return [r for r in (json.loads(l) for l in open(f)) if r]
out={}
for f in sys.argv[1:]:
    runs=load(f); print(f,[len(r) for r in runs])
    d={}
    for r in runs:
        seen={}
        for s in r:
            k=s['sql'][:70]; seen[k]=seen.get(k,0)+1; k=k+'#'+str(seen[k])
            d.setdefault(k,[]).append(s['cpu'])
    out[f]=d
keys=[]
for d in out.values():
    for k in d:
        if k not in keys: keys.append(k)
tot=[0]*len(out)
for k in keys:
    vals=[statistics.median(d[k]) if k in d else 0 for d in out.values()]
    tot=[a+b for a,b in zip(tot,vals)]
    if max(vals)>3: print(' '.join(f'{v:6.1f}' for v in vals), k[:100])
print('total',tot)
