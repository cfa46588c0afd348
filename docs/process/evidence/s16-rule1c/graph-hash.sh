#!/bin/bash
# usage: hash.sh LABEL  -> prints corpus backend sha1 edges unresolved
cd /work/wt-s16-rule1c
label=$1
for c in npm-mobx-6.13.5 npm-zod-4.6.7; do
  for b in sqlite duckdb memory; do
    out=/tmp/s16r1c/$label/$c/$b; rm -rf $out; mkdir -p $out
    node bin/codira.js index --full --path .artifacts/corpora/$c --output-dir $out --backend $b >/dev/null 2>$out.err || echo "index failed $c $b"
    node bin/codira.js graph --json --path .artifacts/corpora/$c --output-dir $out --backend $b > /tmp/s16r1c/$label-$c-$b.json
    sha=$(sha1sum < /tmp/s16r1c/$label-$c-$b.json | cut -c1-40)
    stats=$(node -e 'const g=JSON.parse(require("fs").readFileSync(process.argv[1]));const a=Array.isArray(g)?g:(g.edges??g.sites??Object.values(g).find(Array.isArray));const res=a.filter(e=>(e.targetQualifiedName??e.target)!=null&&(e.targetId??0)!==null).length;console.log(a.length, Object.keys(a[0]).join(","))' /tmp/s16r1c/$label-$c-$b.json)
    echo "$c $b $sha $stats"
  done
done
