/**
 * Call sites and callable references of the TypeScript walk: where the walk stands (the owning symbol, the class
 * `this` refers to, the local names that shadow file-level ones), what it records there, and the rules that turn a
 * dotted callee or value into a qualified target hint.
 *
 * @packageDocumentation
 */
import type { Expression } from 'oxc-parser';
import type { CallableReference, CallSite } from '../../core/model.js';
import type { FileBindings } from './typescript-bindings.js';
import type { SourceText } from './typescript-source.js';
import { unwrapExpression } from './typescript-syntax.js';

/** The class `this` refers to inside a method body. */
export interface ClassContext {
  /** Qualified name of the class. */
  readonly qualified: string;
  /** Names of its methods, accessors and function-valued properties. */
  readonly methods: ReadonlySet<string>;
}

/** Names bound by one function (parameters, local declarations); they shadow file-level names. */
export interface LocalScope {
  readonly names: string[];
  readonly parent: LocalScope | null;
}

/**
 * Dotted path of an identifier, `this.x`, or a chain of static member accesses (`a.b.c`, `this.#p`).
 *
 * @param expr - A callee or value expression (TS wrappers already removed at the top).
 * @returns The path segments, or `null` for computed access, calls, `super` and anything else.
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
   * Qualified target of a dotted name, by the rules: `this.m` inside class C → `C.m`; a top-level function or
   * class → `module.name`; `C.m` for a top-level class C; a relative import → its module and exported name
   * (namespace imports take the rest of the chain). Package imports, locals and anything else → `null`.
   *
   * @param chain - Path segments, e.g. `['ns', 'go']`.
   * @param strict - For references: only names that are known methods or callables (no `imported.x` chains).
   * @returns The qualified hint, or `null`.
   */
  private hintFor(chain: readonly string[], strict: boolean): string | null {
    const head = chain[0] as string;
    const rest = chain.length - 1;
    if (head === 'this') {
      const context = this.thisClass;
      const member = chain[1];
      if (context === null || rest !== 1 || member === undefined) return null;
      return strict && !context.methods.has(member) ? null : `${context.qualified}.${member}`;
    }
    if (this.isLocal(head)) return null;
    const callable = this.bindings.callables.get(head);
    if (callable !== undefined) {
      if (rest === 0) return `${this.module}.${head}`;
      const member = chain[1] as string;
      if (callable.kind !== 'class' || rest !== 1 || (strict && !callable.methods.has(member))) return null;
      return `${this.module}.${head}.${member}`;
    }
    const target = this.bindings.imports.get(head);
    if (target === undefined) return null;
    const tail = chain.slice(1).join('.');
    if (target.name === null) return rest === 0 || (strict && rest !== 1) ? null : `${target.module}.${tail}`;
    if (rest === 0) return `${target.module}.${target.name}`;
    return strict ? null : `${target.module}.${target.name}.${tail}`;
  }

  /**
   * Whether a name is bound by an enclosing function.
   *
   * @param name - An identifier.
   * @returns `true` when a parameter or local declaration shadows file-level names.
   */
  private isLocal(name: string): boolean {
    for (let scope = this.scope; scope !== null; scope = scope.parent) {
      if (scope.names.includes(name)) return true;
    }
    return false;
  }
}
