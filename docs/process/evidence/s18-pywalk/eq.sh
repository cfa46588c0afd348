#!/bin/bash
# eq.sh OUT REPO... : per corpus x backend x codira checkout, a full index into /tmp, then sha1 of `graph --json`,
# `sym --json NAME` and `calls NAME` for two names per corpus. The lines of the checkouts must agree.
OUT=$1; shift; : > "$OUT"
C=/work/shared-corpora
declare -A NAMES=([deb-python3-networkx-2.8.8-1]="Graph shortest_path" [deb-python3-requests-2.28.1_dfsg-1]="Session request" [deb-python3-sympy-1.11.1-1]="Basic simplify")
for c in deb-python3-requests-2.28.1_dfsg-1 deb-python3-networkx-2.8.8-1 deb-python3-sympy-1.11.1-1; do
  for b in sqlite duckdb memory; do for repo in "$@"; do
    o=$(mktemp -d /tmp/s18pw-eq-XXXX)
    cli="node $repo/bin/codira.js"
    $cli index --full --path $C/$c/usr/lib/python3/dist-packages --output-dir $o --backend $b >/dev/null 2>&1
    h=$($cli graph --json --path $C/$c/usr/lib/python3/dist-packages --output-dir $o --backend $b 2>/dev/null | sha1sum | cut -c1-12)
    for n in ${NAMES[$c]}; do
      h="$h $($cli sym --json $n --path $C/$c/usr/lib/python3/dist-packages --output-dir $o --backend $b 2>/dev/null | sha1sum | cut -c1-12)"
      h="$h $($cli calls $n --path $C/$c/usr/lib/python3/dist-packages --output-dir $o --backend $b 2>/dev/null | sha1sum | cut -c1-12)"
    done
    echo "$c $b $(basename $repo) $h" >> "$OUT"; rm -rf $o
  done; done
done
