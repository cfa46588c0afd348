/**
 * `ReadSession.callEdgeEnds` (optional; DuckDB has it): for any handles, exactly the rows of the two call-edge lookups
 * `ctx` makes — resolved edges from the handles and every edge to them — in `edges`' orders, cut to handles, path and
 * line; after a full index and after an incremental run. The fixture has the orders' hard cases: callers of one target
 * at one line from two owners whose names sort against the analyzer's order, and callees at one line whose texts do.
 * For DuckDB, `ctx` also reads its call edges in one statement and its printed rows as cards.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BackendFactory, ReadSession } from '../../src/core/contracts.js';
import type { EdgeEnds, EdgeRow } from '../../src/core/model.js';
import { buildContext } from '../../src/query/ctx.js';
import { index, loadBackend, TEST_BACKENDS } from '../support/backends.js';
import { createFixtureRepo, FIXTURE_FILES, type FixtureRepo } from '../support/fixture-repo.js';

/** Two definitions on one line calling one target (owners `zeta` then `alpha`), and one line calling `b` then `a`. */
const TIES = [
  'export function target(n: number): number { return n; }',
  'export function a(): number { return 1; }',
  'export function b(): number { return 2; }',
  'export function zeta(): number { return target(1); } export function alpha(): number { return target(2); }',
  'export function both(): number { return b() + a() + target(3) + Math.abs(0); }',
  '',
].join('\n');

/**
 * @param edge - A named edge.
 * @returns Its handles, path and line.
 */
function endsOf(edge: EdgeRow): EdgeEnds {
  return { ownerId: edge.ownerId, targetId: edge.targetId, path: edge.path, line: edge.line };
}

/**
 * @param reader - Open session.
 * @param ids - Handles.
 * @returns What `callEdgeEnds` must return for them.
 */
async function expectedEnds(
  reader: ReadSession,
  ids: readonly number[],
): Promise<{ from: EdgeEnds[]; to: EdgeEnds[] }> {
  const from = await reader.edges({ kind: 'call', direction: 'from', ids, resolvedOnly: true });
  const to = await reader.edges({ kind: 'call', direction: 'to', ids });
  return { from: from.map(endsOf), to: to.map(endsOf) };
}

/**
 * Register a suite's set-up: the fixture with {@link TIES} and the named backend, for the suite's tests.
 *
 * @param name - Backend name.
 * @returns Getters of the fixture and the backend (set before the first test).
 */
function tiesSuite(name: string): { repo: () => FixtureRepo; backend: () => BackendFactory } {
  let repo: FixtureRepo | undefined;
  let backend: BackendFactory | undefined;
  beforeAll(async () => {
    repo = createFixtureRepo({ ...FIXTURE_FILES, 'web/ties.ts': TIES });
    backend = await loadBackend(name);
  });
  afterAll(() => repo?.dispose());
  return { repo: () => repo!, backend: () => backend! };
}

describe.each(TEST_BACKENDS)('call edge ends (%s)', (name) => {
  const suite = tiesSuite(name);

  it('are the call edges of both directions in edges order, after a full index and an incremental run', async () => {
    const [repo, backend] = [suite.repo(), suite.backend()];
    const location = { repoRoot: repo.root, stateDir: repo.stateDir(name) };
    const check = async (): Promise<void> => {
      const reader = await backend.openReader(location);
      try {
        if (name === 'duckdb') expect(reader.callEdgeEnds).toBeTypeOf('function');
        // A backend without the optional read answers through `edges`, whose orders the checks below then hold to.
        const ends = async (ids: readonly number[]): Promise<{ from: readonly EdgeEnds[]; to: readonly EdgeEnds[] }> =>
          reader.callEdgeEnds ? reader.callEdgeEnds(ids) : expectedEnds(reader, ids);
        const all = [...(await reader.embeddingsAnyOrder()).symbolIds];
        const named = async (qualified: string): Promise<number> => (await reader.symbolsByName([qualified]))[0]!.id;
        const [target, both, alpha, zeta] = await Promise.all(['target', 'both', 'alpha', 'zeta'].map(named));
        const lists = [
          all,
          [...all].reverse(),
          all.filter((_, i) => i % 2 === 1),
          [target!],
          [both!, target!],
          [0, -1],
          [],
        ];
        for (const ids of lists) expect(await ends(ids)).toEqual(await expectedEnds(reader, ids));
        // Not vacuous: the callers of `target` at the shared line come by name (alpha before zeta) though the analyzer
        // found zeta's call first; `both`'s callees come by text (a, b, target) and leave the unresolved `Math.abs` out.
        const { from, to } = await ends([target!, both!]);
        const shared = to.filter((e) => e.ownerId === alpha || e.ownerId === zeta);
        expect(shared.map((e) => e.ownerId)).toEqual([alpha, zeta]);
        expect(shared[0]!.line).toBe(shared[1]!.line);
        expect(from.filter((e) => e.ownerId === both).map((e) => e.targetId)).toEqual(
          await Promise.all(['a', 'b', 'target'].map(named)),
        );
      } finally {
        await reader.close();
      }
    };
    await index(backend, location);
    await check();
    repo.write(
      'web/more.ts',
      'import { target } from "./ties";\nexport function more(): number { return target(4); }\n',
    );
    expect((await index(backend, location)).mode).toBe('incremental');
    await check();
  });
});

describe.runIf(TEST_BACKENDS.includes('duckdb'))('DuckDB ctx statements', () => {
  const name = 'duckdb';
  const suite = tiesSuite(name);

  it('read the call edges in one statement and the printed rows as cards', async () => {
    const [repo, backend] = [suite.repo(), suite.backend()];
    const location = { repoRoot: repo.root, stateDir: repo.stateDir(`${name}-statements`) };
    await index(backend, location);
    const reader = await backend.openReader(location);
    try {
      const db = (reader as unknown as { db: { select: (sql: string) => Promise<unknown> } }).db;
      const select = vi.spyOn(db, 'select');
      const pack = await buildContext(reader, 'target price', 10);
      const statements = select.mock.calls.map(([sql]) => sql);
      // Not vacuous: the strong hits have callers and callees, and neighbours were ranked.
      expect(pack.symbols.flatMap((s) => s.why).some((why) => /^(callee|caller)-of:/.test(why))).toBe(true);
      expect(statements.filter((sql) => /\bFROM calls\b/.test(sql))).toHaveLength(1);
      // The printed rows are read as cards: no statement reads the short names.
      expect(statements.filter((sql) => /\bs\.name\b/.test(sql))).toEqual([]);
    } finally {
      await reader.close();
    }
  });
});
