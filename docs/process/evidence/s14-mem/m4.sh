#!/bin/bash
cd /tmp/s14mem
nice -n 5 ./run2.sh /work/wt-s14-mem/.base duckdb /tmp/s14mem/s4 m4-duckdb-base
nice -n 5 ./run2.sh /work/wt-s14-mem/.builds/v2 duckdb /tmp/s14mem/s4 m4-duckdb-v2
KNOB_CKPT=1 nice -n 5 ./run2.sh /work/wt-s14-mem/.builds/k3 duckdb /tmp/s14mem/s4 m4-duckdb-k3ckpt
nice -n 5 ./run2.sh /work/wt-s14-mem/.base sqlite /tmp/s14mem/s4 m4-sqlite-base
nice -n 5 ./run2.sh /work/wt-s14-mem/.builds/v2 sqlite /tmp/s14mem/s4 m4-sqlite-v2
