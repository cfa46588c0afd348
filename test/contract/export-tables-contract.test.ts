/**
 * Rule 1c of `docs/architecture/index-semantics.md` (module export tables) on every backend: TypeScript names
 * imported through barrels — `export * from` (a folder index, a chain of three, four hops), `export { a as b } from`,
 * `export * as ns from`, an imported name exported again — resolve to the declaration, where every suffix candidate
 * is ambiguous; and incremental runs that change a barrel in the middle of a chain, or a module a barrel re-exports,
 * re-resolve the unchanged importer — each state equal to the memory reference and to a fresh full index; and a
 * barrel that only a hint names (no slot type) is followed.
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
  'lib/internal.ts': "export * from './a';\nexport * from './deep';\nexport * from './ctor';\n",
  'lib/deep.ts': "export * from './deeper';\n",
  'lib/deeper.ts': "export * from './leaf';\n",
  'lib/leaf.ts':
    "export class Leaf {\n  grow(): void {}\n}\nexport function sprout(): void {}\nexport { bud as bloom } from './buds';\n",
  'lib/buds.ts': 'export function bud(): void {}\n',
  'lib/b/other.ts': [
    'export const isMap = 1;',
    'export function helper(): void {}',
    'export function sprout(): void {}',
    'export class Leaf {',
    '  grow(): void {}',
    '}',
    'export interface Ctor<T> {',
    '  init(inst: T): void;',
    '}',
  ].join('\n'),
  'lib/names.ts': [
    "export { helper as assist } from './b/other';",
    "export * as vals from './a/values';",
    "import { sprout } from './leaf';",
    'export { sprout as grow2 };',
  ].join('\n'),
  'lib/use.ts': [
    "import { isMap, helper, sprout, Leaf, bloom } from './internal';", // 1
    "import { assist, vals, grow2 } from './names';", // 2
    'export function run(l: Leaf): void {', // 3
    '  isMap();', // 4: a constant through a barrel and a folder index (two hops)
    '  helper();', // 5: a function, the same way
    '  sprout();', // 6: a chain of three barrels
    '  l.grow();', // 7: a type imported through the chain
    '  assist();', // 8: export { a as b } from
    '  vals.helper();', // 9: export * as ns from
    '  grow2();', // 10: an imported name exported again under another name
    '  bloom();', // 11: four hops: three star barrels, then a renamed re-export
    '}', // 12
  ].join('\n'),
  // A zod-shaped constructor: an interface and a function of one name, variables typed by the interface through a
  // namespace import of a barrel, each variable declared after a same-named interface.
  'lib/ctor.ts': [
    'export interface Ctor<T> {',
    '  init(inst: T): void;',
    '}',
    'export function Ctor<T>(name: string): Ctor<T> {',
    '  return build(name);',
    '}',
    'function build(name: string): any {',
    '  return name;',
    '}',
  ].join('\n'),
  'lib/shapes.ts': [
    "import * as core from './internal';", // 1
    'export interface Shape {', // 2
    '  area(): number;', // 3
    '}', // 4
    "export const Shape: core.Ctor<Shape> = core.Ctor('Shape');", // 5
    'export function reset(s: Shape): void {', // 6
    '  Shape.init(s);', // 7: a same-file variable typed by a namespace-qualified annotation
    '}', // 8
  ].join('\n'),
  'lib/use2.ts': [
    "import * as shapes from './shapes';", // 1
    "import { Shape } from './shapes';", // 2
    'export function go(s: Shape): void {', // 3
    '  shapes.Shape.init(s);', // 4: ns.x.m, the variable x before its same-named interface
    '  Shape.init(s);', // 5: an imported variable, the same
    '}', // 6
  ].join('\n'),
};

const RESOLVED = [
  'lib/a/values.ts:1 make -> lib/a/values.make',
  'lib/ctor.ts:5 build -> lib/ctor.build',
  'lib/shapes.ts:5 core.Ctor -> lib/ctor.Ctor',
  'lib/shapes.ts:7 Shape.init -> lib/ctor.Ctor.init',
  'lib/use.ts:4 isMap -> lib/a/values.isMap',
  'lib/use.ts:5 helper -> lib/a/values.helper',
  'lib/use.ts:6 sprout -> lib/leaf.sprout',
  'lib/use.ts:7 l.grow -> lib/leaf.Leaf.grow',
  'lib/use.ts:8 assist -> lib/b/other.helper',
  'lib/use.ts:9 vals.helper -> lib/a/values.helper',
  'lib/use.ts:10 grow2 -> lib/leaf.sprout',
  'lib/use.ts:11 bloom -> lib/buds.bud',
  'lib/use2.ts:4 shapes.Shape.init -> lib/ctor.Ctor.init',
  'lib/use2.ts:5 Shape.init -> lib/ctor.Ctor.init',
];

// A barrel that only a hint names: no symbol's slot types mention it, so a backend that tests whether rule 1c has
// anything to rewrite must find it among the hints (no parameter, field or return type names a barrel here).
const HINT_ONLY: Record<string, string> = {
  'pkg/impl.ts': 'export function go(): void {}\n',
  'pkg/index.ts': "export * from './impl';\n",
  'twin.ts': 'export function go(): void {}\n',
  'main.ts': "import { go } from './pkg';\nexport function main() {\n  go();\n}\n",
};

for (const name of TEST_BACKENDS) {
  describe(`module export tables: ${name}`, () => {
    it('resolves through a barrel that only a hint names', async () => {
      const only = createFixtureRepo(HINT_ONLY);
      try {
        const where = { repoRoot: only.root, stateDir: only.stateDir(name) };
        await index(await loadBackend(name), where);
        const found = await callEdges(await loadBackend(name), where);
        expect(found).toEqual(['main.ts:3 go -> pkg/impl.go']);
        expect(found).toEqual(await referenceCallEdges(await loadBackend('memory'), only));
      } finally {
        only.dispose();
      }
    });

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

    it('an incremental run re-resolves a fourth hop and members typed through a variable whose annotation changes', async () => {
      await index(backend, location);
      repo.write('lib/buds.ts', 'export function bud2(): void {}\n');
      expect(await incremental()).toContain('lib/use.ts:11 bloom -> -');
      repo.write('lib/buds.ts', FILES['lib/buds.ts']!);
      repo.write('lib/shapes.ts', FILES['lib/shapes.ts']!.replace(': core.Ctor<Shape>', ''));
      const untyped = await incremental();
      expect(untyped).toContain('lib/use.ts:11 bloom -> lib/buds.bud');
      expect(untyped).toContain('lib/use2.ts:4 shapes.Shape.init -> -');
      expect(untyped).toContain('lib/use2.ts:5 Shape.init -> -');
      repo.write('lib/shapes.ts', FILES['lib/shapes.ts']!);
      expect(await incremental()).toEqual(RESOLVED);
    });
  });
}
