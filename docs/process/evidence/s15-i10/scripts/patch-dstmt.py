"""Patch a built duckdb-derived.js so resolvePairs runs its statements one by one and prints the CPU ms of each."""
import sys
p=sys.argv[1]; s=open(p).read()
old="""    await db.run([
        ...steps.map(([name, sql]) => `CREATE OR REPLACE TEMP TABLE resolution_${name} AS ${sql}`),"""
assert old in s
s=s.replace(old, """    const __st = [
        ...steps.map(([name, sql]) => `CREATE OR REPLACE TEMP TABLE resolution_${name} AS ${sql}`),""")
old2="""        ...around.after,
    ].join(';\\n'));
}"""
assert s.count(old2)==1
s=s.replace(old2,"""        ...around.after,
    ];
    for (const q of __st) { const t = process.cpuUsage(); await db.run(q); const u = process.cpuUsage(t); process.stderr.write('STMT ' + ((u.user+u.system)/1000).toFixed(1) + ' ' + q.slice(0, 60).replace(/\\s+/g, ' ') + '\\n'); }
}""")
open(p,'w').write(s)
