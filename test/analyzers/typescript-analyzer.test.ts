import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../src/core/analyzer.js';
import type { FileAnalysis, SymbolRecord } from '../../src/core/model.js';
import { typescriptAnalyzer } from '../../src/analyzers/typescript/typescript-analyzer.js';

// Analyze an inline source given as lines, so expected line numbers can be read off the array.
function analyze(path: string, lines: readonly string[]): FileAnalysis {
  return typescriptAnalyzer.analyze(path, lines.join('\n'));
}

function symbol(analysis: FileAnalysis, qualifiedName: string): SymbolRecord {
  const found = analysis.symbols.find((s) => s.qualifiedName === qualifiedName);
  if (found === undefined) throw new Error(`no symbol ${qualifiedName}`);
  return found;
}

function rules(analysis: FileAnalysis): string[] {
  return analysis.findings.map((f) => `${f.rule} ${f.symbol.replace(/^.*?\.(?=[^/]*$)/, '')} ${f.message}`);
}

describe('typescriptAnalyzer.claims', () => {
  it('claims TS/JS sources and rejects declaration files and node_modules', () => {
    const claims = (p: string): boolean => typescriptAnalyzer.claims(p);
    expect(['src/a.ts', 'src/a.tsx', 'a.mts', 'a.cts', 'a.js', 'a.jsx', 'a.mjs', 'a.cjs'].map(claims)).toEqual(
      Array(8).fill(true),
    );
    expect(['src/a.d.ts', 'a.d.mts', 'a.d.cts', 'node_modules/x/a.ts', 'pkg/node_modules/b.js'].map(claims)).toEqual(
      Array(5).fill(false),
    );
    expect(['README.md', 'a.json', 'Makefile', 'a.py'].map(claims)).toEqual([false, false, false, false]);
    expect(typescriptAnalyzer.name).toBe('typescript');
    expect(typescriptAnalyzer.version).toBe('9');
  });
});

describe('symbols', () => {
  const source = [
    /* 1 */ '/**',
    /* 2 */ ' * Math helpers.',
    /* 3 */ ' *',
    /* 4 */ ' * @packageDocumentation',
    /* 5 */ ' */',
    /* 6 */ "import { helper } from './util/helper.js';",
    /* 7 */ '',
    /* 8 */ '/** Adds two numbers. */',
    /* 9 */ 'export function add(',
    /* 10 */ '    a: number, b: number): number {',
    /* 11 */ '  return a + b;',
    /* 12 */ '}',
    /* 13 */ '',
    /* 14 */ 'function localOnly(x: string) {',
    /* 15 */ '  function inner() { return 1; }',
    /* 16 */ '  return inner() + x;',
    /* 17 */ '}',
    /* 18 */ '',
    /* 19 */ '/**',
    /* 20 */ ' * A counter.',
    /* 21 */ ' *   indented line',
    /* 22 */ ' */',
    /* 23 */ 'export class Counter<T> extends Base implements Thing {',
    /* 24 */ '  private count = 0;',
    /* 25 */ '  /** Increment. */',
    /* 26 */ '  increment(): void { this.count++; }',
    /* 27 */ '  protected log(): void {}',
    /* 28 */ '  #secret(): void {}',
    /* 29 */ '  handler = (e: Event) => this.increment();',
    /* 30 */ '  get value(): number { return this.count; }',
    /* 31 */ '  constructor(private readonly base: number) { super(); }',
    /* 32 */ '}',
    /* 33 */ 'export interface Shape { area(): number }',
    /* 34 */ 'export type Id = string | number;',
    /* 35 */ 'export enum Color { Red, Green }',
    /* 36 */ 'export const double = (n: number): number => n * 2;',
    /* 37 */ 'export const LIMIT: number = 10;',
    /* 38 */ 'const hidden = 3;',
    /* 39 */ 'export { localOnly };',
    /* 40 */ 'export default function () {}',
    /* 41 */ '',
  ];
  const analysis = analyze('src/math.ts', source);

  it('emits the module symbol first, with the package doc', () => {
    expect(analysis.language).toBe('typescript');
    expect(analysis.module).toBe('src/math');
    expect(analysis.symbols[0]).toEqual({
      qualifiedName: 'src/math',
      name: 'math',
      kind: 'module',
      startLine: 1,
      endLine: 40,
      signature: 'module src/math',
      docstring: 'Math helpers.\n\n@packageDocumentation',
      exported: true,
    });
  });

  it('emits declarations in source order with kinds and qualified names', () => {
    expect(analysis.symbols.map((s) => `${s.kind} ${s.qualifiedName}`)).toEqual([
      'module src/math',
      'function src/math.add',
      'function src/math.localOnly',
      'function src/math.localOnly.inner',
      'class src/math.Counter',
      'method src/math.Counter.increment',
      'method src/math.Counter.log',
      'method src/math.Counter.#secret',
      'method src/math.Counter.handler',
      'method src/math.Counter.value',
      'method src/math.Counter.constructor',
      'interface src/math.Shape',
      'method src/math.Shape.area',
      'type src/math.Id',
      'enum src/math.Color',
      'function src/math.double',
      'variable src/math.LIMIT',
      'function src/math.default',
    ]);
  });

  it('marks exports: keywords, export lists, and public members of exported classes', () => {
    const exported = Object.fromEntries(analysis.symbols.map((s) => [s.name, s.exported]));
    expect(exported).toMatchObject({
      add: true,
      localOnly: true,
      inner: false,
      Counter: true,
      increment: true,
      log: false,
      '#secret': false,
      handler: true,
      value: true,
      Shape: true,
      Id: true,
      Color: true,
      double: true,
      LIMIT: true,
      default: true,
    });
  });

  it('records lines, signatures and docstrings', () => {
    expect(symbol(analysis, 'src/math.add')).toEqual({
      qualifiedName: 'src/math.add',
      name: 'add',
      kind: 'function',
      startLine: 9,
      endLine: 12,
      signature: 'export function add(a: number, b: number): number',
      docstring: 'Adds two numbers.',
      exported: true,
    });
    const counter = symbol(analysis, 'src/math.Counter');
    expect(counter.signature).toBe('export class Counter<T> extends Base implements Thing');
    expect(counter.docstring).toBe('A counter.\n  indented line');
    expect([counter.startLine, counter.endLine]).toEqual([23, 32]);
    expect(symbol(analysis, 'src/math.localOnly').docstring).toBeNull();
    expect(symbol(analysis, 'src/math.Counter.increment').signature).toBe('increment(): void');
    expect(symbol(analysis, 'src/math.Counter.increment').docstring).toBe('Increment.');
    expect(symbol(analysis, 'src/math.Counter.handler').signature).toBe('handler = (e: Event) =>');
    expect(symbol(analysis, 'src/math.Counter.value').signature).toBe('get value(): number');
    expect(symbol(analysis, 'src/math.Shape').signature).toBe('export interface Shape');
    expect(symbol(analysis, 'src/math.Id').signature).toBe('export type Id = string | number');
    expect(symbol(analysis, 'src/math.Color').signature).toBe('export enum Color');
    expect(symbol(analysis, 'src/math.double').signature).toBe('export const double = (n: number): number =>');
    expect(symbol(analysis, 'src/math.LIMIT').signature).toBe('export const LIMIT: number');
    expect(symbol(analysis, 'src/math.localOnly.inner').startLine).toBe(15);
  });

  it('groups overloads into one symbol at the implementation', () => {
    const overloads = analyze('o.ts', [
      'export function ov(a: string): string;',
      '/** Second overload. */',
      'export function ov(a: number): number;',
      'export function ov(a: any): any {',
      '  return a;',
      '}',
      'export class K {',
      '  m(): void;',
      '  m(a?: number): void {}',
      '}',
    ]);
    expect(overloads.symbols.map((s) => `${s.qualifiedName}@${s.startLine}`)).toEqual([
      'o@1',
      'o.ov@4',
      'o.K@7',
      'o.K.m@9',
    ]);
    expect(symbol(overloads, 'o.ov').docstring).toBe('Second overload.');
    expect(symbol(overloads, 'o.ov').signature).toBe('export function ov(a: any): any');
  });

  it('takes the doc before decorators and leaves decorators out of lines and signatures', () => {
    const decorated = analyze('w.ts', [
      '/** Decorated. */',
      "@Component({ selector: 'x' })",
      'export class Widget {',
      '  /** Input. */',
      '  @Input()',
      '  public name = (v: string) => v;',
      '}',
    ]);
    const widget = symbol(decorated, 'w.Widget');
    expect([widget.startLine, widget.signature, widget.docstring]).toEqual([3, 'export class Widget', 'Decorated.']);
    const name = symbol(decorated, 'w.Widget.name');
    expect([name.startLine, name.signature, name.docstring]).toEqual([6, 'public name = (v: string) =>', 'Input.']);
    expect(decorated.calls.map((c) => `${c.callerIndex}:${c.calleeText}`)).toEqual(['0:Component', '1:Input']);
  });

  it('only takes JSDoc comments that immediately precede the declaration', () => {
    const docs = analyze('d.ts.ts', [
      '/** @packageDocumentation */',
      'export function first() {}',
      '/** Real doc. */',
      '// eslint-disable-next-line',
      'export function second() {}',
      '/* plain block */',
      'export function third() {}',
      '/** Detached. */',
      'const x = 1;',
      'export function fourth() {}',
    ]);
    expect(docs.symbols.map((s) => s.docstring)).toEqual(['@packageDocumentation', null, 'Real doc.', null, null]);
  });

  it('tags JavaScript files and parses JSX', () => {
    const jsx = analyze('lib/view.jsx', [
      'export function App() {',
      '  return <div onClick={() => go()}>{t("x")}</div>;',
      '}',
    ]);
    expect(jsx.language).toBe('javascript');
    expect(jsx.module).toBe('lib/view');
    expect(jsx.calls.map((c) => `${c.callerIndex}:${c.calleeText}:${c.line}`)).toEqual(['1:go:2', '1:t:2']);
    const tsx = analyze('a.b/view.tsx', ['export const View = () => <span>{render()}</span>;']);
    expect([tsx.language, tsx.module, tsx.calls[0]?.calleeText]).toEqual(['typescript', 'a.b/view', 'render']);
  });

  it('survives empty files, CRLF, a BOM and non-ASCII text', () => {
    const empty = typescriptAnalyzer.analyze('e.ts', '');
    expect(empty.symbols).toEqual([
      {
        qualifiedName: 'e',
        name: 'e',
        kind: 'module',
        startLine: 1,
        endLine: 1,
        signature: 'module e',
        docstring: null,
        exported: true,
      },
    ]);
    const crlf = typescriptAnalyzer.analyze(
      'c.ts',
      '\uFEFF/**\r\n * Windows doc.\r\n */\r\nexport function f(): void {\r\n  g();\r\n}\r\n',
    );
    const f = symbol(crlf, 'c.f');
    expect([f.startLine, f.endLine, f.docstring]).toEqual([4, 6, 'Windows doc.']);
    expect(crlf.calls[0]?.line).toBe(5);
    const wide = analyze('u.ts', [
      "const s = '😀 héllo 😀';",
      '/** Ünïcode. */',
      'export function ü() {',
      '  s.at(0);',
      '}',
    ]);
    expect([symbol(wide, 'u.ü').startLine, symbol(wide, 'u.ü').docstring, wide.calls[0]?.line]).toEqual([
      3,
      'Ünïcode.',
      4,
    ]);
  });
});

