/**
 * The CommonJS floor scripts of the `duckdb-open` and `parse-edited` rows, run as the harness runs them: a fresh
 * `node dist/bench/floor/<script>.cjs` process (built by `npm run build`, which `npm test` runs first). They must
 * succeed on a real index or file and say clearly why when there is none.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ANALYZERS } from '../../src/analyzers/registry.js';
import { PROJECT_ROOT } from '../../src/bench/corpus.js';
import { EDITED_PARSERS, editedParserSpec } from '../../src/bench/floor/edited-parser.js';
import { FLOOR_PARSERS } from '../../src/bench/floor/floor-parsers.js';

const script = (name: string): string => join(PROJECT_ROOT, 'dist', 'bench', 'floor', name);

function runScript(name: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const done = spawnSync(process.execPath, [script(name), ...args], { encoding: 'utf8' });
  return { status: done.status, stdout: done.stdout, stderr: done.stderr };
}

describe('duckdb-open floor script', () => {
  it('opens a DuckDB index read-only and reads its meta row', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'codira-duckdb-open-'));
    const instance = await DuckDBInstance.create(join(stateDir, 'index.duckdb'));
    const connection = await instance.connect();
    await connection.run(
      "CREATE TABLE meta (contract_version INTEGER, layout VARCHAR, meta_json VARCHAR, generation BIGINT); INSERT INTO meta VALUES (6, 'x', '{}', 1)",
    );
    connection.closeSync();
    instance.closeSync();
    const done = runScript('duckdb-open.cjs', [stateDir]);
    expect(done).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(done.stdout)).toEqual({ rows: 1 });
  });

  it('fails with the reason on a missing or foreign index', () => {
    const empty = mkdtempSync(join(tmpdir(), 'codira-duckdb-open-'));
    expect(runScript('duckdb-open.cjs', [empty])).toMatchObject({
      status: 1,
      stdout: '',
      stderr: `duckdb-open: no index at ${join(empty, 'index.duckdb')}\n`,
    });
    writeFileSync(join(empty, 'index.duckdb'), 'not a database\n');
    const foreign = runScript('duckdb-open.cjs', [empty]);
    expect(foreign.status).toBe(1);
    expect(foreign.stderr).toMatch(/^duckdb-open: .*not a valid DuckDB database file/);
    expect(runScript('duckdb-open.cjs', [])).toMatchObject({ status: 2, stderr: expect.stringContaining('usage') });
  });
});

describe('parse-edited floor script', () => {
  const root = mkdtempSync(join(tmpdir(), 'codira-parse-edited-'));
  mkdirSync(join(root, 'pkg'));
  writeFileSync(join(root, 'pkg', 'a.py'), 'def run():\n    return 1\n');
  writeFileSync(join(root, 'pkg', 'broken.py'), 'def (:\n');
  writeFileSync(join(root, 'pkg', 'b.tsx'), 'export const x = (y: number): JSX.Element => <b>{y}</b>;\n');
  const parse = (analyzer: string, file: string): ReturnType<typeof runScript> =>
    runScript('parse-edited.cjs', [JSON.stringify(editedParserSpec(analyzer, file)), join(root, file)]);

  it('names the parser of every registered analyzer, the one its floor parse step uses', () => {
    const names = ANALYZERS.map((a) => a.name).sort();
    expect(Object.keys(EDITED_PARSERS).sort()).toEqual(names);
    expect(Object.keys(FLOOR_PARSERS).sort()).toEqual(names);
    expect(editedParserSpec('python', 'a.py')).toMatchObject({ parser: 'tree-sitter', package: 'tree-sitter-python' });
    expect(editedParserSpec('typescript', 'b.tsx')).toMatchObject({ parser: 'oxc', options: { lang: 'tsx' } });
    expect(editedParserSpec('cobol', 'x.cob')).toBeUndefined();
  });

  it('parses one file once with a tree-sitter grammar or oxc and reports its size and a positive time', () => {
    for (const [analyzer, file, bytes, syntaxError] of [
      ['python', 'pkg/a.py', 24, false],
      ['python', 'pkg/broken.py', 7, true],
      ['typescript', 'pkg/b.tsx', 57, false],
    ] as const) {
      const done = parse(analyzer, file);
      expect(done).toMatchObject({ status: 0, stderr: '' });
      const report = JSON.parse(done.stdout) as { bytes: number; parseMs: number; syntaxError: boolean };
      expect(report).toMatchObject({ bytes, syntaxError });
      expect(report.parseMs).toBeGreaterThan(0);
    }
  });

  it('fails with the reason on a missing file or a bad spec', () => {
    const missing = parse('python', 'pkg/gone.py');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^parse-edited: ENOENT: .*gone\.py/);
    const bad = runScript('parse-edited.cjs', ['{"parser":"cobol"}', join(root, 'pkg', 'a.py')]);
    expect(bad).toMatchObject({ status: 1, stderr: 'parse-edited: unknown parser in {"parser":"cobol"}\n' });
    expect(runScript('parse-edited.cjs', [])).toMatchObject({ status: 2, stderr: expect.stringContaining('usage') });
  });
});
