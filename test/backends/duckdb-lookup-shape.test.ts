/**
 * The statements of the DuckDB read path's lookups keep to the shapes that let the engine read only what they need
 * (issue 12, session 19): a name lookup selects every symbol column only under a handle condition, a few handles are
 * tested with `list_contains` (a filter pushed into the scan) rather than an `IN` list (which DuckDB turns into a join
 * over every row), and an edge lookup keeps its `IN` list alone (so the edge index serves it). Each shape is checked
 * with the rows it must give: the same as the plain statements the shapes replace.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DuckDbReadSession } from '../../src/backends/duckdb/duckdb-reader.js';
import { MAX_CONTAINED_HANDLES, handleCondition } from '../../src/backends/duckdb/duckdb-read-sql.js';
import type { StoreLocation } from '../../src/core/contracts.js';
import { index, loadBackend } from '../support/backends.js';
import { FIXTURE_FILES, createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

/** More same-named methods than a name lookup lists by handle (1,000), each calling a helper and an unknown name. */
const MANY = 1_050;

const MANY_FILE = [
  '"""Generated: many classes with a method of the same name."""',
  '',
  '',
  'def helper():',
  '    return 1',
  '',
  ...Array.from({ length: MANY }, (_, i) =>
    [``, ``, `class Item${i}:`, `    def run(self):`, `        unknown_call()`, `        return helper()`].join('\n'),
  ),
  '',
].join('\n');

describe('duckdb lookup statements', () => {
  let repo: FixtureRepo;
  let location: StoreLocation;
  let reader: DuckDbReadSession;
  let statements: string[];

  beforeAll(async () => {
    repo = createFixtureRepo({ ...FIXTURE_FILES, 'gen/many.py': MANY_FILE });
    location = { repoRoot: repo.root, stateDir: repo.stateDir('lookup-shape') };
    await index(await loadBackend('duckdb'), location, true);
    reader = (await (await loadBackend('duckdb')).openReader(location)) as DuckDbReadSession;
    statements = [];
    const select = reader.db.select.bind(reader.db);
    vi.spyOn(reader.db, 'select').mockImplementation((sql, params) => {
      statements.push(sql);
      return select(sql, params);
    });
  }, 60_000);
  afterAll(async () => {
    await reader?.close();
    repo.dispose();
  });

  /**
   * The handles of every symbol named `names`, from one plain statement over every column.
   *
   * @param names - Short or qualified names (plain identifiers, inlined).
   * @returns Sorted handles.
   */
  async function plainIdsNamed(names: readonly string[]): Promise<number[]> {
    const list = names.map((name) => `'${name}'`).join(', ');
    const r = await reader.db.select(`SELECT id FROM symbols WHERE name IN (${list}) OR qualified_name IN (${list})`);
    return r.requiredInts(0).sort((a, b) => a - b);
  }

  it('handleCondition: one handle an IN, a few list_contains, many an IN again, none nothing', () => {
    expect(handleCondition('s.id', [7])).toBe('s.id IN (7)');
    expect(handleCondition('s.id', [7, 3, 7])).toBe('list_contains([7, 3], s.id)');
    const many = Array.from({ length: MAX_CONTAINED_HANDLES + 1 }, (_, i) => i + 1);
    expect(handleCondition('id', many)).toBe(`id IN (${many.join(', ')})`);
    expect(handleCondition('id', many.slice(1))).toBe(`list_contains([${many.slice(1).join(', ')}], id)`);
    expect(handleCondition('id', [0, -1, 1.5])).toBeNull();
  });

  it('a name lookup reads the name columns first, then every column by handle', async () => {
    for (const names of [['apply_discount', 'Cart'], ['helper'], ['no_such_name']]) {
      statements.length = 0;
      const rows = await reader.symbolsByName(names);
      expect(rows.map((row) => row.id).sort((a, b) => a - b)).toEqual(await plainIdsNamed(names));
      const wide = statements.filter((sql) => sql.includes('s.docstring'));
      expect(wide.length).toBe(rows.length === 0 ? 0 : 1);
      for (const sql of wide) expect(sql).toMatch(/WHERE (s\.id IN \(|list_contains\(\[)/);
    }
    expect((await reader.symbolsByName(['apply_discount', 'Cart'])).length).toBeGreaterThan(1);
  });

  it('a name lookup matching more than 1,000 symbols reads them by name', async () => {
    statements.length = 0;
    const rows = await reader.symbolsByName(['run']);
    expect(rows.length).toBe(MANY);
    expect(rows.map((row) => row.id).sort((a, b) => a - b)).toEqual(await plainIdsNamed(['run']));
    expect(statements.filter((sql) => sql.includes('s.docstring'))).toEqual([
      expect.stringMatching(/WHERE s\.name IN \(\$1\) OR s\.qualified_name IN \(\$1\)$/),
    ]);
  });

  it('a few handles are read with list_contains, more with IN, with the same rows', async () => {
    const ids = (await reader.symbolsByName(['run'])).map((row) => row.id);
    for (const count of [2, MAX_CONTAINED_HANDLES, MAX_CONTAINED_HANDLES + 1, 300]) {
      const wanted = ids.filter((_, i) => i % 3 === 0).slice(0, count);
      statements.length = 0;
      const rows = await reader.symbolsById(wanted);
      expect(rows.map((row) => row.id).sort((a, b) => a - b)).toEqual([...wanted].sort((a, b) => a - b));
      expect(statements[0]).toContain('s.docstring'); // the rows first (their files are already known)
      expect(statements[0]).toContain(count <= MAX_CONTAINED_HANDLES ? 'list_contains([' : 's.id IN (');
    }
  });

  it('an edge lookup keeps its IN list alone, and resolved-only leaves unresolved edges out', async () => {
    const owners = (await reader.symbolsByName(['run'])).slice(0, 5).map((row) => row.id);
    statements.length = 0;
    const resolved = await reader.edges({ kind: 'call', direction: 'from', ids: owners, resolvedOnly: true });
    expect(statements.find((sql) => sql.includes('FROM calls'))).toMatch(/WHERE caller_id IN \([\d, ]+\)$/);
    const all = await reader.edges({ kind: 'call', direction: 'from', ids: owners });
    expect(all.some((edge) => edge.targetId === null)).toBe(true);
    expect(resolved.length).toBe(owners.length);
    expect(resolved).toEqual(all.filter((edge) => edge.targetId !== null));
  });
});
