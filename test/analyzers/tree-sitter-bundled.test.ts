/**
 * The analysis thread bundle holds the `tree-sitter` package's `index.js` (`scripts/bundle-cli.mjs`,
 * `treeSitterModule`): a tree-sitter parse through the bundle compiles neither that file nor `node-gyp-build` (the
 * binding is the addon the build found, still loaded from node_modules), gives the same outcomes as the ES module
 * build, and keeps one copy of the package per thread — whichever of the bundle and `require('tree-sitter')` comes
 * first (issue 12, session 24). Run on the build in `dist/` (what the CLI runs), in fresh processes.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Run the thread's warm-up (every language's sample analyzed) from the bundle or the ES module entry in a new
 * process; report a hash of the outcomes, the package files compiled, and whether `require('tree-sitter')` before
 * and after is the thread's copy.
 */
const PROBE = `
const Module = require('node:module');
const compiled = [];
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  compiled.push(filename);
  return compile.call(this, content, filename);
};
const [mode, root] = process.argv.slice(1);
const here = Module.createRequire(root + 'package.json');
const first = mode === 'package-first' ? here('tree-sitter') : undefined;
(async () => {
  const outcomes = mode === 'esm'
    ? await (await import(root + 'dist/analyzers/analysis-thread-entry.js')).warmAnalysisThreadModules()
    : await require(root + 'dist/analyzers/analysis-thread-bundle.cjs').warmAnalysisThreadModules();
  const after = here('tree-sitter');
  const seen = [...compiled]; // (the grammar package below loads node-gyp-build)
  const parser = new after();
  parser.setLanguage(here('tree-sitter-python'));
  process.stdout.write(JSON.stringify({
    outcomes: require('node:crypto').createHash('sha1').update(JSON.stringify(outcomes)).digest('hex'),
    count: outcomes.length,
    same: first === undefined || first === after,
    root: parser.parse('x = 1\\n').rootNode.type,
    compiled: seen
      .filter((file) => /node_modules\\/(tree-sitter|node-gyp-build)\\//.test(file))
      .map((file) => file.slice(file.indexOf('node_modules/'))),
  }));
})();
`;

interface Probe {
  outcomes: string;
  count: number;
  same: boolean;
  root: string;
  compiled: string[];
}

/**
 * Run the probe in a new process.
 *
 * @param mode - `esm` (the ES module build), `bundle`, or `package-first` (the package required before the bundle).
 * @returns What the probe reported.
 */
function probe(mode: 'esm' | 'bundle' | 'package-first'): Probe {
  const run = spawnSync(process.execPath, ['-e', PROBE, mode, root], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Probe;
}

describe("tree-sitter's index.js in the analysis thread bundle", () => {
  it('is not compiled from the package, nor node-gyp-build, and the outcomes are those of the ES module build', () => {
    const esm = probe('esm');
    expect(esm.compiled).toContain('node_modules/tree-sitter/index.js'); // the probe sees a package's compile
    const bundled = probe('bundle');
    expect(bundled.compiled).toEqual([]);
    expect(bundled.count).toBeGreaterThan(5);
    expect(bundled.outcomes).toBe(esm.outcomes);
    expect(bundled.root).toBe('module'); // a later require('tree-sitter') is the bundle's copy, and it works
  });

  it('takes the package already required in the thread: one copy, same outcomes', () => {
    const esm = probe('esm');
    const first = probe('package-first');
    expect(first.same).toBe(true);
    expect(first.compiled.filter((file) => file === 'node_modules/tree-sitter/index.js')).toHaveLength(1);
    expect(first.outcomes).toBe(esm.outcomes);
    expect(first.root).toBe('module');
  });
});
