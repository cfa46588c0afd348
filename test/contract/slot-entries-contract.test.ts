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
import { indexWith, tempLocation } from '../backends/duckdb-fixtures.js';
import { TEST_BACKENDS, loadBackend } from '../support/backends.js';
import { edgesAt, tsFile } from '../support/ts-module-files.js';

const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

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
