#!/bin/bash
# eq.sh OUT tree... : codira graph --json sha1 per corpus x backend x tree (full index --workers 0 into /tmp)
OUT=$1; shift; : > $OUT
for c in npm-mobx-6.13.5 npm-rxjs-7.8.2 npm-zod-4.6.7 npm-_reduxjs_toolkit-2.14.0; do
  src=/work/main/.artifacts/corpora/$c/package/src; [ -d $src ] || src=/work/main/.artifacts/corpora/$c/package
  for b in sqlite duckdb memory; do for t in "$@"; do
    o=$(mktemp -d /tmp/s17i10eq-XXXX)
    node /tmp/s17-rest/$t/bin/codira.js index --path $src --output-dir $o --backend $b --workers 0 >/dev/null 2>&1; h=$(node /tmp/s17-rest/$t/bin/codira.js graph --json --path $src --output-dir $o --backend $b 2>/dev/null | sha1sum | cut -c1-40)
    echo "$c $b $t $h" >> $OUT; rm -rf $o
  done; done
done
