/* global process, console */
// Session 18 (s18-pywalk): the Python analysis of files the way an analysis thread runs it (parse, walk, calls,
// references, audit, embeddings), with parse CPU and analysis CPU separated, and a digest of every answer.
// Usage: node harness.mjs DIST PATH [repeats] [root]   (PATH: a corpus folder or one .py file; root: what paths are
// relative to, for module names; default PATH itself, or a file's folder)
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, target, repeatArg, rootArg] = process.argv.slice(2);
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { parsePython } = await load('analyzers/python/python-parser.js');
const { walkPython } = await load('analyzers/python/python-walker.js');
const { callSites, callableReferences } = await load('analyzers/python/python-calls.js');
const { auditPython } = await load('analyzers/python/python-audit.js');
const { pythonModuleName } = await load('analyzers/python/python-module.js');
const { embedSymbols } = await load('core/embeddings.js');

/**
 * Every `.py` file under a folder, sorted.
 *
 * @param {string} root - Folder.
 * @returns {string[]} Absolute paths.
 */
function pythonFiles(root) {
  const out = [];
  const visit = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) visit(path);
      else if (name.endsWith('.py')) out.push(path);
    }
  };
  visit(root);
  return out;
}

/**
 * CPU (user + system) of the process so far, in ms.
 *
 * @returns {number} Milliseconds.
 */
function cpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

const single = statSync(target).isFile();
const root = rootArg ?? (single ? join(target, '..') : target);
const files = (single ? [target] : pythonFiles(target)).map((path) => ({
  path: relative(root, path),
  source: readFileSync(path, 'utf8'),
}));
const repeats = Number(repeatArg ?? 1);
const digest = createHash('sha1');
let parse = 0;
let analysis = 0;
let failed = 0;
const stages = { walk: 0, calls: 0, references: 0, audit: 0, embed: 0 };
for (let round = 0; round < repeats; round++) {
  for (const { path, source } of files) {
    const t0 = cpuMs();
    let tree;
    try {
      tree = parsePython(source);
    } catch {
      failed++;
      continue;
    }
    const t1 = cpuMs();
    const h0 = performance.now();
    const module = pythonModuleName(path);
    const walk = walkPython(tree, source, path, module);
    const h1 = performance.now();
    const calls = callSites(walk);
    const h2 = performance.now();
    const references = callableReferences(walk);
    const h3 = performance.now();
    const findings = auditPython(walk);
    const h4 = performance.now();
    const embeddings = embedSymbols(walk.symbols);
    const h5 = performance.now();
    const t2 = cpuMs();
    parse += t1 - t0;
    analysis += t2 - t1;
    stages.walk += h1 - h0;
    stages.calls += h2 - h1;
    stages.references += h3 - h2;
    stages.audit += h4 - h3;
    stages.embed += h5 - h4;
    if (round === 0) {
      digest.update(JSON.stringify({ path, module, symbols: walk.symbols, calls, references, findings }));
      digest.update(Buffer.from(embeddings.buffer, embeddings.byteOffset, embeddings.byteLength));
    }
  }
}
const round2 = (x) => Math.round(x * 10) / 10;
console.log(
  JSON.stringify({
    files: files.length,
    failed: failed / repeats,
    repeats,
    parseCpuMs: round2(parse / repeats),
    analysisCpuMs: round2(analysis / repeats),
    ratio: Math.round((analysis / parse) * 1000) / 1000,
    stagesWallMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, round2(v / repeats)])),
    digest: digest.digest('hex'),
  }),
);
