/**
 * Rule 1c's module part (`docs/architecture/index-semantics.md`): a candidate names the module up to the first `.` after
 * its last `/`, and only a module with an export table is rewritten through. The SQLite backend finds that module by a
 * range on the barrels' names instead of the candidate's last `/`; each case below names a barrel's text at the start
 * of a candidate whose module part is another name (a `/` after the barrel's `.`, a barrel whose name holds a `.` after
 * its last `/`, a second hop's rewrite under the barrel's directory), so no backend may rewrite it.
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
    'web/t.ts',
    [
      ['web/t.T', 'class', 3],
      ['web/t.T.f', 'method', 4],
    ],
    [],
    {},
  ),
  tsFile('web/lib.ts', [], [], { 0: ';.x=web/t.T;.sub/x=web/t.T;' }),
  tsFile('web/a.ts', [], [], { 0: ';.y=web/lib/x;.w=web/lib.x;' }),
  // A module name with a `.` after its last `/`: no candidate's module part is ever this name.
  tsFile('web/v1.2.ts', [], [], { 0: ';.z=web/t.T;' }),
  tsFile(
    'web/use.ts',
    [],
    [
      ['f1', 'web/lib.x.f', 3],
      ['f2', 'web/a.w.f', 4],
      // Hop 1 rewrites this to `web/lib/x.f`, whose module part is `web/lib/x`, not the barrel `web/lib`.
      ['f3', 'web/a.y.f', 5],
      // Module part `web/lib.sub/x` (the last `/` follows the barrel's `.`).
      ['f4', 'web/lib.sub/x.f', 6],
      // Module part `web/v1`.
      ['f5', 'web/v1.2.z.f', 7],
    ],
    {},
  ),
];

const RESOLVED = [
  'web/use.ts:3 f1 -> web/t.T.f',
  'web/use.ts:4 f2 -> web/t.T.f',
  'web/use.ts:5 f3 -> -',
  'web/use.ts:6 f4 -> -',
  'web/use.ts:7 f5 -> -',
];

/**
 * Index the tree fully with a backend and list its call edges as `path:line text -> target`.
 *
 * @param backend - Factory.
 * @returns The edges in path and line order.
 */
async function callsOf(backend: BackendFactory): Promise<string[]> {
  const location: StoreLocation = tempLocation(`module-part-${backend.name}`);
  cleanup.push(location.repoRoot);
  await indexWith(backend, location, 'full', TREE);
  return edgesAt(backend, location);
}

for (const name of TEST_BACKENDS) {
  describe(`rule 1c module part: ${name}`, () => {
    it('rewrites only a candidate whose module part is a module with an export table', async () => {
      const found = await callsOf(await loadBackend(name));
      expect(found).toEqual(RESOLVED);
      expect(found).toEqual(await callsOf(await loadBackend('memory')));
    });
  });
}
