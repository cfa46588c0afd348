# mkbuild.sh NAME: copy the worktree's build to /tmp/s16-incr/NAME and an instrumented copy to NAME-tl
set -e
B=/tmp/s16-incr; W=/work/wt-s16-incr
rm -rf $B/$1 $B/$1-tl; mkdir -p $B/$1; cp -r $W/bin $W/dist $W/package.json $B/$1/; ln -s $W/node_modules $B/$1/node_modules
cp -r $B/$1 $B/$1-tl; python3 $B/instrument.py $B/$1-tl
