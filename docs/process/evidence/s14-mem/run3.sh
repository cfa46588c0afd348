#!/bin/bash
# usage: run3.sh <build dir> <backend> <corpus> <tag> — GNU time + 20 ms /proc sampling of every process of the tree
B=$1; BE=$2; C=$3; TAG=$4
OUT=/tmp/s14mem/out-$TAG; rm -rf $OUT; mkdir -p $OUT
python3 /tmp/s14mem/sample.py /usr/bin/time -f "%M %e %U %S" -o /tmp/s14mem/time-$TAG.txt node $B/bin/codira.js index --full --path $C --output-dir $OUT --backend $BE --json 2>/tmp/s14mem/err-$TAG.txt | grep peaks > /tmp/s14mem/sampled-$TAG.txt
read gm ge gu gs < /tmp/s14mem/time-$TAG.txt
echo "$TAG gnu=$((gm/1024)) wall=$ge $(cat /tmp/s14mem/sampled-$TAG.txt)"
