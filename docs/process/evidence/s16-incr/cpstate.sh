# cpstate.sh BUILD TREE... : copy the golden indexes (both backends) for BUILD
B=/tmp/s16-incr; b=$1; shift
case $b in gold*) echo refuse; exit 1;; esac
for t in "$@"; do for be in sqlite duckdb; do
  rm -rf $B/state/$b-$be-$t; cp -r $B/state/gold-$be-$t $B/state/$b-$be-$t
done; done
