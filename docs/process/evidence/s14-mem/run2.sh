#!/bin/bash
# usage: run2.sh <build dir> <backend> <corpus> <tag>  — exact per-process peaks (VmHWM at exit) + GNU time
B=$1; BE=$2; C=$3; TAG=$4
OUT=/tmp/s14mem/out-$TAG; rm -rf $OUT; mkdir -p $OUT
export MEMLOG=/tmp/s14mem/peaks-$TAG.txt MEMLOG_RESET=0 NODE_OPTIONS="--import /tmp/s14mem/memlog.mjs"
rm -f $MEMLOG
/usr/bin/time -f "%M %e %U %S" -o /tmp/s14mem/time-$TAG.txt node $B/bin/codira.js index --full --path $C --output-dir $OUT --backend $BE --json > /tmp/s14mem/json-$TAG.txt 2>/tmp/s14mem/err-$TAG.txt
rc=$?
sleep 1
main=$(grep "codira.js index" $MEMLOG | sed 's/.*peak=\([0-9]*\).*/\1/')
ana=$(grep -v "codira.js index" $MEMLOG | sed 's/.*peak=\([0-9]*\).*/\1/' | sort -n | tail -1)
read gm ge gu gs < /tmp/s14mem/time-$TAG.txt
echo "$TAG rc=$rc main=$main analysis=$ana gnu=$((gm/1024)) wall=$ge user=$gu"
