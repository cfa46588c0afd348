/* global process, console */
// Session 18 (s18-pywalk): the Python walk (walkPython of each checkout) against a bare tree-cursor walk that reads
// every node's type id, over the same parsed trees in one process, CPU per pass, 7 passes each (medians).
// Usage: node walk-vs-bare.mjs CORPUS DIST...
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, ...dists] = process.argv.slice(2);

/**
 * Every `.py` file under a folder, sorted.
 *
 * @param folder - Folder.
 * @returns Absolute paths.
 */
function pythonFiles(folder) {
  const out = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) out.push(...pythonFiles(path));
    else if (path.endsWith('.py')) out.push(path);
  }
  return out;
}

/**
 * CPU (user + system) of the process so far, in ms.
 *
 * @returns Milliseconds.
 */
function cpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Visit every node of a tree with one cursor, reading its type id.
 *
 * @param tree - A syntax tree.
 */
function bareWalk(tree) {
  const cursor = tree.walk();
  for (;;) {
    void cursor.nodeTypeId;
    if (cursor.gotoFirstChild()) continue;
    for (;;) {
      if (cursor.gotoNextSibling()) break;
      if (!cursor.gotoParent()) return;
    }
  }
}

/**
 * Median of numbers.
 *
 * @param values - Values.
 * @returns The median.
 */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

const variants = [];
for (const dist of dists) {
  const load = async (path) => import(`${pathToFileURL(join(dist, path)).href}?${dist}`);
  variants.push({
    dist,
    parse: (await load('analyzers/python/python-parser.js')).parsePython,
    walk: (await load('analyzers/python/python-walker.js')).walkPython,
    moduleName: (await load('analyzers/python/python-module.js')).pythonModuleName,
  });
}
const items = [];
for (const path of pythonFiles(root)) {
  const source = readFileSync(path, 'utf8');
  try {
    items.push({ source, rel: relative(root, path), tree: variants[0].parse(source) });
  } catch {
    // a file with a syntax error is not analysed
  }
}
const times = variants.map(() => []);
const bare = [];
for (let round = 0; round < 7; round++) {
  variants.forEach(({ walk, moduleName }, v) => {
    const start = cpuMs();
    for (const { tree, source, rel } of items) walk(tree, source, rel, moduleName(rel));
    times[v].push(cpuMs() - start);
  });
  const start = cpuMs();
  for (const { tree } of items) bareWalk(tree);
  bare.push(cpuMs() - start);
}
console.log(`${items.length} files; bare cursor walk median ${median(bare).toFixed(1)} ms`);
variants.forEach(({ dist }, v) => {
  console.log(
    `${dist} walkPython median ${median(times[v]).toFixed(1)} ms (${times[v].map((t) => t.toFixed(0)).join(' ')})`,
  );
});