describe('nesting', () => {
  const nested = analyze('n.ts', [
    /* 1 */ 'export namespace NS {',
    /* 2 */ '  export function k() {}',
    /* 3 */ '  function hidden() {}',
    /* 4 */ '}',
    /* 5 */ 'export function outer() {',
    /* 6 */ '  class Inner { m() { this.m(); } }',
    /* 7 */ '  const Anon = class { n() { this.n(); } };',
    /* 8 */ '}',
    /* 9 */ 'export const registry = build(() => setup());',
    /* 10 */ 'export default class {',
    /* 11 */ '  get size() { return 1; }',
    /* 12 */ '  get [Symbol.toStringTag]() { return "x"; }',
    /* 13 */ '  set [Symbol.toStringTag](v: string) {}',
    /* 14 */ '}',
  ]);

  it('qualifies namespace members, nested classes and anonymous default classes', () => {
    expect(nested.symbols.map((s) => `${s.kind} ${s.qualifiedName} ${s.exported}`)).toEqual([
      'module n true',
      'function n.NS.k true',
      'function n.NS.hidden false',
      'function n.outer true',
      'class n.outer.Inner false',
      'method n.outer.Inner.m false',
      'variable n.registry true',
      'class n.default true',
      'method n.default.size true',
    ]);
  });

  it('attributes calls to the innermost symbol and knows `this` only in named classes', () => {
    expect(
      nested.calls.map((c) => `${nested.symbols[c.callerIndex]?.name} ${c.calleeText} -> ${c.targetHint}`),
    ).toEqual([
      'm this.m -> n.outer.Inner.m',
      'outer this.n -> null',
      'registry build -> *build',
      'registry setup -> *setup',
    ]);
  });

  it('does not let a computed accessor stand in for a named one', () => {
    expect(rules(nested).filter((r) => r.includes('size'))).toEqual([
      "TS001 default.size public method 'size' has no doc comment",
    ]);
  });

  it('pairs an accessor by its own audit facts, not those of a function declared in its body', () => {
    const accessors = analyze('acc.ts', [
      '/** Doc. */',
      'export class A {',
      '  get a(): number {',
      '    function helper() { return 1; }',
      '    return helper();',
      '  }',
      '  /** The value. @param v - It. */',
      '  set a(v: number) {}',
      '}',
    ]);
    // The setter's doc covers the getter; the helper is not part of the pair.
    expect(rules(accessors)).toEqual([]);
  });
});

describe('calls', () => {
  const app = analyze('src/app.ts', [
    /* 1 */ "import { helper as h } from './util/helper.js';",
    /* 2 */ "import def from '../lib/def';",
    /* 3 */ "import * as ns from './ns';",
    /* 4 */ "import { external } from 'pkg';",
    /* 5 */ "import { Thing } from './thing.mjs';",
    /* 6 */ 'export function run(items: string[]) {',
    /* 7 */ '  h(1);',
    /* 8 */ '  def();',
    /* 9 */ '  ns.go();',
    /* 10 */ '  external();',
    /* 11 */ '  local();',
    /* 12 */ '  new Box();',
    /* 13 */ '  Box.make();',
    /* 14 */ '  items.map((s) => h(s));',
    /* 15 */ '  obj[key]();',
    /* 16 */ '  Thing.create();',
    /* 17 */ '}',
    /* 18 */ 'function local() {}',
    /* 19 */ 'class Box {',
    /* 20 */ '  static make() { return new Box(); }',
    /* 21 */ '  save() {}',
    /* 22 */ '  go() {',
    /* 23 */ '    this.save();',
    /* 24 */ '    const f = function () { this.save(); };',
    /* 25 */ '  }',
    /* 26 */ '}',
    /* 27 */ 'function shadow(local: () => void, h: number) { local(); }',
    /* 28 */ 'helperAtTop();',
  ]);
  const calls = app.calls.map(
    (c) => `${c.line} ${app.symbols[c.callerIndex]?.name} ${c.calleeText} -> ${c.targetHint}`,
  );

  it('resolves relative imports, default and namespace imports, locals and this', () => {
    expect(calls).toEqual([
      '7 run h -> src/util/helper.helper|src/util/helper/index.helper|*helper|=src/util/helper.helper',
      '8 run def -> lib/def.default|lib/def/index.default',
      '9 run ns.go -> src/ns.go|src/ns/index.go|*go|=src/ns.go',
      '10 run external -> null',
      '11 run local -> src/app.local',
      '12 run Box -> src/app.Box',
      '13 run Box.make -> src/app.Box.make',
      '14 run items.map -> null',
      '14 run h -> src/util/helper.helper|src/util/helper/index.helper|*helper|=src/util/helper.helper',
      '16 run Thing.create -> src/thing.Thing.create|src/thing/index.Thing.create|*Thing.create|=src/thing.Thing,=src/thing/index.Thing,src/thing.Thing,src/thing/index.Thing,*Thing~v~create',
      '20 make Box -> src/app.Box',
      '23 go this.save -> src/app.Box.save',
      '24 go this.save -> null',
      '27 shadow local -> null',
      '28 app helperAtTop -> *helperAtTop',
    ]);
  });
});

