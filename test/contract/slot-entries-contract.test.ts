/**
 * The entry of a slot in slot types text (`docs/architecture/index-semantics.md`, rule 3: "the entry for `slot`")
 * read the same way by every backend, for rule 1c's export tables and rule 3's holders alike, including texts outside
 * the form the analyzers store (`;slot=T1,T2;…;`): a last entry without its closing `;` (a module exporting its own
 * class under another name, `;.Alias=web/lib.Engine`, once answered `web/lib.Engine` on SQLite and DuckDB and `null`
 * on the memory reference), a slot listed twice (the first entry counts) and text before the first `;` (no entry).
 * The records are given to the backends directly: no analyzer writes such text.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendFactory, StoreLocation } from '../../src/core/contracts.js';
import type { AnalyzedFile } from '../../src/core/model.js';
import { file, indexWith, tempLocation } from '../backends/duckdb-fixtures.js';
import { TEST_BACKENDS, loadBackend } from '../support/backends.js';

const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A TypeScript file whose module symbol (index 0) has the given slot types; `slotTypes` of other symbols by index.
 *
 * @param path - Path of the file (`web/x.ts`: module `web/x`).
 * @param symbols - Symbols after the module: `[qualified name, kind, start line]`.
 * @param calls - Calls of the module: `[text, hint, line]`.
 * @param slotTypes - Slot types by symbol index (0: the module).
 * @returns The analyzed file.
 */
function tsFile(
  path: string,
  symbols: [string, 'class' | 'method' | 'function', number][],
  calls: [string, string, number][],
  slotTypes: Record<number, string>,
): AnalyzedFile {
  const module = path.replace(/\.ts$/, '');
  const base = file(
    path,
    [[module, 'module', 1], ...symbols],
    calls.map(([text, hint, line]) => [0, text, hint, line]),
  );
  return {
    ...base,
    // A TypeScript module is named by its path without the extension (the fixture's default is dotted).
    analysis: {
      ...base.analysis,
      module,
      symbols: base.analysis.symbols.map((s, i) =>
        slotTypes[i] === undefined ? s : { ...s, slotTypes: slotTypes[i] },
      ),
    },
  };
}

const TREE: AnalyzedFile[] = [
  tsFile(
    'web/dup.ts',
    [],
    [['Dup', 'web/dup.Dup', 3]],
    // The slot listed twice: only the first entry counts (as a lookup of `;.Dup=` finds it), though it leads nowhere.
    { 0: ';.Dup=web/lib.Nothing;.Dup=web/lib.Engine;' },
  ),
  tsFile(
    'web/lead.ts',
    [],
    [
      ['Lead', 'web/lead.Lead', 3],
      ['Other', 'web/lead.Other', 4],
    ],
    // Text before the first `;` is no entry: `Lead` is not re-exported by name; the `*` entry is read.
    { 0: '.Lead=web/lib.Engine;*=web/lib;' },
  ),
  // The same, with the slot listed again after a `;`: that entry is the first one.
  tsFile('web/lead2.ts', [], [['Lead', 'web/lead2.Lead', 3]], { 0: '.Lead=web/lib.Nothing;.Lead=web/lib.Engine;' }),
  tsFile(
    'web/lib.ts',
    [
      ['web/lib.Engine', 'class', 3],
      ['web/lib.Engine.start', 'method', 4],
      ['web/lib.Other', 'class', 10],
      ['web/lib.make', 'function', 20],
    ],
    [
      ['Alias', 'web/lib.Alias', 30],
      ['make().start', 'web/lib.make~r~start', 31],
    ],
    // Last entries without their closing `;`: they run to the end of the text.
    { 0: ';.Alias=web/lib.Engine', 4: ';r=web/lib.Engine' },
  ),
  tsFile('web/star.ts', [], [['Other', 'web/star.Other', 3]], { 0: ';*=web/lib' }),
];

const RESOLVED = [
  'web/dup.ts:3 Dup -> -',
  'web/lead.ts:3 Lead -> -',
  'web/lead.ts:4 Other -> web/lib.Other',
  'web/lead2.ts:3 Lead -> web/lib.Engine',
  'web/lib.ts:30 Alias -> web/lib.Engine',
  'web/lib.ts:31 make().start -> web/lib.Engine.start',
  'web/star.ts:3 Other -> web/lib.Other',
];

/**
 * Index the tree fully with a backend and list its call edges as `path:line text -> target`.
 *
 * @param backend - Factory.
 * @returns The edges in path and line order.
 */
async function callsOf(backend: BackendFactory): Promise<string[]> {
  const location: StoreLocation = tempLocation(`slots-${backend.name}`);
  cleanup.push(location.repoRoot);
  await indexWith(backend, location, 'full', TREE);
  return edgesAt(backend, location);
}

/**
 * The call edges of an index as `path:line text -> target`.
 *
 * @param backend - Factory.
 * @param location - Index location.
 * @returns The edges in path and line order.
 */
async function edgesAt(backend: BackendFactory, location: StoreLocation): Promise<string[]> {
  const reader = await backend.openReader(location);
  try {
    const ids = (await reader.listSymbols({})).map((s) => s.id);
    return (await reader.edges({ kind: 'call', direction: 'from', ids }))
      .map((e) => `${e.path}:${e.line} ${e.targetText} -> ${e.targetQualifiedName ?? '-'}`)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  } finally {
    await reader.close();
  }
}

for (const name of TEST_BACKENDS) {
  describe(`slot entries: ${name}`, () => {
    it('reads an unclosed last entry, a repeated slot and text before the first `;` as the reference does', async () => {
      const found = await callsOf(await loadBackend(name));
      expect(found).toEqual(RESOLVED);
      expect(found).toEqual(await callsOf(await loadBackend('memory')));
    });

    it('an incremental run that gives web/lib its unclosed export table answers as a full index does', async () => {
      // Same symbols and lines, the module's slot types added: the file's own `web/lib.Alias` call now resolves.
      const backend = await loadBackend(name);
      const location = tempLocation(`slots-inc-${name}`);
      cleanup.push(location.repoRoot);
      const lib = TREE.findIndex((f) => f.file.path === 'web/lib.ts');
      const bare = TREE[lib]!;
      const before = TREE.with(lib, {
        ...bare,
        file: { ...bare.file, hash: 'sha-web/lib.ts-before' },
        analysis: {
          ...bare.analysis,
          symbols: bare.analysis.symbols.map((s, i) => (i === 0 ? { ...s, slotTypes: undefined } : s)),
        },
      });
      await indexWith(backend, location, 'full', before);
      expect(await edgesAt(backend, location)).toContain('web/lib.ts:30 Alias -> -');
      await indexWith(backend, location, 'incremental', [bare], [], { changed: ['web/lib.ts'] });
      expect(await edgesAt(backend, location)).toEqual(RESOLVED);
    });
  });
}
