/**
 * Call sites and callable references of the TypeScript walk: where the walk stands (the owning symbol, the class
 * `this` refers to, the local names that shadow file-level ones), what it records there, and the rules that turn a
 * dotted callee or value into a qualified target hint.
 *
 * @packageDocumentation
 */
import type { Expression } from 'oxc-parser';
import { HINT_SEPARATOR, type CallableReference, type CallSite } from '../../core/model.js';
import type { FileBindings } from './typescript-bindings.js';
import type { SourceText } from './typescript-source.js';
import { unwrapExpression } from './typescript-syntax.js';

/** The class `this` refers to inside a method body. */
export interface ClassContext {
  /** Qualified name of the class. */
  readonly qualified: string;
  /** Names of its methods, accessors and function-valued properties. */
  readonly methods: ReadonlySet<string>;
  /** Type names it extends and implements as written, superclass first. */
  readonly heritage: readonly string[];
  /** Declared or constructed type name of each field (`x: Foo`, `x = new Foo()`, constructor parameter properties). */
  readonly fields: ReadonlyMap<string, string>;
}

/** Names bound by one function (parameters, local declarations); they shadow file-level names. */
export interface LocalScope {
  readonly names: string[];
  readonly parent: LocalScope | null;
  /** Type names of locals declared with a class or interface type (or constructed with `new`). */
  readonly types?: Map<string, string>;
  /** Qualified names of functions and classes declared in this scope. */
  readonly declared?: Map<string, string>;
}

/** Most candidates a hint carries (type hierarchies are followed breadth-first up to this). */
const MAX_CANDIDATES = 8;

/**
 * Dotted path of an identifier, `this.x`, `super` / `super.m`, or a chain of static member accesses (`a.b.c`,
 * `this.#p`).
 *
 * @param expr - A callee or value expression (TS wrappers already removed at the top).
 * @returns The path segments, or `null` for computed access, calls and anything else.
 */
export function memberChain(expr: Expression): string[] | null {
  const parts: string[] = [];
  let current = expr;
  while (current.type === 'MemberExpression') {
    if (current.computed) return null;
    const property = current.property;
    parts.push(property.type === 'PrivateIdentifier' ? `#${property.name}` : property.name);
    current = unwrapExpression(current.object);
  }
  if (current.type === 'Identifier') parts.push(current.name);
  else if (current.type === 'ThisExpression') parts.push('this');
  else if (current.type === 'Super') parts.push('super');
  else return null;
  return parts.reverse();
}

/**
 * The walk's position and what it records there. The declaration pass and the walker move the position (owner,
 * `this`, local scope) as they enter and leave functions and classes; calls and references are recorded against it.
 */
export abstract class CallRecorder {
  /** Call sites in walk order. */
  readonly calls: CallSite[] = [];
  /** Callable references in walk order. */
  readonly references: CallableReference[] = [];

  protected readonly source: SourceText;
  protected readonly bindings: FileBindings;
  protected readonly module: string;
  /** Index of the innermost enclosing symbol. */
  protected owner = 0;
  protected thisClass: ClassContext | null = null;
  /** Names bound by the enclosing functions, innermost first; `null` outside functions. */
  protected scope: LocalScope | null = null;

  /**
   * @param source - The file text and line table.
   * @param bindings - Imports and top-level names from the binding pass.
   * @param module - Module name of the file.
   */
  constructor(source: SourceText, bindings: FileBindings, module: string) {
    this.source = source;
    this.bindings = bindings;
    this.module = module;
  }

  /**
   * Record a name declared in the current function so it shadows file-level names.
   *
   * @param name - The local name.
   */
  protected bindLocal(name: string): void {
    if (this.scope !== null) this.scope.names.push(name);
  }

  /**
   * Record a local function or class declaration: its name is local, and calls to it resolve to its symbol.
   *
   * @param name - The declared name.
   * @param qualified - The symbol's qualified name.
   */
  protected bindLocalDeclaration(name: string, qualified: string): void {
    if (this.scope === null) return;
    this.scope.names.push(name);
    (this.scope as { declared?: Map<string, string> }).declared ??= new Map();
    this.scope.declared!.set(name, qualified);
  }

  /**
   * Record the declared type of a local name.
   *
   * @param name - The local name.
   * @param type - Its class or interface name as written.
   */
  protected bindLocalType(name: string, type: string): void {
    if (this.scope === null) return;
    (this.scope as { types?: Map<string, string> }).types ??= new Map();
    this.scope.types!.set(name, type);
  }

  /**
   * Record a call site owned by the current symbol.
   *
   * @param chain - The callee's path segments.
   * @param start - Offset of the call.
   */
  protected recordCall(chain: readonly string[], start: number): void {
    this.calls.push({
      callerIndex: this.owner,
      calleeText: chain.join('.'),
      targetHint: this.hintFor(chain, false),
      line: this.source.lineOf(start),
    });
  }

  /**
   * Record a value that names a known callable as a reference owned by the current symbol; other values are dropped.
   *
   * @param chain - The value's path segments.
   * @param start - Offset of the value.
   */
  protected recordReference(chain: readonly string[], start: number): void {
    const hint = this.hintFor(chain, true);
    if (hint === null) return;
    this.references.push({
      ownerIndex: this.owner,
      targetText: chain.join('.'),
      targetHint: hint,
      line: this.source.lineOf(start),
    });
  }

