/**
 * What the build does to the bundles before it writes their code caches (`scripts/bundle-cli.mjs`): the non-ASCII
 * characters escaped (`asciiBundle`, so V8 holds the source as a one-byte string), and the warm-ups that run the code
 * of a one-file run before the cache is written — the analysis thread's per-file work on a sample of every language
 * (`warmAnalysisThreadModules`), a full and an incremental SQLite index of them (`warmIndexModules`).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a build script without type declarations
import { asciiBundle } from '../../scripts/bundle-prelude.mjs';
import { warmAnalysisThreadModules } from '../../src/analyzers/analysis-thread-entry.js';
import { ANALYZERS } from '../../src/analyzers/registry.js';
import { warmIndexModules } from '../../src/cli/index-entry.js';
import { analyzerFor } from '../../src/core/analyzer.js';
import { WARM_SOURCES, editedWarmSource } from '../../src/core/warm-sources.js';

const escape = asciiBundle as (text: string, name: string) => string;

describe('asciiBundle', () => {
  it('escapes every character beyond ASCII so the program means the same', () => {
    const program = [
      '// a comment with × and — and 😀',
      'const text = "3 × 4 → 12 😀";',
      'const template = `${text} ≤ ∥ …`;',
      "const pattern = /[×→]+/u.exec('a×→b')[0];",
      'const emoji = /😀/u.test(text);',
      'const café = 1;',
      '({ text, template, pattern, emoji, length: text.length, café });',
    ].join('\n');
    const escaped = escape(program, 'test');
    expect([...escaped].every((c) => c === '\n' || (c >= ' ' && c <= '~'))).toBe(true);
    expect(escaped).toContain('\\u00d7');
    expect(escaped).toContain('\\ud83d\\ude00');
    expect(runInNewContext(escaped)).toEqual(runInNewContext(program));
  });

  it('leaves an ASCII bundle as it is', () => {
    const program = 'const a = `x ${1}`; // plain\n';
    expect(escape(program, 'test')).toBe(program);
  });

  it('refuses a raw template with a character beyond ASCII (its raw text would change)', () => {
    expect(() => escape('const a = String.raw`×`;', 'raw.cjs')).toThrow(/raw\.cjs has a non-ASCII character/);
    expect(() => escape('const tag = (s) => s.raw[0];\nconst b = tag`×`;', 'tag.cjs')).not.toThrow();
    expect(() => escape('const a = (s) => s.raw[0] + "×";', 'tag2.cjs')).toThrow(/non-ASCII/);
    expect(escape('const a = String.raw`\\d+`; // ×', 'ok.cjs')).toContain('\\u00d7');
  });
});

describe('build warm-ups', () => {
  const paths = Object.keys(WARM_SOURCES);

  it('has a sample of every registered analyzer', () => {
    const owners = new Set(paths.map((path) => analyzerFor(ANALYZERS, path)?.name));
    expect(ANALYZERS.filter((analyzer) => !owners.has(analyzer.name)).map((analyzer) => analyzer.name)).toEqual([]);
    expect(owners.has(undefined)).toBe(false);
  });

  it('edits every sample (a new text that still parses)', () => {
    for (const path of paths) expect(editedWarmSource(path), path).not.toBe(WARM_SOURCES[path]);
    expect(() => JSON.parse(editedWarmSource('config/settings.json'))).not.toThrow();
    expect(() => editedWarmSource('nowhere.py')).toThrow(/not a warm-up sample/);
  });

  it("runs the analysis thread's per-file work on every sample file", async () => {
    const outcomes = await warmAnalysisThreadModules();
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(paths.map(() => 'ok'));
    outcomes.forEach((outcome, index) => {
      if (outcome.kind !== 'ok') return;
      expect(outcome.analyzed.file.path).toBe(paths[index]);
      expect(outcome.analyzed.file.hash).toMatch(/^[0-9a-f]{40}$/);
      expect(outcome.analyzed.analysis.symbols.length, paths[index]).toBeGreaterThan(1);
      expect(outcome.analyzed.embeddings.length).toBeGreaterThan(0);
    });
  });

  it('indexes the sample files in full, then incrementally after an edit of each', async () => {
    const reports = (await warmIndexModules()).map(
      (text) => JSON.parse(text) as { mode: string; backend: string; indexed: number; failed: unknown[] },
    );
    expect(reports.map(({ mode, backend, indexed, failed }) => [mode, backend, indexed, failed.length])).toEqual([
      ['full', 'sqlite', paths.length, 0],
      ['incremental', 'sqlite', paths.length, 0],
    ]);
  }, 60_000);
});

describe('the analysis thread bundle', () => {
  it("analyzes every sample without loading an ES module (oxc-parser's native parser and keys come without one)", () => {
    const bundle = join(import.meta.dirname, '..', '..', 'dist', 'analyzers', 'analysis-thread-bundle.cjs');
    const script = `require(${JSON.stringify(bundle)}).warmAnalysisThreadModules().then((outcomes) => {
      const esm = process.moduleLoadList.filter((name) => /esm\\/(translators|module_job)/.test(name));
      process.stdout.write(JSON.stringify({ ok: outcomes.filter((o) => o.kind === 'ok').length, esm }));
    });`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ok: Object.keys(WARM_SOURCES).length, esm: [] });
  }, 60_000);
});
