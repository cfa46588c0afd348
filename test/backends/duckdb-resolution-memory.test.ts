/**
 * DuckDB resolution runs in one statement per candidate set: the four sets rule 1c rewrites each hold a recursive
 * CTE, and one statement holding all of them needs buffer memory by its size, not by the data (more than 24 MB for
 * the three files below, 140 MB at mobx, where the writer's limit is 256 MB shared with the loaded tables; one
 * statement per set: under 16 MB and 64 MB). Checked here under a limit the single statement exceeded, against the
 * targets the writer stored.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { duckdbBackend } from '../../src/backends/duckdb/duckdb-backend.js';
import { resolvePairs, sessionOf } from '../../src/backends/duckdb/duckdb-derived.js';
import { NativeWriteConnection } from '../../src/backends/duckdb/duckdb-native.js';
import { INDEX_FILE_NAME } from '../../src/backends/duckdb/duckdb-schema.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';
import { index } from '../support/backends.js';

let repo: FixtureRepo | undefined;
afterEach(() => repo?.dispose());

describe('DuckDB resolution statements', () => {
  it('resolve every stored hint within a 20 MB memory limit, to the targets the writer stored', async () => {
    repo = createFixtureRepo({
      'src/barrel.ts': "export * from './impl';\n",
      'src/impl.ts': 'export function run(): void {}\nexport class Tool { use(): void {} }\n',
      'src/main.ts': [
        "import { run, Tool } from './barrel';",
        'export function main(t: Tool): void {',
        '  run();',
        '  t.use();',
        '}',
      ].join('\n'),
    });
    const stateDir = repo.stateDir('duckdb');
    await index(duckdbBackend, { repoRoot: repo.root, stateDir });
    const connection = await NativeWriteConnection.open({ memory_limit: '20MB', threads: '1' });
    try {
      await connection.run(`ATTACH '${join(stateDir, INDEX_FILE_NAME)}' AS idx (READ_ONLY)`);
      await resolvePairs(sessionOf(connection), 'idx', 'resolved');
      const rows = async (sql: string): Promise<string[]> =>
        (await connection.rows(sql)).map((row) => row.map(String).join(' '));
      const stored = await rows(
        `SELECT c.callee_text, coalesce(t.qualified_name, '-') FROM idx.calls c
         LEFT JOIN idx.symbols t ON t.id = c.target_id ORDER BY 1, 2`,
      );
      const resolved = await rows(
        `SELECT c.callee_text, coalesce(t.qualified_name, '-') FROM idx.calls c
         JOIN resolved r ON r.hint IS NOT DISTINCT FROM c.target_hint AND r.text = c.callee_text
         LEFT JOIN idx.symbols t ON t.id = r.target_id ORDER BY 1, 2`,
      );
      expect(stored).toEqual(['run src/impl.run', 't.use src/impl.Tool.use']);
      expect(resolved).toEqual(stored);
      // The intermediate tables are gone.
      expect(await rows("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'resolution_%'")).toEqual(['0']);
    } finally {
      connection.close();
    }
  });
});
