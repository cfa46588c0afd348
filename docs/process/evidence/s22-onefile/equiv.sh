#!/bin/bash
# s22-onefile: answers of base and branch, full and incremental, compared by sha1.
# usage: equiv.sh BASE_DIR BRANCH_DIR corpus:subdir:editfile ...  (scratch trees under /tmp/s22o/eq)
# Per corpus: a full index by each build of the same tree; then the same edit (a comment line appended to the file the
# one-file bench edits) and an incremental index by each build; then a full index of the edited tree by the branch.
# Printed: the sha1 of `graph --json`, `symlist --json --limit 0`, and `calls --json` / `refs --json` (incoming with
# --incoming too) of the first 5 symbols of symlist, per state. Every line of a corpus must carry the same sha1s.
set -e
base=$1; br=$2; shift 2
C=/work/wt-s22-onefile/.artifacts/corpora
answers() { # bin tree state
  local q="--path $2 --output-dir $3 --backend sqlite"
  local g=$(node $1/bin/codira.js graph --json $q | sha1sum | cut -c1-12)
  local s=$(node $1/bin/codira.js symlist --json --limit 0 $q | sha1sum | cut -c1-12)
  local names=$(node $1/bin/codira.js symlist --json --limit 5 $q | node -e "let t='';process.stdin.on('data',d=>t+=d).on('end',()=>{const j=JSON.parse(t);const rows=Array.isArray(j)?j:(j.symbols??j.rows??[]);console.log(rows.map(r=>r.qualifiedName??r.qualified_name??r.name).join(' '))})")
  local cr=$( (for n in $names; do node $1/bin/codira.js calls "$n" --json $q; node $1/bin/codira.js calls "$n" --incoming --json $q 2>/dev/null || true; node $1/bin/codira.js refs "$n" --json $q; done) | sha1sum | cut -c1-12)
  echo "graph $g symlist $s calls/refs $cr ($(echo $names | wc -w) names)"
}
for spec in "$@"; do
  IFS=: read -r c sub edit <<<"$spec"
  for b in base br; do
    bin=$([ $b = base ] && echo $base || echo $br)
    t=/tmp/s22o/eq/$c-$b
    rm -rf $t $t.state; mkdir -p /tmp/s22o/eq; cp -a $C/$sub $t
    node $bin/bin/codira.js index --full --path $t --output-dir $t.state --backend sqlite >/dev/null
    echo "$c $b full: $(answers $bin $t $t.state)"
    echo "// s22 equivalence edit" >> $t/$edit
    node $bin/bin/codira.js index --path $t --output-dir $t.state --backend sqlite >/dev/null
    echo "$c $b incremental: $(answers $bin $t $t.state)"
  done
  t=/tmp/s22o/eq/$c-br
  rm -rf $t.full.state
  node $br/bin/codira.js index --full --path $t --output-dir $t.full.state --backend sqlite >/dev/null
  echo "$c br full after edit: $(answers $br $t $t.full.state)"
done
