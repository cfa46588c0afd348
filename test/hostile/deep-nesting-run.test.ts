/**
 * Deep nesting through a real index run, on every backend: files nested 20,000 to 50,000 levels (far beyond what a
 * recursive walk survives) are indexed by the isolated analysis process, whose thread has a 64 MiB stack for the
 * native parsers. Past the native parser's own limit (oxc-parser: 20,000–30,000 nested blocks on that stack, measured
 * in docs/process/issue-11-execution.md) the file fails alone with `parser crashed` and the rest is committed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_SET } from '../../src/analyzers/registry.js';
import { runIndex } from '../../src/core/indexer.js';
import { TEST_BACKENDS, loadBackend } from '../support/backends.js';

const DEEP = 50_000;
const nest = (open: string, inner: string, close: string, depth: number): string =>
  `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
const blocks = (depth: number): string =>
  `export function blocks(x) {\n${'if (x) {\n'.repeat(depth)}h();\n${'}\n'.repeat(depth)}}\n`;

const FILES: Readonly<Record<string, string>> = {
  'arrays.ts': `export const arrays = ${nest('[', '1', ']', DEEP)};\nexport function afterArrays() {}\n`,
  'calls.ts': `export const calls = ${nest('f(', '1', ')', DEEP)};\n`,
  'blocks.js': blocks(20_000),
  'native-limit.js': blocks(100_000),
  'deep.py': `def f(v):\n    return v\n\nx = ${nest('f(', '1', ')', DEEP)}\ny = ${nest('[', '1', ']', DEEP)}\n`,
  'deep.json': `{"deep": ${nest('[', '1', ']', DEEP)}, "after": ${nest('{"a": ', '1', '}', DEEP)}}\n`,
  'plain.py': 'def plain():\n    return 1\n',
};

describe('deep nesting in an index run', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'codira-deep-'));
    for (const [path, text] of Object.entries(FILES)) writeFileSync(join(root, path), text);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  for (const backend of TEST_BACKENDS) {
    it(`${backend}: 20,000–50,000 levels are indexed; past the native parser's limit one file fails alone`, async () => {
      const factory = await loadBackend(backend);
      const location = { repoRoot: root, stateDir: join(root, `out-${backend}`, '.codira') };
      const report = await runIndex({ backend: factory, location, analyzers: ANALYZER_SET });
      expect(report.failed).toEqual([{ path: 'native-limit.js', reason: 'parser crashed' }]);
      expect(report.indexed).toBe(Object.keys(FILES).length - 1);
      const reader = await factory.openReader(location);
      try {
        const symbols = (await reader.listSymbols({})).map((symbol) => symbol.qualifiedName);
        for (const name of [
          'arrays.afterArrays',
          'calls.calls',
          'blocks.blocks',
          'deep.f',
          'deep.json#/after',
          'plain.plain',
        ]) {
          expect(symbols).toContain(name);
        }
      } finally {
        await reader.close();
      }
    });
  }
});
