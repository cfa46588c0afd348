#!/bin/bash
# mktree.sh SRC DEST [cpu] : copy a built tree (bin, dist, package.json; node_modules symlinked)
set -e
SRC=$1; DEST=$2
rm -rf $DEST; mkdir -p $DEST
cp -r $SRC/bin $SRC/dist $SRC/package.json $DEST/
ln -s $SRC/node_modules $DEST/node_modules
if [ "$3" = cpu ]; then
  sed -i 's|return process.uptime() \* 1000;|{ const u = process.cpuUsage(); return (u.user + u.system) / 1000; }|' $DEST/dist/core/phases.js
  grep -q cpuUsage $DEST/dist/core/phases.js || { echo "patch failed"; exit 1; }
fi
