/**
 * Incremental re-resolution equals a full resolution, on every backend, over real corpus files: a backend re-resolves
 * only the edges a run can affect (`docs/architecture/index-semantics.md`, "What an incremental run re-resolves"),
 * and after each edit of a sequence the incremental index must read back exactly like a fresh full index of the same
 * tree. Each edit is checked to change the target of some edge in a file it did not touch, so a backend that skipped
 * re-resolving unchanged files would fail.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { materializeCorpus } from '../../src/bench/corpus.js';
import type { BackendFactory, StoreLocation } from '../../src/core/contracts.js';
import { TEST_BACKENDS, index, loadBackend } from '../support/backends.js';
import { dumpAt, type IndexDump } from '../support/dump.js';

const PY = 'networkx/classes';
const TS = 'query-core/src';

/** One edit of the tree: the paths it writes or deletes, and whether it must change an untouched file's edges. */
interface Edit {
  readonly label: string;
  readonly apply: (root: string) => string[];
  readonly reachesOtherFiles: boolean;
}

function rewrite(root: string, path: string, from: string | RegExp, to: string): string[] {
  const file = join(root, path);
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit of ${path} matched nothing: ${String(from)}`);
  writeFileSync(file, next);
  return [path];
}

/** Globals the query-core sources call without a declaration (`*name` candidates no symbol answers). */
const ADDED_TS = `${TS}/addedGlobals.ts`;

/**
 * The base class of `Gadget` (`gadget.ts`), whose method the edit below adds; `makeGadget.ts` returns a Gadget,
 * `spinGadget.ts` calls the method on one.
 */
const GADGET_BASE = `${TS}/gadgetBase.ts`;

const EDITS: readonly Edit[] = [
  {
    label: 'add a file defining names that unresolved hints then resolve to',
    apply: (root) => {
      writeFileSync(
        join(root, ADDED_TS),
        ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask']
          .map((name) => `export function ${name}(callback: () => void): number {\n  return 0\n}\n`)
          .join(''),
      );
      return [ADDED_TS];
    },
    reachesOtherFiles: true,
  },
  {
    label: 'remove that file',
    apply: (root) => {
      rmSync(join(root, ADDED_TS));
      return [ADDED_TS];
    },
    reachesOtherFiles: true,
  },
  {
    label: 'rename a Python class',
    apply: (root) => rewrite(root, `${PY}/graph.py`, /^class Graph:/m, 'class RenamedGraph:'),
    reachesOtherFiles: true,
  },
  {
    label: 'change a TypeScript base class',
    apply: (root) =>
      rewrite(
        root,
        `${TS}/queryCache.ts`,
        'export class QueryCache extends Subscribable<QueryCacheListener> {',
        'export class QueryCache {',
      ),
    reachesOtherFiles: true,
  },
  {
    label: 'rename a TypeScript class',
    apply: (root) => rewrite(root, `${TS}/queryCache.ts`, 'export class QueryCache ', 'export class RenamedCache '),
    reachesOtherFiles: true,
  },
  {
    label: 'change a Python base class',
    apply: (root) => rewrite(root, `${PY}/multigraph.py`, /^class MultiGraph\(Graph\):/m, 'class MultiGraph:'),
    reachesOtherFiles: false,
  },
  {
    label: 'change parameter annotations that deferred candidates read',
    apply: (root) => rewrite(root, `${TS}/queryClient.ts`, /: QueryCache\b/g, ': MutationCache'),
    reachesOtherFiles: true,
  },
  {
    // No hint anywhere names `Gadget` (it appears only in `makeGadget`'s declared return type), so the stale hint
    // `makeGadget~r~spin` reaches `GadgetBase.spin` only through the callee's slot types and then Gadget's heritage:
    // a backend that resolves against the symbols of the hints' own keys alone leaves the call unresolved.
    label: 'add a method reached through the heritage of a callee return type the hint does not name',
    apply: (root) =>
      rewrite(
        root,
        GADGET_BASE,
        'export class GadgetBase {}',
        'export class GadgetBase {\n  spin(): number {\n    return 1\n  }\n}',
      ),
    reachesOtherFiles: true,
  },
  {
    label: 'edit a TypeScript and a Python file',
    apply: (root) => [
      ...rewrite(root, `${TS}/utils.ts`, /$/, '\nexport function addedHelper(): string {\n  return hashKey([])\n}\n'),
      ...rewrite(root, `${PY}/function.py`, /$/, '\n\ndef added_helper(G):\n    return G.add_edge(1, 2)\n'),
    ],
    reachesOtherFiles: false,
  },
];

/**
 * The calls of a dump with their targets, per file.
 *
 * @param dump - An index dump.
 * @returns `path → sorted call descriptions`.
 */
function callTargetsByFile(dump: IndexDump): Map<string, string> {
  const byFile = new Map<string, string[]>();
  for (const call of dump.calls as { path: string }[]) {
    const path = call.path;
    const list = byFile.get(path) ?? [];
    list.push(JSON.stringify(call));
    byFile.set(path, list);
  }
  return new Map([...byFile].map(([path, list]) => [path, list.sort().join('\n')]));
}

describe.each(TEST_BACKENDS)('incremental re-resolution equals a full index (%s)', (name) => {
  let scratch: string;
  let root: string;
  let backend: BackendFactory;
  const results: { label: string; incremental: IndexDump; full: IndexDump; touched: string[] }[] = [];

  beforeAll(async () => {
    backend = await loadBackend(name);
    scratch = mkdtempSync(join(tmpdir(), `codira-incr-${name}-`));
    root = join(scratch, 'repo');
    const python = await materializeCorpus({ kind: 'debian', package: 'python3-networkx', version: '2.8.8-1' });
    const typescript = await materializeCorpus({ kind: 'npm', package: '@tanstack/query-core', version: '5.108.0' });
    mkdirSync(dirname(join(root, PY)), { recursive: true });
    cpSync(join(python, 'networkx/classes'), join(root, PY), {
      recursive: true,
      filter: (source) => !source.includes('/tests'),
    });
    cpSync(join(typescript, 'src'), join(root, TS), {
      recursive: true,
      filter: (source) => !source.includes('__tests__'),
    });
    // A caller whose deferred candidate (`cacheOf~r~subscribe`) answers through the heritage of QueryCache: the
    // base-class edit below changes its target without touching these files, and no name in the hint contains the
    // name of the class whose heritage changes (so even a substring match on the hint cannot stand in for the rule).
    writeFileSync(
      join(root, TS, 'cacheOf.ts'),
      "import type { QueryClient } from './queryClient'\nimport type { QueryCache } from './queryCache'\n\n" +
        'export function cacheOf(client: QueryClient): QueryCache {\n  return client.getQueryCache()\n}\n',
    );
    writeFileSync(
      join(root, TS, 'watchCache.ts'),
      "import type { QueryClient } from './queryClient'\nimport { cacheOf } from './cacheOf'\n\n" +
        'export function watchCache(client: QueryClient): void {\n' +
        '  const store = cacheOf(client)\n  store.subscribe(() => undefined)\n}\n',
    );
    writeFileSync(join(root, GADGET_BASE), 'export class GadgetBase {}\n');
    writeFileSync(
      join(root, TS, 'gadget.ts'),
      "import { GadgetBase } from './gadgetBase'\n\nexport class Gadget extends GadgetBase {}\n",
    );
    writeFileSync(
      join(root, TS, 'makeGadget.ts'),
      "import type { Gadget } from './gadget'\n\nexport function makeGadget(): Gadget {\n  return JSON.parse('{}')\n}\n",
    );
    writeFileSync(
      join(root, TS, 'spinGadget.ts'),
      "import { makeGadget } from './makeGadget'\n\nexport function spinGadget(): number {\n" +
        '  const gadget = makeGadget()\n  return gadget.spin()\n}\n',
    );
    const incremental: StoreLocation = { repoRoot: root, stateDir: join(scratch, 'incremental') };
    await index(backend, incremental, true);
    let previous = await dumpAt(backend, incremental);
    for (const edit of EDITS) {
      const touched = edit.apply(root);
      const report = await index(backend, incremental);
      expect(report.mode, edit.label).toBe('incremental');
      const fresh: StoreLocation = { repoRoot: root, stateDir: join(scratch, `full-${results.length}`) };
      await index(backend, fresh, true);
      const after = await dumpAt(backend, incremental);
      results.push({ label: edit.label, incremental: after, full: await dumpAt(backend, fresh), touched });
      rmSync(fresh.stateDir, { recursive: true, force: true });
      // Keep the previous dump for the "reaches other files" check below.
      (results[results.length - 1] as { previous?: IndexDump }).previous = previous;
      previous = after;
    }
  }, 600_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  EDITS.forEach((edit, step) => {
    it(`after "${edit.label}" the incremental index equals a full one`, () => {
      const result = results[step]!;
      expect(result.incremental).toEqual(result.full);
    });
    if (edit.reachesOtherFiles) {
      it(`"${edit.label}" changes edges of files it did not touch`, () => {
        const result = results[step]! as { previous?: IndexDump; incremental: IndexDump; touched: string[] };
        const before = callTargetsByFile(result.previous!);
        const after = callTargetsByFile(result.incremental);
        const changed = [...after].filter(
          ([path, calls]) => !result.touched.includes(path) && before.has(path) && before.get(path) !== calls,
        );
        expect(changed.length).toBeGreaterThan(0);
      });
    }
  });
});
