/* global process, console */
// Session 15 (lead): a bare tree-cursor walk against a tree-sitter query over every networkx file, CPU per pass.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
const require = createRequire('/work/main/package.json');
const Parser = require('tree-sitter');
const Python = require('tree-sitter-python');
const root = process.argv[2];
const files = [];
(function rec(d) {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    const s = statSync(p);
    if (s.isDirectory()) rec(p);
    else if (p.endsWith('.py')) files.push(p);
  }
})(root);
const parser = new Parser();
parser.setLanguage(Python);
const trees = files.map((f) => {
  const src = readFileSync(f, 'utf8');
  return [parser.parse(src), src];
});
const q = new Parser.Query(
  Python,
  `
(call function: [(identifier) (attribute)] @callee)
(function_definition) @def
(class_definition) @class
(import_statement) @imp
(import_from_statement) @imp
(assignment) @assign
(argument_list (identifier) @arg)
(keyword_argument value: (identifier) @kwval)
(return_statement (identifier) @ret)
`,
);
function walkAll() {
  let n = 0;
  for (const [t] of trees) {
    const c = t.walk();
    let d = 0;
    for (;;) {
      n += c.nodeTypeId;
      if (c.gotoFirstChild()) {
        d++;
        continue;
      }
      for (;;) {
        if (c.gotoNextSibling()) break;
        if (!c.gotoParent()) {
          d = -1;
          break;
        }
        d--;
      }
      if (d < 0) break;
    }
  }
  return n;
}
function queryAll() {
  let n = 0;
  for (const [t] of trees) {
    const caps = q.captures(t.rootNode);
    n += caps.length;
  }
  return n;
}
function queryPos() {
  let n = 0;
  for (const [t] of trees) {
    const caps = q.captures(t.rootNode);
    for (const c of caps) n += c.node.startIndex;
  }
  return n;
}
for (const [name, fn] of [
  ['walk', walkAll],
  ['query', queryAll],
  ['query+startIndex', queryPos],
  ['walk', walkAll],
  ['query', queryAll],
]) {
  const t0 = process.cpuUsage();
  const r = fn();
  const t = process.cpuUsage(t0);
  console.log(name, ((t.user + t.system) / 1000).toFixed(0), 'ms', r);
}