  /**
   * Resolution candidates of a dotted name (`docs/architecture/index-semantics.md`, "How the analyzers build
   * candidates"): `this.m` → the class and its ancestors; `this.f.m` and `x.m` → the declared type of the field or
   * local; `super(…)` / `super.m` → the ancestors; a local function → its symbol, other locals → nothing; a
   * top-level function or class → `module.name`; a relative import → its module, the folder index, then `*name`;
   * an unbound name (a script global) → `*name`; package imports → nothing.
   *
   * @param chain - Path segments, e.g. `['ns', 'go']`.
   * @param strict - For references: only names that are known methods or callables (no `imported.x` chains).
   * @returns The candidates joined by the hint separator, or `null`.
   */
  private hintFor(chain: readonly string[], strict: boolean): string | null {
    const candidates = this.candidatesFor(chain, strict);
    return candidates.length === 0 ? null : candidates.slice(0, MAX_CANDIDATES).join(HINT_SEPARATOR);
  }

  private candidatesFor(chain: readonly string[], strict: boolean): string[] {
    const head = chain[0] as string;
    const rest = chain.length - 1;
    const member = chain[1];
    if (head === 'this' || head === 'super') {
      const context = this.thisClass;
      if (context === null) return [];
      if (head === 'super') {
        if (rest === 0) return context.heritage.length > 0 ? this.typeCandidates(context.heritage[0]!) : [];
        return rest === 1 && !strict ? this.memberOf(context.heritage, member!) : [];
      }
      if (rest === 1) {
        if (strict && !context.methods.has(member!)) return [];
        return [`${context.qualified}.${member}`, ...(strict ? [] : this.memberOf(context.heritage, member!))];
      }
      const field = rest === 2 && !strict ? context.fields.get(member!) : undefined;
      return field === undefined ? [] : this.memberOf([field], chain[2]!);
    }
    const local = this.localBinding(head);
    if (local !== null) {
      if (rest === 0) return local.declared === undefined ? [] : [local.declared];
      return rest === 1 && !strict && local.type !== undefined ? this.memberOf([local.type], member!) : [];
    }
    const callable = this.bindings.callables.get(head);
    if (callable !== undefined) {
      if (rest === 0) return [`${this.module}.${head}`];
      if (callable.kind !== 'class' || rest !== 1 || (strict && !callable.methods.has(member!))) return [];
      return [`${this.module}.${head}.${member}`, ...this.memberOf(this.bindings.types.get(head) ?? [], member!)];
    }
    const target = this.bindings.imports.get(head);
    if (target === undefined) {
      if (this.bindings.packageImports.has(head) || this.bindings.types.has(head)) return [];
      return rest === 0 ? [`*${head}`] : [];
    }
    const tail = chain.slice(1).join('.');
    const index = `${target.module}/index`;
    if (target.name === null) {
      if (rest === 0 || (strict && rest !== 1)) return [];
      return [`${target.module}.${tail}`, `${index}.${tail}`, ...(rest === 1 ? [`*${tail}`] : [])];
    }
    const suffix = target.name === 'default' ? [] : [`*${target.name}${rest === 0 ? '' : `.${tail}`}`];
    if (rest === 0) return [`${target.module}.${target.name}`, `${index}.${target.name}`, ...suffix];
    if (strict) return [];
    return [
      `${target.module}.${target.name}.${tail}`,
      `${index}.${target.name}.${tail}`,
      ...(rest === 1 ? suffix : []),
    ];
  }

  /**
   * Candidates for a member of some types and their ancestors, breadth-first.
   *
   * @param types - Type names as written in this file.
   * @param member - The member name.
   * @returns `Q.member` for every qualified type, `*T.member` for imported ones.
   */
  private memberOf(types: readonly string[], member: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    let level = [...types];
    for (let depth = 0; level.length > 0 && out.length < MAX_CANDIDATES && depth < 4; depth++) {
      const next: string[] = [];
      for (const type of level) {
        if (seen.has(type)) continue;
        seen.add(type);
        for (const candidate of this.typeCandidates(type)) out.push(`${candidate}.${member}`);
        next.push(...(this.bindings.types.get(type) ?? []));
      }
      level = next;
    }
    return out;
  }

  /**
   * Qualified names a type name of this file can stand for: a top-level class or interface of the file, or a
   * relative import (its module, its folder index, then a suffix candidate).
   *
   * @param type - The type name as written.
   * @returns Exact names, then the suffix candidate (possibly none).
   */
  private typeCandidates(type: string): string[] {
    if (this.bindings.types.has(type)) return [`${this.module}.${type}`];
    const target = this.bindings.imports.get(type);
    if (target === undefined || target.name === null || target.name === 'default') return [];
    return [`${target.module}.${target.name}`, `${target.module}/index.${target.name}`, `*${target.name}`];
  }

  /**
   * What an enclosing function binds a name to.
   *
   * @param name - An identifier.
   * @returns `null` when no enclosing function binds it; else its local declaration and declared type, if known.
   */
  private localBinding(name: string): { declared?: string; type?: string } | null {
    for (let scope = this.scope; scope !== null; scope = scope.parent) {
      if (!scope.names.includes(name)) continue;
      return { declared: scope.declared?.get(name), type: scope.types?.get(name) };
    }
    return null;
  }
}
