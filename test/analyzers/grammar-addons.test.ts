/**
 * The build records each grammar package's native addon (`scripts/bundle-cli.mjs`, `grammar-addons.json` beside the
 * compiled grammar loader) and the loader requires that file instead of the package (issue 12 session 22): the
 * record must name the file the package's own loader picks, and a grammar loaded through it must be the package's
 * own exports object, without the package's `index.js` and its `node-types.json` being loaded. Run on the build in
 * `dist/` (what the CLI runs), in a fresh process.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Load every recorded grammar through the compiled loader in a new process; report what was loaded. */
const PROBE = `
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
const loader = await import(${JSON.stringify(`${root}dist/analyzers/tree-sitter/grammar-loader.js`)});
const require = createRequire(${JSON.stringify(`${root}package.json`)});
const names = Object.keys(JSON.parse(require('node:fs').readFileSync(${JSON.stringify(
  `${root}dist/analyzers/tree-sitter/grammar-addons.json`,
)}, 'utf8')));
const out = {};
for (const name of names) {
  const language = loader.parserFor({ package: name }).getLanguage();
  const before = Object.keys(require.cache).filter((path) => path.includes('/' + name + '/'));
  const recorded = loader.grammarAddon(name).pathname;
  // (node-gyp-build reads the package's package.json)
  const picked = require('node-gyp-build').path(dirname(require.resolve(name + '/package.json')));
  const same = language === require(name) || Object.values(require(name)).includes(language);
  out[name] = { recorded: resolve(recorded), picked: resolve(picked), before, same };
}
process.stdout.write(JSON.stringify(out));
`;

describe('grammar addons recorded by the build', () => {
  it('names every grammar dependency, each the file its package would load, loaded without the package', () => {
    const dependencies = Object.keys(
      (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { dependencies: Record<string, string> })
        .dependencies,
    ).filter((name) => /^(@tree-sitter-grammars\/)?tree-sitter-/.test(name));
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as Record<
      string,
      { recorded: string; picked: string; before: string[]; same: boolean }
    >;
    expect(Object.keys(out).sort()).toEqual(dependencies.sort());
    for (const [name, probe] of Object.entries(out)) {
      expect(probe.recorded, name).toBe(probe.picked);
      expect(probe.same, name).toBe(true);
      // only the addon itself, not the package's bindings/node/index.js nor its node-types.json
      expect(
        probe.before.map((path) => path.endsWith('.node')),
        name,
      ).toEqual([true]);
    }
  });
});
