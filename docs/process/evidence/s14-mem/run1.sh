#!/bin/bash
# usage: run1.sh <build dir> <backend> <corpus> <tag>
B=$1; BE=$2; C=$3; TAG=$4
OUT=/tmp/s14mem/out-$TAG; rm -rf $OUT; mkdir -p $OUT
export MEMLOG=/tmp/s14mem/memlog-$TAG.txt MEMLOG_PHASES=$B/dist/core/phases.js NODE_OPTIONS="--import /tmp/s14mem/memlog.mjs"
[ "$NOMEMLOG" = 1 ] && unset NODE_OPTIONS
start=$(date +%s.%N)
/usr/bin/time -f "%M %e %U %S" -o /tmp/s14mem/time-$TAG.txt node $B/bin/codira.js index --full --path $C --output-dir $OUT --backend $BE --json > /tmp/s14mem/json-$TAG.txt 2>/tmp/s14mem/err-$TAG.txt
echo "$TAG rc=$? $(cat /tmp/s14mem/time-$TAG.txt)"
