/* global process, console, Buffer */
// Session 18 (s18-pywalk): the Python analysis of files the way an analysis thread runs it (parse, walk, calls,
// references, audit, embeddings), with parse CPU and analysis CPU separated (alternating parse-only and parse +
// analysis passes over the same files), and a digest of every answer.
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
 * @param root - Folder.
 * @returns Absolute paths.
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
 * @returns Milliseconds.
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

/**
 * Parse every file, optionally analyse it the way an analysis thread does, and return the CPU the pass took.
 *
 * @param analyse - Whether to run the analysis after each parse.
 * @param digest - Receives every answer when given.
 * @returns CPU ms of the pass.
 */
function pass(analyse, digest) {
  const start = cpuMs();
  for (const { path, source } of files) {
    let tree;
    try {
      tree = parsePython(source);
    } catch {
      continue;
    }
    if (!analyse) continue;
    const module = pythonModuleName(path);
    const walk = walkPython(tree, source, path, module);
    const calls = callSites(walk);
    const references = callableReferences(walk);
    const findings = auditPython(walk);
    const embeddings = embedSymbols(walk.symbols);
    if (digest !== null) {
      digest.update(JSON.stringify({ path, module, symbols: walk.symbols, calls, references, findings }));
      digest.update(Buffer.from(embeddings.buffer, embeddings.byteOffset, embeddings.byteLength));
    }
  }
  return cpuMs() - start;
}

/**
 * Median of numbers.
 *
 * @param values - Values.
 * @returns The median.
 */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Parse-only and parse + analysis passes alternate; analysis CPU is the difference of the two medians.
const digest = createHash('sha1');
const parseOnly = [];
const full = [];
for (let round = 0; round < repeats; round++) {
  parseOnly.push(pass(false, null));
  full.push(pass(true, round === 0 ? digest : null));
}
const round1 = (x) => Math.round(x * 10) / 10;
const parse = median(parseOnly);
const analysis = median(full) - parse;
console.log(
  JSON.stringify({
    files: files.length,
    repeats,
    parseCpuMs: round1(parse),
    analysisCpuMs: round1(analysis),
    ratio: Math.round((analysis / parse) * 1000) / 1000,
    parseOnly: parseOnly.map(round1),
    full: full.map(round1),
    digest: digest.digest('hex'),
  }),
);
