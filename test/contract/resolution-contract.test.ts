/**
 * The resolution rules of `docs/architecture/index-semantics.md` ("Derived state") on every backend: candidate lists,
 * suffix candidates (unique or unresolved), locals that never resolve, deferred candidates (a callback parameter or
 * a kept result typed by the callee's declaration, a receiver narrowed by an imported type predicate), and incremental runs that change the answer of an unchanged file — each backend equal to the memory reference and to a fresh full index.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendFactory, StoreLocation } from '../../src/core/contracts.js';
import { TEST_BACKENDS, index, loadBackend } from '../support/backends.js';
import { callEdges, referenceCallEdges } from '../support/call-edges.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

const FILES: Record<string, string> = {
  'pkg/__init__.py': 'from .core import Graph\n',
  'pkg/core.py': 'class Graph:\n    def add(self):\n        pass\n\n\ndef helper():\n    pass\n',
  'pkg/other.py': 'def helper():\n    pass\n',
  'pkg/use.py': [
    'import pkg', // 1
    '', // 2
    '', // 3
    'def go(x):', // 4
    '    g = pkg.Graph()', // 5: pkg.Graph is a re-export → *Graph
    '    g.add()', // 6: constructed receiver → *Graph.add
    '    helper()', // 7: two functions named helper → unresolved
    '    x()', // 8: a parameter → never a global
    '    go(1)', // 9: the module's own function
  ].join('\n'),
  'web/base.ts': 'export class Base {\n  ping(): number {\n    return 1;\n  }\n}\n',
  'web/index.ts': "export { Base } from './base';\nexport { shared } from './ops';\n",
  'web/child.ts': [
    "import { Base } from './index';", // 1: through the folder index
    'export class Child extends Base {', // 2
    '  constructor() {', // 3
    '    super();', // 4: the parent class
    '  }', // 5
    '  run(other: Base, ping: () => number): number {', // 6
    '    return this.ping() + other.ping() + ping();', // 7: inherited, typed receiver, parameter
    '  }', // 8
    '}', // 9
  ].join('\n'),
  'web/ops.ts': [
    "import { Base } from './base'; import type { Child } from './child';",
    'export class Sink {',
    '  push(): void {}',
    '}',
    'export function operate(init: (source: Base, sink?: Sink) => void): void {',
    '  void init;',
    '}',
    'export function makeSink(): Sink {',
    '  return { push: () => undefined };',
    '}',
    'export const shared = new Sink();',
    'export interface Hooks {',
    '  onDone?: () => void;',
    '  open(): Promise<Sink>;',
    '  handle(target: Sink): void;',
    '}',
    'export function viaKid(cb: (c: Child) => void): void {',
    '  void cb;',
    '}',
    'export const Factory: SinkCtor = makeSink as never;',
    'export type AnySink = Sink | undefined;',
    'export type Ports = { sink: Sink; close: () => void };',
    'interface BaseCxt { sink: Sink }',
    'export interface ObjCxt extends BaseCxt { depth: number }',
  ].join('\n'),
  'web/engine.ts': 'export default class Engine {\n  start(): void {}\n}\n',
  'web/made.ts': [
    'export type Opts = {', // 1: an alias of an intersection: the members of its object literal types
    '  idGen?: (n: number) => string;', // 2
    '} & Marker & { meta(): void };', // 3: … and its named parts as heritage
    'export interface Marker { mark(): void }', // 4
    'export function timer(max: number) {', // 5: no declared return type, returns an object literal
    '  return {', // 6
    '    measure(n: number) { return n + max; },', // 7: a method of timer (its result type, slot r)
    '  };', // 8
    '}', // 9
  ].join('\n'),
  'web/timed.ts': [
    "import { timer, type Opts } from './made';", // 1
    'export function timed(o: Opts): void {', // 2
    '  const t = timer(1);', // 3
    '  t.measure(2);', // 4: a member of the returned object literal → timer.measure
    '  o.idGen!(1);', // 5: a member of an object literal type of the intersection → Opts.idGen
    '  o.meta();', // 6: → Opts.meta
    '  o.mark();', // 7: through the named part (heritage) → Marker.mark
    '}', // 8
  ].join('\n'),
  'web/drive.ts': [
    "import Motor from './engine';", // 1: a default import under another name
    'export function drive(m: Motor): void {', // 2
    '  m.start();', // 3: through the module's default alias (slot e) → Engine.start
    '}', // 4
  ].join('\n'),
  'web/user.ts': [
    "import { operate, makeSink, shared, viaKid, Factory, type Hooks, type AnySink, type Ports, type ObjCxt } from './ops'; import { Child } from './child';", // 1
    'export function use(): void {', // 2
    '  operate((source, sink) => {', // 3
    '    source.ping();', // 4: callback parameter 0, typed by operate's declaration → Base.ping
    '    sink.push();', // 5: callback parameter 1 → Sink.push
    '    sink.missing();', // 6: no such member → unresolved
    '  });', // 7
    '  const s = makeSink();', // 8
    '  s.push();', // 9: the callee's declared return type → Sink.push
    '  shared.push();', // 10: an imported variable's declared type → Sink.push
    '}', // 11
    'export async function hooked(h: Hooks): Promise<void> {', // 12
    '  h.onDone();', // 13: a function-typed interface property
    '  const opened = await h.open();', // 14
    '  opened.push();', // 15: the type the method's Promise settles to → Sink.push
    '}', // 16
    'export function inherited(c: Child): void {', // 17
    '  c.ping();', // 18: through the heritage Child's own file records (slot e) → Base.ping
    '}', // 19
    'export function viaChild(): void {', // 20
    '  viaKid((k) => k.ping());', // 21: a slot type's heritage recorded in its own file → Base.ping
    '}', // 22
    'export function made(): void {', // 23
    '  new Factory().push();', // 24: an imported constant → the variable (=Q); a member of a new result
    '  go();', // 25: a top-level constant of this file that is no symbol → nothing, never the global go
    '  makeSink().push();', // 26: a member of a call result → the declared return type's member
    '}', // 27
    'const go = Factory;', // 28
    'export function aliased(a: AnySink, p: Ports): void {', // 29
    '  a.push();', // 30: an imported alias of a union → the member of a type it names (a holder of kind type)
    '  p.close();', // 31: a function-typed property of an object literal type → its method symbol
    '  p.sink.push();', // 32: a property type of an object literal type (slot f.sink)
    '}', // 33
    'export function destructured({ sink }: ObjCxt): void {', // 34
    '  sink.push();', // 35: a destructured parameter; the field ObjCxt inherits from a same-file interface
    '}', // 36
  ].join('\n'),
  'web/guards.ts': [
    "import { Sink } from './ops'; import { Base } from './base';", // 1
    'export const $sink = Symbol();', // 2
    'export interface HasSink { [$sink]: Sink }', // 3: a property keyed by a name (slot f.[$sink])
    'export var isSink = make() as (thing: any) => thing is Sink;', // 4: a predicate-typed constant (slot g)
    'export function isBase(x: unknown): x is Base {', // 5: a type predicate (slot g)
    '  return x !== null;', // 6
    '}', // 7
    'function make(): any {', // 8
    '  return null;', // 9
    '}', // 10
  ].join('\n'),
  'web/narrow.ts': [
    "import { isSink, isBase, $sink, type HasSink } from './guards'; import { Base } from './base'; import type { Sink } from './ops';", // 1
    'export function narrowed(x: unknown, y: unknown): void {', // 2
    '  if (isSink(x)) x.push();', // 3: narrowed by an imported predicate constant → Sink.push
    '  if (!isBase(y)) return;', // 4
    '  y.ping();', // 5: after an early exit → Base.ping
    '  if (x instanceof Base) x.ping();', // 6: instanceof → Base.ping
    '  (x as Sink).push();', // 7: a cast receiver → Sink.push
    '  (x as unknown as HasSink)[$sink].push();', // 8: an element read by a name of a cast → Sink.push
    '}', // 9
    'export function either(u: Base | Sink): void {', // 10
    '  u.push();', // 11: an inline union: the member of the type that has it → Sink.push
    '}', // 12
    "import { shared } from './index';", // 13
    'export function reExported(): void {', // 14
    '  shared.push();', // 15: a variable imported through a folder index: the holder by its suffix → Sink.push
    '}', // 16
    "import type { Hooks } from './ops';", // 17
    'const hooks: Hooks = {', // 18
    '  handle(s) { s.push(); },', // 19: contextually typed by Hooks.handle (slot p0) → Sink.push
    '};', // 20
    'export default hooks;', // 21
    'export class Registry {', // 22
    '  items!: Map<string, Sink>;', // 23
    '  run(k: string): void {', // 24
    '    this.items.get(k)!.push();', // 25: what get returns on a map-typed field → Sink.push
    '  }', // 26
    '}', // 27
    'interface Holder { sinks: Set<Sink> }', // 28
    'export function each(h: Holder): void {', // 29
    '  h.sinks.forEach((s) => s.push());', // 30: a set-typed field of a same-file interface: its element → Sink.push
    '}', // 31
  ].join('\n'),
};

for (const name of TEST_BACKENDS) {
  describe(`resolution rules: ${name}`, () => {
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

    it('takes the first answered candidate; an ambiguous suffix or a local resolves to nothing', async () => {
      await index(backend, location);
      const found = await callEdges(backend, location);
      expect(found).toEqual([
        'pkg/use.py:5 pkg.Graph -> pkg.core.Graph',
        'pkg/use.py:6 g.add -> pkg.core.Graph.add',
        'pkg/use.py:7 helper -> -',
        'pkg/use.py:8 x -> -',
        'pkg/use.py:9 go -> pkg.use.go',
        'web/child.ts:4 super -> web/base.Base',
        'web/child.ts:7 other.ping -> web/base.Base.ping',
        'web/child.ts:7 ping -> -',
        'web/child.ts:7 this.ping -> web/base.Base.ping',
        'web/drive.ts:3 m.start -> web/engine.Engine.start',
        'web/guards.ts:2 Symbol -> -',
        'web/guards.ts:4 make -> web/guards.make',
        'web/narrow.ts:3 isSink -> web/guards.isSink',
        'web/narrow.ts:3 x.push -> web/ops.Sink.push',
        'web/narrow.ts:4 isBase -> web/guards.isBase',
        'web/narrow.ts:5 y.ping -> web/base.Base.ping',
        'web/narrow.ts:6 x.ping -> web/base.Base.ping',
        'web/narrow.ts:7 x.push -> web/ops.Sink.push',
        'web/narrow.ts:8 x[$sink].push -> web/ops.Sink.push',
        'web/narrow.ts:11 u.push -> web/ops.Sink.push',
        'web/narrow.ts:15 shared.push -> web/ops.Sink.push',
        'web/narrow.ts:19 s.push -> web/ops.Sink.push',
        'web/narrow.ts:25 this.items.get -> -',
        'web/narrow.ts:25 this.items.get().push -> web/ops.Sink.push',
        'web/narrow.ts:30 h.sinks.forEach -> -',
        'web/narrow.ts:30 s.push -> web/ops.Sink.push',
        'web/ops.ts:11 Sink -> web/ops.Sink',
        'web/timed.ts:3 timer -> web/made.timer',
        'web/timed.ts:4 t.measure -> web/made.timer.measure',
        'web/timed.ts:5 o.idGen -> web/made.Opts.idGen',
        'web/timed.ts:6 o.meta -> web/made.Opts.meta',
        'web/timed.ts:7 o.mark -> web/made.Marker.mark',
        'web/user.ts:3 operate -> web/ops.operate',
        'web/user.ts:4 source.ping -> web/base.Base.ping',
        'web/user.ts:5 sink.push -> web/ops.Sink.push',
        'web/user.ts:6 sink.missing -> -',
        'web/user.ts:8 makeSink -> web/ops.makeSink',
        'web/user.ts:9 s.push -> web/ops.Sink.push',
        'web/user.ts:10 shared.push -> web/ops.Sink.push',
        'web/user.ts:13 h.onDone -> web/ops.Hooks.onDone',
        'web/user.ts:14 h.open -> web/ops.Hooks.open',
        'web/user.ts:15 opened.push -> web/ops.Sink.push',
        'web/user.ts:18 c.ping -> web/base.Base.ping',
        'web/user.ts:21 k.ping -> web/base.Base.ping',
        'web/user.ts:21 viaKid -> web/ops.viaKid',
        'web/user.ts:24 Factory -> web/ops.Factory',
        'web/user.ts:24 new Factory().push -> -',
        'web/user.ts:25 go -> -',
        'web/user.ts:26 makeSink -> web/ops.makeSink',
        'web/user.ts:26 makeSink().push -> web/ops.Sink.push',
        'web/user.ts:30 a.push -> web/ops.Sink.push',
        'web/user.ts:31 p.close -> web/ops.Ports.close',
        'web/user.ts:32 p.sink.push -> web/ops.Sink.push',
        'web/user.ts:35 sink.push -> web/ops.Sink.push',
      ]);
      expect(found).toEqual(await reference());
    });

    it('an incremental run re-resolves unchanged files whose suffix became unique', async () => {
      await index(backend, location);
      repo.remove('pkg/other.py');
      const report = await index(backend, location);
      expect(report.mode).toBe('incremental');
      const found = await callEdges(backend, location);
      expect(found).toContain('pkg/use.py:7 helper -> pkg.core.helper');
      const fresh = { repoRoot: repo.root, stateDir: repo.stateDir(`${name}-fresh`) };
      await index(backend, fresh, true);
      expect(found).toEqual(await callEdges(backend, fresh));
      expect(found).toEqual(await reference());
      repo.write('pkg/other.py', 'def helper():\n    pass\n');
      await index(backend, location);
      expect(await callEdges(backend, location)).toContain('pkg/use.py:7 helper -> -');
    });

    /**
     * Edit a file so that a site stops resolving, then restore it; each state incremental and equal to the reference.
     */
    const goesAndComesBack = async (path: string, edit: [string, string], site: string, target: string) => {
      await index(backend, location);
      const original = FILES[path]!;
      repo.write(path, original.replace(edit[0], edit[1]));
      expect((await index(backend, location)).mode).toBe('incremental');
      const found = await callEdges(backend, location);
      expect(found).toContain(`${site} -> -`);
      expect(found).toEqual(await reference());
      repo.write(path, original);
      await index(backend, location);
      const restored = await callEdges(backend, location);
      expect(restored).toContain(`${site} -> ${target}`);
      expect(restored).toEqual(await reference());
    };

    it('an incremental run re-resolves a value candidate when the variable goes and comes back', async () => {
      await goesAndComesBack(
        'web/ops.ts',
        ['export const Factory', 'const Factory'],
        'web/user.ts:24 Factory',
        'web/ops.Factory',
      );
    });

    it('an incremental run re-resolves members reached through a default-export alias when it goes and comes back', async () => {
      await goesAndComesBack(
        'web/engine.ts',
        ['export default class', 'export class'],
        'web/drive.ts:3 m.start',
        'web/engine.Engine.start',
      );
    });

    it('an incremental run re-resolves a receiver narrowed by a predicate when the predicate goes and comes back', async () => {
      await goesAndComesBack(
        'web/guards.ts',
        ['=> thing is Sink', '=> boolean'],
        'web/narrow.ts:3 x.push',
        'web/ops.Sink.push',
      );
    });

    it('an incremental run re-resolves members of a returned object literal when a return type is declared and removed', async () => {
      await goesAndComesBack(
        'web/made.ts',
        ['timer(max: number) {', 'timer(max: number): unknown {'],
        'web/timed.ts:4 t.measure',
        'web/made.timer.measure',
      );
    });

    it('an incremental run re-resolves deferred candidates of unchanged files when the callee changes', async () => {
      await index(backend, location);
      const ops = FILES['web/ops.ts']!;
      const changed = ops
        .replace('makeSink(): Sink', 'makeSink(): Base')
        .replace('sink?: Sink', 'sink: Base')
        .replace('new Sink()', 'new Base()')
        .replace('Promise<Sink>', 'Promise<Base>');
      repo.write('web/ops.ts', changed);
      expect((await index(backend, location)).mode).toBe('incremental');
      const found = await callEdges(backend, location);
      expect(found).toContain('web/user.ts:5 sink.push -> -');
      expect(found).toContain('web/user.ts:9 s.push -> -');
      expect(found).toContain('web/user.ts:10 shared.push -> -');
      expect(found).toContain('web/user.ts:15 opened.push -> -');
      expect(found).toContain('web/user.ts:4 source.ping -> web/base.Base.ping');
      expect(found).toEqual(await reference());
      repo.write('web/ops.ts', ops);
      await index(backend, location);
      expect(await callEdges(backend, location)).toEqual(await reference());
      // The heritage a slot type's own file records changes; neither the hint nor the holder names that file.
      const child = FILES['web/child.ts']!;
      repo.write('web/child.ts', child.replace(' extends Base', '').replace('    super();', '    void 0;'));
      expect((await index(backend, location)).mode).toBe('incremental');
      const unbased = await callEdges(backend, location);
      expect(unbased).toContain('web/user.ts:21 k.ping -> -');
      expect(unbased).toEqual(await reference());
      repo.write('web/child.ts', child);
      await index(backend, location);
      const restored = await callEdges(backend, location);
      expect(restored).toContain('web/user.ts:9 s.push -> web/ops.Sink.push');
      expect(restored).toEqual(await reference());
    });
  });
}
