#!/bin/bash
# stepf.sh ROUNDS OUTDIR side=tree[@flags] ... : cpuflag.py over mobx, rxjs, zod x duckdb, sqlite (--workers 0)
R=$1; OUT=$2; shift 2; mkdir -p $OUT
for c in npm-mobx-6.13.5 npm-rxjs-7.8.2 npm-zod-4.6.7; do for b in duckdb sqlite; do
  python3 /tmp/s17-i10/scripts/cpuflag.py $R $b /work/main/.artifacts/corpora/$c/package/src "$@" >> $OUT/cpu.jsonl
done; done