describe('slot types and deferred candidates', () => {
  const declared = analyze('src/ops.ts', [
    /* 1 */ "import { Source } from './source';",
    /* 2 */ 'export class Sink extends Base {}',
    /* 3 */ 'class Base {}',
    /* 4 */ 'export function operate<T>(',
    /* 5 */ '  init: (this: unknown, source: Source<T>, sink?: Sink | undefined, n?: number) => void,',
    /* 6 */ '  plain: Map<string, number>,',
    /* 7 */ '  cb?: (a: Sink[], b: Sink) => void,',
    /* 8 */ '): Sink {',
    /* 9 */ '  return new Sink();',
    /* 10 */ '}',
    /* 11 */ 'export const make = (x = 1): Source<number> => x as never;',
    /* 12 */ 'export function untyped(a, b) {}',
    /* 13 */ 'export class Box { constructor(fill?: (sink: Sink) => void) {} }',
    /* 14 */ 'export interface Hub { sink: Sink; done?: () => void; ready: Ready; count: number }',
    /* 15 */ 'type Ready = (now: number) => void;',
    /* 16 */ 'export class Holder { source?: Source; constructor(public hub: Hub = {} as Hub) {} }',
  ]);

  it('records the parameter types of function-typed parameters and the return type, as type candidates', () => {
    const slots = Object.fromEntries(
      declared.symbols.map((s) => [s.qualifiedName.replace('src/ops.', ''), s.slotTypes ?? null]),
    );
    expect(slots).toMatchObject({
      operate:
        ';a0.p0=src/source.Source,src/source/index.Source,*Source;a0.p1=src/ops.Sink,src/ops.Base;' +
        'a2.p1=src/ops.Sink,src/ops.Base;r=src/ops.Sink,src/ops.Base;',
      make: ';r=src/source.Source,src/source/index.Source,*Source;',
      untyped: null,
      'Box.constructor': ';a0.p0=src/ops.Sink,src/ops.Base;',
      Sink: ';e=src/ops.Base;',
      Base: null,
      Hub: ';f.sink=src/ops.Sink,src/ops.Base;',
      Holder: ';f.source=src/source.Source,src/source/index.Source,*Source;f.hub=src/ops.Hub;',
    });
  });

  it('indexes properties declared with a function type (inline or a function type alias) as methods', () => {
    const methods = declared.symbols.filter((s) => s.kind === 'method').map((s) => s.qualifiedName);
    expect(methods).toEqual([
      'src/ops.Box.constructor',
      'src/ops.Hub.done',
      'src/ops.Hub.ready',
      'src/ops.Holder.constructor',
    ]);
  });

  const user = analyze('src/user.ts', [
    /* 1 */ "import { operate, make, Box, Hub } from './ops';",
    /* 2 */ "import { pkg } from 'pkg';",
    /* 3 */ 'export function use() {',
    /* 4 */ '  operate((source, sink) => {',
    /* 5 */ '    sink.push();',
    /* 6 */ '    [1].map((v) => source.next(v));',
    /* 7 */ '  });',
    /* 8 */ '  new Box(function (s) { s.push(); });',
    /* 9 */ '  const kept = make();',
    /* 10 */ '  kept.next();',
    /* 11 */ '  pkg((p) => p.go());',
    /* 12 */ '  operate((source: Other) => source.next());',
    /* 13 */ '}',
    /* 14 */ 'function held(box: Box) { box.fill(); }',
    /* 15 */ 'class Owner { #hub: Hub; go() { this.#hub.sink.push(); } }',
    /* 16 */ 'export const task = function (this: Box, n: number) { this.fill(); [n].map(() => this.fill()); };',
  ]);
  const hints = user.calls.map((c) => `${c.line} ${c.calleeText} -> ${c.targetHint}`);

  it("types a callback's parameters and a kept result by a slot of the callee's candidates", () => {
    const operate = 'src/ops.operate,src/ops/index.operate,*operate';
    // A function's declared `this` type, kept by the arrow functions inside it.
    const thisBox =
      'src/ops.Box.fill|src/ops/index.Box.fill|src/ops.Box,src/ops/index.Box~e~fill|*Box.fill|*Box~e~fill';
    expect(hints).toEqual([
      `4 operate -> ${operate.replaceAll(',', '|')}|=src/ops.operate`,
      `5 sink.push -> ${operate}~a0.p1~push`,
      `6 source.next -> ${operate}~a0.p0~next`,
      '8 Box -> src/ops.Box|src/ops/index.Box|*Box|=src/ops.Box',
      '8 s.push -> src/ops.Box.constructor,src/ops/index.Box.constructor,*Box.constructor~a0.p0~push',
      '9 make -> src/ops.make|src/ops/index.make|*make|=src/ops.make',
      '10 kept.next -> src/ops.make,src/ops/index.make,*make~r~next',
      '11 pkg -> null',
      '11 p.go -> null',
      `12 operate -> ${operate.replaceAll(',', '|')}|=src/ops.operate`,
      '12 source.next -> null',
      '14 box.fill -> src/ops.Box.fill|src/ops/index.Box.fill|src/ops.Box,src/ops/index.Box~e~fill|*Box.fill|*Box~e~fill',
      '15 this.#hub.sink.push -> src/ops.Hub,src/ops/index.Hub,*Hub~f.sink~push',
      `16 this.fill -> ${thisBox}`,
      `16 this.fill -> ${thisBox}`,
    ]);
  });
});

describe('members of call results (one hop)', () => {
  const results = analyze('src/chain.ts', [
    /* 1 */ "import { make, open } from './ops';",
    /* 2 */ 'class Walk { run() {} }',
    /* 3 */ 'export async function use(c: Client) {',
    /* 4 */ '  make(1).next();',
    /* 5 */ '  (await open()).close();',
    /* 6 */ '  new Walk().run();',
    /* 7 */ '  c.cache().build();',
    /* 8 */ '  make()!.a.b();',
    /* 9 */ '  list.shift()!.done();',
    /* 10 */ '  make()().go();',
    /* 11 */ '  make().next().more();',
    /* 12 */ '}',
    /* 13 */ 'interface Client { cache(): Cache }',
  ]);
  const hints = results.calls
    .filter((c) => c.calleeText.includes('('))
    .map((c) => `${c.line} ${c.calleeText} -> ${c.targetHint}`);

  it("names the member of the called function's declared return type, of a Promise's type and of a new class", () => {
    const make = 'src/ops.make,src/ops/index.make,*make';
    expect(hints).toEqual([
      `4 make().next -> ${make}~r~next`,
      '5 (await open()).close -> src/ops.open,src/ops/index.open,*open~p~close',
      '6 new Walk().run -> src/chain.Walk.run',
      '7 c.cache().build -> src/chain.Client.cache~r~build',
      // Only the inner hop of a longer chain; calls of call results and receivers without candidates are not kept.
      `11 make().next -> ${make}~r~next`,
    ]);
  });
});

