/**
 * Rule 1c of `docs/architecture/index-semantics.md` (module export tables) on every backend: TypeScript names
 * imported through barrels — `export * from` (a folder index, a chain of three), `export { a as b } from`,
 * `export * as ns from`, an imported name exported again — resolve to the declaration, where every suffix candidate
 * is ambiguous; and incremental runs that change a barrel in the middle of a chain, or a module a barrel re-exports,
 * re-resolve the unchanged importer — each state equal to the memory reference and to a fresh full index.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendFactory, StoreLocation } from '../../src/core/contracts.js';
import { TEST_BACKENDS, index, loadBackend } from '../support/backends.js';
import { callEdges, referenceCallEdges } from '../support/call-edges.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

// Every name below is declared twice (lib/b/other.ts holds the twins), so only the export tables can answer.
const FILES: Record<string, string> = {
  'lib/a/values.ts': [
    'export const isMap = make();',
    'function make(): () => boolean {',
    '  return () => true;',
    '}',
    'export function helper(): void {}',
  ].join('\n'),
  'lib/a/index.ts': "export * from './values';\n",
  'lib/internal.ts': "export * from './a';\nexport * from './deep';\n",
  'lib/deep.ts': "export * from './deeper';\n",
  'lib/deeper.ts': "export * from './leaf';\n",
  'lib/leaf.ts': 'export class Leaf {\n  grow(): void {}\n}\nexport function sprout(): void {}\n',
  'lib/b/other.ts': [
    'export const isMap = 1;',
    'export function helper(): void {}',
    'export function sprout(): void {}',
    'export class Leaf {',
    '  grow(): void {}',
    '}',
  ].join('\n'),
  'lib/names.ts': [
    "export { helper as assist } from './b/other';",
    "export * as vals from './a/values';",
    "import { sprout } from './leaf';",
    'export { sprout as grow2 };',
  ].join('\n'),
  'lib/use.ts': [
    "import { isMap, helper, sprout, Leaf } from './internal';", // 1
    "import { assist, vals, grow2 } from './names';", // 2
    'export function run(l: Leaf): void {', // 3
    '  isMap();', // 4: a constant through a barrel and a folder index (two hops)
    '  helper();', // 5: a function, the same way
    '  sprout();', // 6: a chain of three barrels
    '  l.grow();', // 7: a type imported through the chain
    '  assist();', // 8: export { a as b } from
    '  vals.helper();', // 9: export * as ns from
    '  grow2();', // 10: an imported name exported again under another name
    '}', // 11
  ].join('\n'),
};

const RESOLVED = [
  'lib/a/values.ts:1 make -> lib/a/values.make',
  'lib/use.ts:4 isMap -> lib/a/values.isMap',
  'lib/use.ts:5 helper -> lib/a/values.helper',
  'lib/use.ts:6 sprout -> lib/leaf.sprout',
  'lib/use.ts:7 l.grow -> lib/leaf.Leaf.grow',
  'lib/use.ts:8 assist -> lib/b/other.helper',
  'lib/use.ts:9 vals.helper -> lib/a/values.helper',
  'lib/use.ts:10 grow2 -> lib/leaf.sprout',
];

for (const name of TEST_BACKENDS) {
  describe(`module export tables: ${name}`, () => {
    let repo: FixtureRepo;
    let backend: BackendFactory;
    let memory: BackendFactory;
    let location: StoreLocation;

    beforeEach(async () => {
      repo = createFixtureRepo(FILES);
      backend = await loadBackend(name);
      memory = await loadBackend('memory');
      location = { repoRoot: repo.root, stateDir: repo.stateDir(name) };
    });
    afterEach(() => repo.dispose());

    const reference = (): Promise<string[]> => referenceCallEdges(memory, repo);

    /** Index incrementally; the result must equal the memory reference and a fresh full index of this backend. */
    const incremental = async (): Promise<string[]> => {
      expect((await index(backend, location)).mode).toBe('incremental');
      const found = await callEdges(backend, location);
      expect(found).toEqual(await reference());
      const fresh = { repoRoot: repo.root, stateDir: repo.stateDir(`${name}-fresh-${Date.now()}`) };
      await index(backend, fresh, true);
      expect(found).toEqual(await callEdges(backend, fresh));
      return found;
    };

    it('resolves names through star, renamed, namespace and chained re-exports', async () => {
      await index(backend, location);
      const found = await callEdges(backend, location);
      expect(found).toEqual(RESOLVED);
      expect(found).toEqual(await reference());
    });

    it('an incremental run re-resolves an unchanged importer when a barrel in the middle of a chain changes', async () => {
      await index(backend, location);
      repo.write('lib/deeper.ts', "export * from './b/other';\n");
      const moved = await incremental();
      expect(moved).toContain('lib/use.ts:6 sprout -> lib/b/other.sprout');
      expect(moved).toContain('lib/use.ts:7 l.grow -> lib/b/other.Leaf.grow');
      repo.write('lib/deeper.ts', FILES['lib/deeper.ts']!);
      expect(await incremental()).toEqual(RESOLVED);
    });

    it('an incremental run re-resolves an unchanged importer when a re-exported module or a folder index changes', async () => {
      await index(backend, location);
      repo.write('lib/a/values.ts', FILES['lib/a/values.ts']!.replace('isMap', 'isSet'));
      expect(await incremental()).toContain('lib/use.ts:4 isMap -> -');
      repo.write('lib/a/index.ts', 'export {};\n');
      repo.write('lib/a/values.ts', FILES['lib/a/values.ts']!);
      const unexported = await incremental();
      expect(unexported).toContain('lib/use.ts:4 isMap -> -');
      expect(unexported).toContain('lib/use.ts:5 helper -> -');
      expect(unexported).toContain('lib/use.ts:9 vals.helper -> lib/a/values.helper');
      repo.write('lib/b/other.ts', FILES['lib/b/other.ts']!.replace('function helper', 'function helped'));
      expect(await incremental()).toContain('lib/use.ts:8 assist -> -');
      repo.write('lib/a/index.ts', FILES['lib/a/index.ts']!);
      repo.write('lib/b/other.ts', FILES['lib/b/other.ts']!);
      expect(await incremental()).toEqual(RESOLVED);
    });
  });
}
