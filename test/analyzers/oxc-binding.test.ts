/**
 * The build records the oxc-parser platform file the TypeScript parser's search picks (`scripts/bundle-cli.mjs`,
 * `oxc-binding.json` beside the compiled parser), and the parser requires that file without searching (issue 12,
 * session 23: the search's `require.resolve`s were ~3 ms of CPU per analysis thread). Run on the build in `dist/`
 * (what the CLI runs), in a fresh process.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const parser = `${root}dist/analyzers/typescript/typescript-parser.js`;

/** Parse one file through the compiled parser; report the search's answer, the resolutions it made and the addon. */
const PROBE = `
import { createRequire } from 'node:module';
const Module = createRequire(import.meta.url)('node:module');
const resolve = Module._resolveFilename;
const searched = [];
Module._resolveFilename = function (request, ...rest) {
  if (/^@?oxc-parser/.test(request)) searched.push(request); // by package name, not by file
  return resolve.call(this, request, ...rest);
};
const { parseFile, searchedBinding } = await import(${JSON.stringify(parser)});
const parsed = parseFile('a.ts', 'export const a = 1;\\n', { lang: 'ts', sourceType: 'module', astType: 'js' });
const during = [...searched];
const addons = Object.keys(createRequire(import.meta.url).cache).filter((path) => path.endsWith('.node'));
process.stdout.write(JSON.stringify({ body: parsed.program.body.length, during, addons, search: searchedBinding() }));
`;

describe('the oxc-parser binding recorded by the build', () => {
  it('names the file the search picks, and a parse requires it without searching', () => {
    const record = JSON.parse(readFileSync(`${root}dist/analyzers/typescript/oxc-binding.json`, 'utf8')) as {
      file: string;
    };
    const recorded = fileURLToPath(new URL(record.file, `file://${root}dist/analyzers/typescript/`));
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { body: number; during: string[]; addons: string[]; search: string };
    expect(out.body).toBe(1);
    expect(out.search).toBe(recorded);
    expect(out.addons).toEqual([recorded]);
    expect(out.during).toEqual([]);
  });
});