describe('element types of arrays', () => {
  const arrays = analyze('src/arrays.ts', [
    /* 1 */ "import { Query, findAll, Cache } from './cache';",
    /* 2 */ 'class Owner {',
    /* 3 */ '  #observers: Array<Query<T>> = [];',
    /* 4 */ '  go(list: readonly Query[], other: Map<string, Query>) {',
    /* 5 */ '    this.#observers.forEach((o) => o.fetch());',
    /* 6 */ '    list.reduce((acc, q) => q.fetch(), 0);',
    /* 7 */ '    const kept = findAll();',
    /* 8 */ '    kept.map((k) => k.reset());',
    /* 9 */ '    findAll().filter((f) => f.isStale());',
    /* 10 */ '    list.shift()!.cancel();',
    /* 11 */ '    const found = this.#observers.find((x) => x.ok());',
    /* 12 */ '    found.refetch();',
    /* 13 */ '    other.forEach((n) => n.fetch());',
    /* 14 */ '    for (const e of this.#observers) e.fetch();',
    /* 15 */ '    const { observers, other: no } = this;',
    /* 16 */ '    observers.pop()!.reset();',
    /* 17 */ '    this.observers.slice().filter(Boolean).forEach((c) => c.copy());',
    /* 18 */ '    const cache = this.cache;',
    /* 19 */ '    cache.clear();',
    /* 20 */ '  }',
    /* 21 */ '  observers: Query[] = [];',
    /* 22 */ '  cache: Cache;',
    /* 23 */ '}',
    /* 24 */ 'export function all(): Query[] { return []; }',
  ]);
  const hints = arrays.calls
    .filter((c) => /^[a-z]\.|\(/.test(c.calleeText) || /^(found|observers|cache)\./.test(c.calleeText))
    .map((c) => `${c.line} ${c.calleeText} -> ${c.targetHint}`);

  it("types an array method's callback element and returned element by the array's declared element type", () => {
    const query = (m: string): string =>
      `src/cache.Query.${m}|src/cache/index.Query.${m}|src/cache.Query,src/cache/index.Query~e~${m}|*Query.${m}|*Query~e~${m}`;
    const findAll = 'src/cache.findAll,src/cache/index.findAll,*findAll';
    expect(hints).toEqual([
      `5 o.fetch -> ${query('fetch')}`,
      `6 q.fetch -> ${query('fetch')}`,
      `8 k.reset -> ${findAll}~r[]~reset`,
      `9 findAll().filter -> ${findAll}~r~filter`,
      `9 f.isStale -> ${findAll}~r[]~isStale`,
      `10 list.shift().cancel -> ${query('cancel')}`,
      `11 x.ok -> ${query('ok')}`,
      `12 found.refetch -> ${query('refetch')}`,
      // A receiver that is no known array gives its callback nothing.
      '13 n.fetch -> null',
      `14 e.fetch -> ${query('fetch')}`,
      `16 observers.pop().reset -> ${query('reset')}`,
      '16 observers.pop -> null',
      // Copies and subsets keep the element type; a local copied from a field takes its declared type.
      `17 c.copy -> ${query('copy')}`,
      `19 cache.clear -> ${query('clear').replaceAll('Query', 'Cache')}`,
    ]);
  });

  it('records the element type of a returned array as slot r[]', () => {
    const all = arrays.symbols.find((s) => s.qualifiedName === 'src/arrays.all');
    expect(all?.slotTypes).toBe(';r[]=src/cache.Query,src/cache/index.Query,*Query;');
  });
});

describe('type aliases as types', () => {
  const aliases = analyze('src/alias.ts', [
    /* 1 */ "import { Next, Done } from './kinds';",
    /* 2 */ 'export type Loose<T> = Next<T> | Done | undefined;',
    /* 3 */ 'export type Ports = { sink: Done; close: () => void; size: number };',
    /* 4 */ 'export type Fn = (x: number) => void;',
    /* 5 */ 'export function use(p: Loose<number>, q: Ports) {',
    /* 6 */ '  p.next(1);',
    /* 7 */ '  q.close();',
    /* 8 */ '}',
    /* 9 */ 'export function wrapped(w: Partial<Ports>, flag: boolean) {',
    /* 10 */ '  w.close();',
    /* 11 */ '  const made = [new Box()];',
    /* 12 */ '  made.forEach((m) => m.open());',
    /* 13 */ '  run(flag ? (a) => a.go() : function (b) { b.go(); });',
    /* 14 */ '}',
    /* 15 */ 'class Box { open() {} }',
    /* 16 */ 'function run(cb: (x: Ports) => void) {}',
    /* 17 */ 'export function parts(q: Ports) {',
    /* 18 */ '  const { sink, close: shut } = q;',
    /* 19 */ '  sink.ping();',
    /* 20 */ '}',
  ]);

  it('records the types a union alias names as its heritage and an object literal type like an interface', () => {
    const slots = Object.fromEntries(aliases.symbols.map((s) => [s.qualifiedName, [s.kind, s.slotTypes ?? null]]));
    expect(slots).toEqual({
      'src/alias': ['module', null],
      'src/alias.Loose': [
        'type',
        ';e=src/kinds.Next,src/kinds/index.Next,*Next,src/kinds.Done,src/kinds/index.Done,*Done;',
      ],
      'src/alias.Ports': ['type', ';f.sink=src/kinds.Done,src/kinds/index.Done,*Done;'],
      'src/alias.Ports.close': ['method', null],
      'src/alias.Fn': ['type', null],
      'src/alias.use': ['function', null],
      'src/alias.wrapped': ['function', null],
      'src/alias.Box': ['class', null],
      'src/alias.Box.open': ['method', null],
      'src/alias.run': ['function', ';a0.p0=src/alias.Ports;'],
      'src/alias.parts': ['function', null],
    });
  });

  it('looks a member up through the types a same-file alias names', () => {
    expect(aliases.calls.map((c) => `${c.line} ${c.calleeText} -> ${c.targetHint}`)).toEqual([
      '6 p.next -> src/alias.Loose.next|src/kinds.Next.next|src/kinds/index.Next.next|src/kinds.Done.next|src/kinds/index.Done.next|src/kinds.Next,src/kinds/index.Next~e~next|src/kinds.Done,src/kinds/index.Done~e~next|*Next.next|*Done.next|*Next~e~next|*Done~e~next',
      '7 q.close -> src/alias.Ports.close',
      // Partial<T> keeps T's members; an array literal of a construction; both function branches of a conditional.
      '10 w.close -> src/alias.Ports.close',
      '11 Box -> src/alias.Box',
      '12 made.forEach -> null',
      '12 m.open -> src/alias.Box.open',
      '13 run -> src/alias.run',
      '13 a.go -> src/alias.run~a0.p0~go',
      '13 b.go -> src/alias.run~a0.p0~go',
      // A property destructured from a typed local: the type's declared property type (slot f.sink).
      '19 sink.ping -> src/alias.Ports~f.sink~ping',
    ]);
  });
});

describe('intersection aliases and returned object literals', () => {
  const file = analyze('src/made.ts', [
    /* 1 */ "import { Extra } from './extra';",
    /* 2 */ 'export type Opts<A = void, C extends object = {}> = {',
    /* 3 */ '  cond?(arg: A): boolean;',
    /* 4 */ '  idGen?: (arg: A) => string;',
    /* 5 */ '  sink: Sink;',
    /* 6 */ '} & Extra<A> & { meta(x: number): void };',
    /* 7 */ 'interface Sink { push(): void }',
    /* 8 */ 'export function useOpts<A>(options: Opts<A>) {',
    /* 9 */ '  options.idGen!(1 as any);',
    /* 10 */ '  options.meta(1);',
    /* 11 */ '  options.sink.push();',
    /* 12 */ '}',
    /* 13 */ 'export function timer(max: number) {',
    /* 14 */ '  if (max < 0) throw new RangeError();',
    /* 15 */ '  return {',
    /* 16 */ '    measure(fn: () => void) { fn(); tick(); },',
    /* 17 */ '    warn: () => tick(),',
    /* 18 */ '    limit: max,',
    /* 19 */ '  };',
    /* 20 */ '}',
    /* 21 */ 'function tick() {}',
    /* 22 */ 'export const arrow = () => ({ go() {} });',
    /* 23 */ 'export function declared(): Sink { return { push() {} }; }',
    /* 24 */ 'export function twice(n: number) { if (n) return { a() {} }; return { b() {} }; }',
    /* 25 */ 'export function cast() { return { c() {} } as Sink; }',
    /* 26 */ 'export function use() {',
    /* 27 */ '  const t = timer(1);',
    /* 28 */ '  t.measure(() => {});',
    /* 29 */ '  arrow().go();',
    /* 30 */ '}',
    /* 31 */ 'export class Runner {',
    /* 32 */ '  step() {}',
    /* 33 */ '  expect() {',
    /* 34 */ '    return { now: () => this.step(), later() { this.step(); } };',
    /* 35 */ '  }',
    /* 36 */ '}',
  ]);

  it('gives an alias of an intersection the members of its object literal types and its named parts as heritage', () => {
    expect(symbol(file, 'src/made.Opts').slotTypes).toBe(
      ';e=src/extra.Extra,src/extra/index.Extra,*Extra;f.sink=src/made.Sink;',
    );
    expect(file.symbols.filter((s) => s.qualifiedName.startsWith('src/made.Opts.')).map((s) => s.name)).toEqual([
      'cond',
      'idGen',
      'meta',
    ]);
    const hints = file.calls
      .filter((c) => c.line >= 9 && c.line <= 11)
      .map((c) => `${c.calleeText} -> ${c.targetHint}`);
    expect(hints).toEqual([
      'options.idGen -> src/made.Opts.idGen|src/extra.Extra.idGen|src/extra/index.Extra.idGen|src/extra.Extra,src/extra/index.Extra~e~idGen|*Extra.idGen|*Extra~e~idGen',
      'options.meta -> src/made.Opts.meta|src/extra.Extra.meta|src/extra/index.Extra.meta|src/extra.Extra,src/extra/index.Extra~e~meta|*Extra.meta|*Extra~e~meta',
      'options.sink.push -> src/made.Opts,src/extra.Extra,src/extra/index.Extra,*Extra~f.sink~push',
    ]);
  });

  it('makes the function members of a returned object literal methods of the function, its result type (slot r)', () => {
    const slots = Object.fromEntries(
      file.symbols.filter((s) => s.startLine >= 13).map((s) => [s.qualifiedName, [s.kind, s.slotTypes ?? null]]),
    );
    expect(slots).toEqual({
      'src/made.timer': ['function', ';r=src/made.timer;'],
      'src/made.timer.measure': ['method', null],
      'src/made.timer.warn': ['method', null],
      'src/made.tick': ['function', null],
      'src/made.arrow': ['function', ';r=src/made.arrow;'],
      'src/made.arrow.go': ['method', null],
      // A declared return type wins; two returned literals or a cast give nothing.
      'src/made.declared': ['function', ';r=src/made.Sink;'],
      'src/made.twice': ['function', null],
      'src/made.cast': ['function', null],
      'src/made.use': ['function', null],
      'src/made.Runner': ['class', null],
      'src/made.Runner.step': ['method', null],
      'src/made.Runner.expect': ['method', ';r=src/made.Runner.expect;'],
      'src/made.Runner.expect.now': ['method', null],
      'src/made.Runner.expect.later': ['method', null],
    });
    // An arrow member keeps the class's `this`; a method member's `this` is the literal.
    expect(file.calls.filter((c) => c.line === 34).map((c) => `${c.calleeText} -> ${c.targetHint}`)).toEqual([
      'this.step -> src/made.Runner.step',
      'this.step -> null',
    ]);
    // Calls inside a member belong to the member.
    expect(file.calls.filter((c) => c.calleeText === 'tick').map((c) => `${c.line} ${c.callerIndex}`)).toEqual([
      `16 ${file.symbols.findIndex((s) => s.qualifiedName === 'src/made.timer.measure')}`,
      `17 ${file.symbols.findIndex((s) => s.qualifiedName === 'src/made.timer.warn')}`,
    ]);
    expect(
      file.calls.filter((c) => c.line >= 28 && c.line <= 30).map((c) => `${c.calleeText} -> ${c.targetHint}`),
    ).toEqual([
      't.measure -> src/made.timer~r~measure',
      'arrow().go -> src/made.arrow~r~go',
      'arrow -> src/made.arrow',
    ]);
  });
});

describe('inherited fields, destructured parameters, hoisted functions, this: T fields', () => {
  const file = analyze('src/cxt.ts', [
    /* 1 */ "import { CodeGen } from './codegen';",
    /* 2 */ 'interface BaseCxt { gen: CodeGen }',
    /* 3 */ 'export interface ObjCxt extends BaseCxt { depth: number }',
    /* 4 */ 'class Owner { scope: CodeGen }',
    /* 5 */ 'class Child extends Owner {',
    /* 6 */ '  run() { this.scope.emit(); }',
    /* 7 */ '}',
    /* 8 */ 'export function build({ gen, depth: d }: ObjCxt, { gen: other }) {',
    /* 9 */ '  gen.emit();',
    /* 10 */ '  other.emit();',
    /* 11 */ '  later();',
    /* 12 */ '  function later() {}',
    /* 13 */ '}',
    /* 14 */ 'function bound(this: Child) { this.scope.emit(); }',
    /* 15 */ 'function outside() { later(); }',
  ]);

  it('records the fields a type inherits from same-file types as its own slots, its own heritage kept', () => {
    const slots = Object.fromEntries(file.symbols.map((s) => [s.qualifiedName, s.slotTypes ?? null]));
    const gen = 'f.gen=src/codegen.CodeGen,src/codegen/index.CodeGen,*CodeGen;';
    expect(slots['src/cxt.BaseCxt']).toBe(`;${gen}`);
    expect(slots['src/cxt.ObjCxt']).toBe(`;e=src/cxt.BaseCxt;${gen}`);
    expect(slots['src/cxt.Child']).toBe(
      ';e=src/cxt.Owner;f.scope=src/codegen.CodeGen,src/codegen/index.CodeGen,*CodeGen;',
    );
  });

  it('types destructured parameters, this.f.m under a declared this, and calls above a nested function', () => {
    expect(file.calls.map((c) => `${c.line} ${c.calleeText} -> ${c.targetHint}`)).toEqual([
      // An inherited field of the class itself (slot-free: the file knows Owner's field type).
      '6 this.scope.emit -> src/codegen.CodeGen.emit|src/codegen/index.CodeGen.emit|src/codegen.CodeGen,src/codegen/index.CodeGen~e~emit|*CodeGen.emit|*CodeGen~e~emit',
      '9 gen.emit -> src/cxt.ObjCxt,src/cxt.BaseCxt~f.gen~emit',
      // An untyped pattern gives nothing.
      '10 other.emit -> null',
      // Declared below the call, in the same body: hoisted.
      '11 later -> src/cxt.build.later',
      '14 this.scope.emit -> src/cxt.Child,src/cxt.Owner~f.scope~emit',
      // Another function's nested declaration is not in scope: a global at best.
      '15 later -> *later',
    ]);
  });
});

describe('default-exported classes', () => {
  it('records a type alias module.default whose heritage is the class; importers look members up through it', () => {
    const core = analyze('src/core.ts', [
      'export class Other {}',
      'export default class Ajv {',
      '  go(): void {}',
      '}',
    ]);
    expect(core.symbols.map((s) => `${s.qualifiedName} ${s.kind} ${s.startLine} ${s.slotTypes ?? ''}`)).toEqual([
      'src/core module 1 ',
      'src/core.Other class 1 ',
      'src/core.Ajv class 2 ',
      'src/core.Ajv.go method 3 ',
      'src/core.default type 2 ;e=src/core.Ajv;',
    ]);
    // An anonymous default class is itself `module.default`: no alias.
    const anonymous = analyze('src/anon.ts', ['export default class {', '  go(): void {}', '}']);
    expect(anonymous.symbols.map((s) => `${s.qualifiedName} ${s.kind}`)).toEqual([
      'src/anon module',
      'src/anon.default class',
      'src/anon.default.go method',
    ]);
    const user = analyze('src/two.ts', [
      "import AjvCore from './core';",
      'export class Two extends AjvCore {',
      '  constructor() { super(); this.go(); super.go(); }',
      '}',
      'function f(a: AjvCore) { a.go(); }',
    ]);
    expect(user.calls.map((c) => `${c.line} ${c.calleeText} -> ${c.targetHint}`)).toEqual([
      '3 super -> src/core.default',
      '3 this.go -> src/two.Two.go|src/core.default.go|src/core.default~e~go',
      '3 super.go -> src/core.default.go|src/core.default~e~go',
      '5 a.go -> src/core.default.go|src/core.default~e~go',
    ]);
  });
});

describe('narrowing, casts, inline unions, element reads by a name', () => {
  const guards = analyze('src/guards.ts', [
    /* 1 */ "import { Box } from './box';",
    /* 2 */ 'export class Own { get(): void {} }',
    /* 3 */ 'export function isOwn(x: unknown): x is Own { return true; }',
    /* 4 */ 'export var isBox = make() as (thing: any) => thing is Box<any>',
    /* 5 */ 'export const isBoxToo: (thing: any) => thing is Box = make();',
    /* 6 */ 'export function notGuard(a: unknown, b: unknown): b is Own { return true; }',
    /* 7 */ 'export const plain = make() as (thing: any) => boolean;',
  ]);

  it('records the type a predicate narrows its first argument to as slot g (functions and predicate-typed constants)', () => {
    const slots = Object.fromEntries(guards.symbols.map((s) => [s.qualifiedName, s.slotTypes ?? null]));
    const box = 'src/box.Box,src/box/index.Box,*Box';
    expect(slots['src/guards.isOwn']).toBe(';g=src/guards.Own;');
    expect(slots['src/guards.isBox']).toBe(`;g=${box};`);
    expect(slots['src/guards.isBoxToo']).toBe(`;g=${box};`);
    // A predicate on another parameter, or no predicate: no slot.
    expect(slots['src/guards.notGuard']).toBeNull();
    expect(slots['src/guards.plain']).toBeNull();
  });

  const use = analyze('src/use.ts', [
    /* 1 */ "import { isBox, Own, Box } from './guards';",
    /* 2 */ 'export function f(obj: any, other: any) {',
    /* 3 */ '  if (isBox(obj)) obj.open();',
    /* 4 */ '  else if (obj instanceof Own) obj.get();',
    /* 5 */ '  obj.open();',
    /* 6 */ '  if (isBox(obj) || isBox(other)) obj.open();',
    /* 7 */ '  if (!isBox(other)) return;',
    /* 8 */ '  other.open();',
    /* 9 */ '  if (isBox(obj) || obj instanceof Map) obj.open();',
    /* 10 */ '  return obj instanceof Own ? obj.get() : null;',
    /* 11 */ '}',
    /* 12 */ 'export function g(x: any, u: Own | Box, v: Own | string) {',
    /* 13 */ '  (x as Own).get();',
    /* 14 */ '  (x as any as Box)[key].open();',
    /* 15 */ '  (<Own>x).get();',
    /* 16 */ '  (x as Box).lid.open();',
    /* 17 */ '  u.open(); v.get();',
    /* 18 */ '}',
    /* 19 */ 'export function h(box: Box, boxes: Box[], i: number) {',
    /* 20 */ '  box[$inner].open();',
    /* 21 */ '  boxes[i].open();',
    /* 22 */ '  isBox(box) ? box.open() : box.open();',
    /* 23 */ '}',
  ]);
  const calls = (analysis: FileAnalysis, from: number, to: number): string[] =>
    analysis.calls
      .filter((c) => c.line >= from && c.line <= to && c.calleeText !== 'isBox')
      .map((c) => `${c.line} ${c.calleeText} -> ${c.targetHint}`);
  const guard = 'src/guards.isBox,src/guards/index.isBox,*isBox~g';

  it('narrows a local inside a guarded branch, in the else branch of a negation and after an early exit', () => {
    expect(calls(use, 3, 11)).toEqual([
      `3 obj.open -> ${guard}~open`,
      '4 obj.get -> src/guards.Own.get|src/guards/index.Own.get|src/guards.Own,src/guards/index.Own~e~get|*Own.get|*Own~e~get',
      // Outside the branch: the parameter's own (unknown) type.
      '5 obj.open -> null',
      // One side of an `||` proves nothing for a name the other side does not test; a predicate declared elsewhere
      // may prove a library type, so it takes no part in a union.
      '6 obj.open -> null',
      `8 other.open -> ${guard}~open`,
      '9 obj.open -> null',
      '10 obj.get -> src/guards.Own.get|src/guards/index.Own.get|src/guards.Own,src/guards/index.Own~e~get|*Own.get|*Own~e~get',
    ]);
  });

  it('looks members of a cast receiver, of an inline union of known types and of an element read up', () => {
    const own =
      'src/guards.Own.get|src/guards/index.Own.get|src/guards.Own,src/guards/index.Own~e~get|*Own.get|*Own~e~get';
    const boxOpen =
      'src/guards.Box.open|src/guards/index.Box.open|src/guards.Box,src/guards/index.Box~e~open|*Box.open|*Box~e~open';
    expect(calls(use, 13, 23)).toEqual([
      `13 x.get -> ${own}`,
      '14 x[key].open -> src/guards.Box,src/guards/index.Box,*Box~f.[key]~open',
      `15 x.get -> ${own}`,
      '16 x.lid.open -> src/guards.Box,src/guards/index.Box,*Box~f.lid~open',
      // `Own | Box`: each in turn; `Own | string` holds a library type: nothing.
      `17 u.open -> src/guards.Own.open|src/guards/index.Own.open|src/guards.Own,src/guards/index.Own~e~open|*Own.open|*Own~e~open|${boxOpen}`,
      '17 v.get -> null',
      '20 box[$inner].open -> src/guards.Box,src/guards/index.Box,*Box~f.[$inner]~open',
      `21 boxes[i].open -> ${boxOpen}`,
      // A name typed before keeps that type after the narrowed one (the predicate may prove a type no symbol declares).
      `22 box.open -> ${guard}~open|${boxOpen}`,
      `22 box.open -> ${boxOpen}`,
    ]);
  });

  it('indexes a property declared with a generic function type as a method, with its parameter slots', () => {
    const factory = analyze('src/factory.ts', [
      "import { Box } from './box';",
      'export interface Factory {',
      '  array: <T = any>(first: Box, rest?: T[]) => T[]',
      '  plain: <K, V extends Map<K, V>>(',
      '    key: K',
      '  ) => V',
      '}',
    ]);
    expect(factory.symbols.map((s) => `${s.qualifiedName} ${s.kind} ${s.slotTypes ?? ''}`)).toEqual([
      'src/factory module ',
      'src/factory.Factory interface ',
      'src/factory.Factory.array method ;p0=src/box.Box,src/box/index.Box,*Box;',
      'src/factory.Factory.plain method ',
    ]);
  });

  it('types the parameters of an object literal of a declared type by its members (slot p<j>)', () => {
    const def = analyze('src/def.ts', [
      /* 1 */ "import type { KeywordDef, Extra } from './types';",
      /* 2 */ 'const def: KeywordDef & Extra = {',
      /* 3 */ '  code(cxt) { cxt.ok(); },',
      /* 4 */ '  post: (it, n: Named) => it.done(),',
      /* 5 */ '};',
      /* 6 */ 'export default def;',
    ]);
    const holder = (member: string): string =>
      [
        'src/types.KeywordDef',
        'src/types/index.KeywordDef',
        '*KeywordDef',
        'src/types.Extra',
        'src/types/index.Extra',
        '*Extra',
      ]
        .map((type) => `${type}.${member}`)
        .join(',');
    expect(def.calls.map((c) => `${c.line} ${c.calleeText} -> ${c.targetHint}`)).toEqual([
      `3 cxt.ok -> ${holder('code')}~p0~ok`,
      `4 it.done -> ${holder('post')}~p0~done`,
    ]);
  });

  it('types what get returns on a map-typed field by the map value type (one, or a union of known types)', () => {
    const store = analyze('src/store.ts', [
      /* 1 */ "import { Box } from './box';",
      /* 2 */ 'export class Own { open(): void {} }',
      /* 3 */ 'export class Store {',
      /* 4 */ '  data!: Map<string, Box<number>>;',
      /* 5 */ '  pending: undefined | Map<string, Own> = undefined;',
      /* 6 */ '  raw = new Map<string, Own | string>();',
      /* 7 */ '  constructor(public both = new Map<string, Own | Box>()) {}',
      /* 8 */ '  run(k: string) {',
      /* 9 */ '    this.data.get(k)!.open(); const p = this.pending.get(k); p.open();',
      /* 10 */ '    this.raw.get(k).open(); this.both.get(k)?.open();',
      /* 11 */ '  }',
      /* 12 */ '}',
    ]);
    const box = 'src/box.Box.open|src/box/index.Box.open|src/box.Box,src/box/index.Box~e~open|*Box.open|*Box~e~open';
    expect(store.calls.map((c) => `${c.line} ${c.calleeText} -> ${c.targetHint}`)).toEqual([
      '6 Map -> *Map',
      '7 Map -> *Map',
      `9 this.data.get().open -> ${box}`,
      '9 this.data.get -> null',
      '9 this.pending.get -> null',
      '9 p.open -> src/store.Own.open',
      // A union holding a library type gives nothing.
      '10 this.raw.get -> null',
      `10 this.both.get().open -> src/store.Own.open|${box}`,
      '10 this.both.get -> null',
    ]);
  });

  it('types the elements of a set, and of an array- or set-typed field of a same-file type one level down', () => {
    const sets = analyze('src/sets.ts', [
      /* 1 */ "import { Box } from './box';",
      /* 2 */ 'interface Node { kids: Set<Box>; list: readonly Box[]; name: string }',
      /* 3 */ 'export function walk(n: Node, boxes: ReadonlySet<Box>) {',
      /* 4 */ '  n.kids.forEach((k) => k.open());',
      /* 5 */ '  n.list.map((b) => b.open());',
      /* 6 */ '  for (const b of boxes) b.open();',
      /* 7 */ '}',
    ]);
    const box = 'src/box.Box.open|src/box/index.Box.open|src/box.Box,src/box/index.Box~e~open|*Box.open|*Box~e~open';
    expect(sets.calls.filter((c) => c.calleeText.endsWith('open')).map((c) => `${c.line} ${c.targetHint}`)).toEqual([
      `4 ${box}`,
      `5 ${box}`,
      `6 ${box}`,
    ]);
  });

  it('records fields keyed by a name as [name] slots, and types const self = this by the class', () => {
    const admin = analyze('src/admin.ts', [
      /* 1 */ "import { Admin } from './admin-impl';",
      /* 2 */ 'export interface HasAdmin { [$admin]: Admin }',
      /* 3 */ 'export class Store {',
      /* 4 */ '  [$admin]: Admin;',
      /* 5 */ '  run() { this[$admin].go(); const self = this; self.run(); }',
      /* 6 */ '}',
    ]);
    const slot = 'f.[$admin]=src/admin-impl.Admin,src/admin-impl/index.Admin,*Admin';
    expect(symbol(admin, 'src/admin.HasAdmin').slotTypes).toBe(`;${slot};`);
    expect(symbol(admin, 'src/admin.Store').slotTypes).toBe(`;${slot};`);
    expect(admin.calls.map((c) => `${c.line} ${c.calleeText} -> ${c.targetHint}`)).toEqual([
      '5 this[$admin].go -> src/admin-impl.Admin.go|src/admin-impl/index.Admin.go|src/admin-impl.Admin,src/admin-impl/index.Admin~e~go|*Admin.go|*Admin~e~go',
      '5 self.run -> src/admin.Store.run',
    ]);
  });
});

describe('module export tables', () => {
  it('records what a module re-exports on its module symbol (slot * and .<name>)', () => {
    const barrel = analyze('src/internal.ts', [
      "export * from './utils/global';",
      "export * from './api';",
      "export * as ns from './core/ns';",
      "export { a as b, c, default as d } from './x';",
      "export * from 'other-package';",
      "import { e } from './y'; import * as z from './z'; import pkg from 'pkg';",
      'const own = 1;',
      'export { e, z as zz, own as mine, pkg };',
    ]);
    expect(symbol(barrel, 'src/internal').slotTypes).toBe(
      ';*=src/utils/global,src/utils/global/index,src/api,src/api/index' +
        ';.ns=src/core/ns,src/core/ns/index;.b=src/x.a,src/x/index.a;.c=src/x.c,src/x/index.c' +
        ';.e=src/y.e,src/y/index.e;.zz=src/z,src/z/index;.mine=src/internal.own;',
    );
    // A module that re-exports nothing records no slot types.
    expect(symbol(analyze('src/plain.ts', ['export const x = 1;']), 'src/plain').slotTypes).toBeUndefined();
  });
});

describe('namespace-qualified types, value holders, object literals of aliases, ThisType', () => {
  const hints = (analysis: FileAnalysis): string[] => analysis.calls.map((c) => `${c.calleeText} ${c.targetHint}`);

  it('types a variable by a namespace-qualified annotation and reaches an exported variable before its twin type', () => {
    const schemas = analyze('src/classic/schemas.ts', [
      "import * as core from '../core/index';",
      "import * as vscode from 'vscode';",
      "import { Base } from './base';",
      'export interface Str { min(): void }',
      "export const Str: core.Ctor<Str> = core.make<Str>('Str', {});",
      'export const Uri: vscode.Uri = make();',
      'export function use(): void {',
      '  Str.init();',
      '  core.Leaf.init();',
      '  Base.init();',
      '  core.parse();',
      '  Uri.go();',
      '}',
    ]);
    expect(symbol(schemas, 'src/classic/schemas.Str').kind).toBe('interface');
    expect(schemas.symbols.find((s) => s.kind === 'variable' && s.name === 'Str')!.slotTypes).toBe(
      ';v=src/core/index.Ctor,src/core/index/index.Ctor;',
    );
    expect(hints(schemas).slice(2)).toEqual([
      // A same-file variable: the members of its annotated type; no suffix form for a namespace's type.
      'Str.init src/core/index.Ctor.init|src/core/index/index.Ctor.init|src/core/index.Ctor,src/core/index/index.Ctor~e~init',
      // `ns.x.m`: a static of `x`, else the member of the type the variable `x` declares, the variable first.
      'core.Leaf.init src/core/index.Leaf.init|src/core/index/index.Leaf.init|' +
        '=src/core/index.Leaf,=src/core/index/index.Leaf~v~init',
      'Base.init src/classic/base.Base.init|src/classic/base/index.Base.init|*Base.init|' +
        '=src/classic/base.Base,=src/classic/base/index.Base,src/classic/base.Base,src/classic/base/index.Base,*Base~v~init',
      // A namespace's constant (rule 1b), after its callables.
      'core.parse src/core/index.parse|src/core/index/index.parse|*parse|=src/core/index.parse',
      // Another package's namespace type names nothing: the initialiser's return type is used.
      'Uri.go *make~r~go',
    ]);
  });

  it('looks an imported type up through its own heritage before any suffix form', () => {
    const use = analyze('src/use.ts', [
      "import type { Str } from './schemas';",
      'export function f(s: Str): void {',
      '  s.min();',
      '}',
    ]);
    expect(hints(use)).toEqual([
      's.min src/schemas.Str.min|src/schemas/index.Str.min|src/schemas.Str,src/schemas/index.Str~e~min|*Str.min|*Str~e~min',
    ]);
  });

  it('resolves members of a top-level object literal of aliases through its spreads, the last one first', () => {
    const alias = analyze('src/json.ts', [
      "import * as _schemas from './schemas';",
      "import * as _checks from './checks';",
      "import * as _iso from './iso';",
      'const z = { ..._schemas, ..._checks, iso: _iso };',
      'const loop = { ...loop };',
      'export function g(): void {',
      '  z.string();',
      '  z.iso.date();',
      '  loop.x();',
      '}',
    ]);
    expect(hints(alias)).toEqual([
      'z.string src/checks.string|src/checks/index.string|=src/checks.string|' +
        'src/schemas.string|src/schemas/index.string|=src/schemas.string|*string',
      'z.iso.date src/iso.date|src/iso/index.date|=src/iso.date|*date',
      'loop.x null',
    ]);
  });

  it('types this in the methods of an object literal argument of a call with one type argument', () => {
    const proto = analyze('src/t.ts', [
      'export interface T { check(): void }',
      'export const T = make<T>({',
      '  with() { this.check(); },',
      '  arrow: () => this.check(),',
      '});',
      'export const U = make<Unknown>({ with() { this.check(); } });',
      'export const V = make({ with() { this.check(); } });',
    ]);
    expect(hints(proto).filter((h) => h.startsWith('this') && !h.endsWith('null'))).toEqual([
      'this.check src/t.T.check',
    ]);
  });
});

describe('references', () => {
  const refs = analyze('src/wire.ts', [
    /* 1 */ "import { handler } from './handlers';",
    /* 2 */ "import * as lib from '../lib';",
    /* 3 */ "import { pkgFn } from 'pkg';",
    /* 4 */ 'export function setup(emitter: Emitter) {',
    /* 5 */ "  emitter.on('x', handler);",
    /* 6 */ "  emitter.on('y', onLocal, pkgFn, emitter);",
    /* 7 */ '  const cb = lib.util;',
    /* 8 */ '  handler();',
    /* 9 */ '  return [onLocal, { fn: handler }];',
    /* 10 */ '}',
    /* 11 */ 'function onLocal() {}',
    /* 12 */ 'class C {',
    /* 13 */ '  field = 1;',
    /* 14 */ '  m() {}',
    /* 15 */ '  n() { register(this.m); register(this.field); }',
    /* 16 */ '}',
    /* 17 */ 'export const table = { a: onLocal };',
  ]);

  it('records callables used as values, never callees or unresolvable names', () => {
    expect(
      refs.references.map((r) => `${r.line} ${refs.symbols[r.ownerIndex]?.name} ${r.targetText} -> ${r.targetHint}`),
    ).toEqual([
      '5 setup handler -> src/handlers.handler|src/handlers/index.handler|*handler',
      '6 setup onLocal -> src/wire.onLocal',
      '7 setup lib.util -> lib.util|lib/index.util|*util',
      '9 setup onLocal -> src/wire.onLocal',
      '9 setup handler -> src/handlers.handler|src/handlers/index.handler|*handler',
      '15 n this.m -> src/wire.C.m',
      '17 table onLocal -> src/wire.onLocal',
    ]);
  });
});

describe('audit', () => {
  it('TS001: exported declarations and public methods of exported classes need a doc comment', () => {
    const audit = analyze('a.ts', [
      'export function bare() {}',
      '/** Documented. */',
      'export function documented(): void {}',
      'function internal() {}',
      'export class Api {',
      '  open(): void {}',
      '  private hidden(): void {}',
      '  constructor() {}',
      '  get size(): number { return 1; }',
      '  set size(v: number) {}',
      '}',
      '/** Documented class. */',
      'export class Doc {',
      '  /** The size. */',
      '  get size(): number { return 1; }',
      '  set size(v: number) {}',
      '}',
      'export interface I {}',
      'export type T = number;',
      'export enum E { A }',
      'export const fn = () => {};',
      'export const value = 1;',
      'export function ov(a: string): void;',
      'export function ov(a: number): void;',
      'export function ov(a: unknown): void {}',
    ]);
    expect(rules(audit)).toEqual([
      "TS001 bare exported function 'bare' has no doc comment",
      "TS001 Api exported class 'Api' has no doc comment",
      "TS001 Api.open public method 'open' has no doc comment",
      "TS001 Api.size public method 'size' has no doc comment",
      "TS001 I exported interface 'I' has no doc comment",
      "TS001 T exported type alias 'T' has no doc comment",
      "TS001 E exported enum 'E' has no doc comment",
      "TS001 fn exported function 'fn' has no doc comment",
      "TS001 ov exported function 'ov' has no doc comment",
    ]);
    expect(audit.findings[0]).toEqual({
      rule: 'TS001',
      line: 1,
      symbol: 'a.bare',
      message: "exported function 'bare' has no doc comment",
    });
  });

  it('TS002: every named parameter of a documented function needs @param', () => {
    const failing = analyze('p.ts', [
      '/** Doc. */',
      'export function f(this: Window, a: number, { b }: Opts, [c]: number[], d = 1, ...rest: string[]): void {}',
    ]);
    expect(rules(failing)).toEqual([
      "TS002 f parameter 'a' has no @param",
      "TS002 f parameter 'd' has no @param",
      "TS002 f parameter 'rest' has no @param",
    ]);
    const passing = analyze('p.ts', [
      '/**',
      ' * Doc.',
      ' * @param a - first',
      ' * @param {number} [d=1] - JSDoc style',
      ' * @param rest - others',
      ' */',
      'export function f(a: number, { b }: Opts, d = 1, ...rest: string[]): void {}',
      'class K {',
      '  /** Make one. @param size - how big */',
      '  constructor(private readonly size: number, other: string) {}',
      '}',
    ]);
    expect(rules(passing)).toEqual(["TS002 K.constructor parameter 'other' has no @param"]);
  });

  it('TS003: a @param must name a parameter', () => {
    const failing = analyze('q.ts', [
      '/** Doc. @param a - x @param zz - nope */',
      'export function g(a: number): void {}',
    ]);
    expect(rules(failing)).toEqual(["TS003 g @param 'zz' names no parameter"]);
    expect(failing.findings[0]?.line).toBe(2);
    const passing = analyze('q.ts', [
      '/** Doc. @param a - x @param a.inner - nested property */',
      'export function g(a: { inner: number }): void {}',
      '/** Doc. @param options - the destructured bag */',
      'export function h({ x }: { x: number }): void {}',
    ]);
    expect(rules(passing)).toEqual([]);
  });

  it('TS004: a function returning a value needs @returns', () => {
    const failing = analyze('r.ts', [
      '/** Doc. @param a - x */',
      'export function h(a: number) { return a; }',
      '/** Square. @param n - n */',
      'export const sq = (n: number): number => n * n;',
      '/** R. */',
      'export class R {',
      '  /** Method. */',
      '  m(): string { if (this) { return "x"; } return ""; }',
      '}',
    ]);
    expect(rules(failing)).toEqual([
      'TS004 h returns a value but has no @returns',
      'TS004 sq returns a value but has no @returns',
      'TS004 R.m returns a value but has no @returns',
    ]);
    const passing = analyze('r.ts', [
      '/** Doc. @param a - x @returns a */',
      'export function h(a: number) { return a; }',
      '/** Void. */',
      'export function v(): void { return; }',
      '/** Async void. */',
      'export async function w(): Promise<void> { return undefined; }',
      '/** Nested returns do not count. */',
      'export function outer(): void { const f = () => { return 1; }; [1].map(function (x) { return x; }); f(); }',
      '/** Never. */',
      'export function fail(): never { throw new Error("x"); }',
      '/** R. */',
      'export class R {',
      '  /** Getter. */',
      '  get g(): number { return 1; }',
      '  /** Legacy tag. @return one */',
      '  one(): number { return 1; }',
      '  /** Make. */',
      '  constructor() { return; }',
      '}',
    ]);
    expect(rules(passing)).toEqual([]);
  });
});

describe('errors', () => {
  it('throws AnalysisError with the line of the first syntax error', () => {
    expect(() => typescriptAnalyzer.analyze('bad.ts', 'const a = 1;\nconst = ;\n')).toThrow(AnalysisError);
    expect(() => typescriptAnalyzer.analyze('bad.ts', 'const a = 1;\nconst = ;\n')).toThrow(
      /^syntax error at line 2: /,
    );
    expect(() => typescriptAnalyzer.analyze('bad.ts', 'const x = <div/>;')).toThrow(/^syntax error at line 1: /);
  });
});
