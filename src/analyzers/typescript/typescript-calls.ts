/**
 * Call sites and callable references of the TypeScript walk: where the walk stands (the owning symbol, the class
 * `this` refers to, the local names that shadow file-level ones), what it records there, and the rules that turn a
 * dotted callee or value into a qualified target hint.
 *
 * @packageDocumentation
 */
import type {
  CallExpression,
  Expression,
  MemberExpression,
  NewExpression,
  ObjectPattern,
  VariableDeclarator,
} from 'oxc-parser';
import {
  DEFERRED_SEPARATOR,
  HINT_SEPARATOR,
  LIST_SEPARATOR,
  VALUE_PREFIX,
  type CallableReference,
  type CallSite,
} from '../../core/model.js';
import type { FileBindings, TypeDeclaration } from './typescript-bindings.js';
import type { SourceText } from './typescript-source.js';
import { castTypeName, type NarrowingContext } from './typescript-narrowing.js';
import {
  aliasMembers,
  functionValue,
  objectAliasChains,
  unwrapExpression,
  type AnyFunction,
} from './typescript-syntax.js';
import {
  annotationAt,
  arrayElementAt,
  constructedTypeName,
  declaredTypeNames,
  isFunctionTypeAnnotation,
  typeArgumentAt,
  unionAt,
  variableType,
} from './typescript-types.js';

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
  /** Element type name of each array-typed field (`observers: Array<Observer>`). */
  readonly elements: ReadonlyMap<string, string>;
  /** Value type names of each map-typed field (`data_: Map<K, Box<V>>`): what `this.data_.get(k)` returns. */
  readonly mapValues: ReadonlyMap<string, readonly string[]>;
}

/**
 * What the walk knows of a local's type: a class or interface name as written in this file, a slot of another
 * callable (`via`: its candidates joined by the list separator, `~`, the slot), which the backends look up, or either
 * of several (`anyOf`: an inline union `x: A | B`, or `isA(x) || isB(x)`), tried in order.
 */
export type ReceiverType = string | { readonly via: string } | { readonly anyOf: readonly ReceiverType[] };

/** Names bound by one function (parameters, local declarations); they shadow file-level names. */
export interface LocalScope {
  readonly names: string[];
  readonly parent: LocalScope | null;
  /** Types of locals declared with a class or interface type, constructed with `new`, or typed by a slot. */
  readonly types?: Map<string, ReceiverType>;
  /** Qualified names of functions and classes declared in this scope. */
  readonly declared?: Map<string, string>;
  /** Element types of locals declared as arrays (`x: Foo[]`) or kept from a call returning one (slot `r[]`). */
  readonly elements?: Map<string, ReceiverType>;
  /**
   * A narrowing region (an `if` branch whose condition proves `types`, or the statements after an early exit): it
   * binds nothing itself, declarations inside go to the nearest function scope.
   */
  readonly narrows?: true;
}

/**
 * Array methods that call a function with an element, by the parameter position the element takes
 * (`queries.forEach((query) => query.fetch())`).
 */
const ELEMENT_CALLBACKS: ReadonlyMap<string, number> = new Map([
  ['forEach', 0],
  ['map', 0],
  ['flatMap', 0],
  ['filter', 0],
  ['find', 0],
  ['findLast', 0],
  ['findIndex', 0],
  ['some', 0],
  ['every', 0],
  ['reduce', 1],
  ['reduceRight', 1],
]);

/** Array methods that return an array of the same elements (`observers.slice().forEach(…)`). */
const ELEMENT_COPIES: ReadonlySet<string> = new Set([
  'slice',
  'filter',
  'concat',
  'sort',
  'reverse',
  'toSorted',
  'toReversed',
  'splice',
]);

/** Array methods that return one element (`windows.shift()!.error()`, `const o = observers.find(…)`). */
const ELEMENT_RESULTS: ReadonlySet<string> = new Set(['shift', 'pop', 'at', 'find', 'findLast']);

/** Most candidates of a type chain (type hierarchies are followed breadth-first up to this). */
const MAX_CANDIDATES = 8;

/** Most candidates a hint carries: a type chain's, then deferred ones through imported types' heritage. */
const MAX_HINT_CANDIDATES = 12;

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
 * Path of a member call whose receiver chain reads an element by a name (`this[$mobx].get_`,
 * `(obj as Admin)[$mobx].set_`): the element is the segment `[name]`, looked up like a field of that name.
 *
 * @param callee - A callee (TS wrappers already removed at the top) that {@link memberChain} does not read.
 * @returns The path segments, or `null` when the callee is no such chain (the callee's own member is never computed).
 */
export function computedChain(callee: Expression): string[] | null {
  if (callee.type !== 'MemberExpression' || callee.computed) return null;
  const parts: string[] = [];
  let current: Expression = callee;
  while (current.type === 'MemberExpression') {
    const property = current.property;
    if (current.computed && property.type !== 'Identifier') return null;
    parts.push(
      current.computed
        ? `[${(property as { name: string }).name}]`
        : property.type === 'PrivateIdentifier'
          ? `#${property.name}`
          : (property as { name: string }).name,
    );
    current = unwrapExpression(current.object);
  }
  if (current.type === 'Identifier') parts.push(current.name);
  else if (current.type === 'ThisExpression') parts.push('this');
  else return null;
  return parts.reverse();
}

/**
 * The callee text of a path: segments joined by `.`, an element segment `[name]` written right after its object.
 *
 * @param chain - Path segments.
 * @returns The text (`this[$mobx].get_`).
 */
export function chainText(chain: readonly string[]): string {
  const text = chain.join('.');
  return text.includes('.[') ? text.replaceAll('.[', '[') : text;
}

/**
 * The callee text of a member call on a call result, as the accuracy oracle writes it: name chains with `()` after
 * each call, `new C()` for a construction and `(await …)` around an awaited value (`innerFrom().subscribe`,
 * `this.#client.getQueryCache().build`, `new Walk().run`, `(await open()).close`). A loop, not a recursion: fluent
 * chains can be long.
 *
 * @param callee - A callee (TS wrappers already removed at the top) that {@link memberChain} does not read.
 * @returns The text, or `null` when the callee is not a member access on such a chain.
 */
export function resultChainText(callee: Expression): string | null {
  if (callee.type !== 'MemberExpression') return null;
  const parts: string[] = [];
  let awaits = 0;
  let current: Expression = callee;
  for (;;) {
    if (current.type === 'MemberExpression') {
      if (current.computed) return null;
      const property = current.property;
      parts.push(property.type === 'PrivateIdentifier' ? `.#${property.name}` : `.${property.name}`);
      current = unwrapExpression(current.object);
    } else if (current.type === 'CallExpression') {
      parts.push('()');
      current = unwrapExpression(current.callee);
    } else if (current.type === 'AwaitExpression') {
      parts.push(')');
      awaits += 1;
      current = unwrapExpression(current.argument);
    } else if (current.type === 'NewExpression') {
      const chain = memberChain(unwrapExpression(current.callee));
      if (chain === null) return null;
      parts.push(`new ${chain.join('.')}()`);
      break;
    } else if (current.type === 'Identifier') {
      parts.push(current.name);
      break;
    } else if (current.type === 'ThisExpression' || current.type === 'Super') {
      parts.push(current.type === 'Super' ? 'super' : 'this');
      break;
    } else {
      return null;
    }
  }
  return `${'(await '.repeat(awaits)}${parts.reverse().join('')}`;
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
  /** Outside a class, the type a function declares for `this` (`function (this: Foo) {}`), else `null`. */
  protected thisType: string | null = null;
  /** Names bound by the enclosing functions, innermost first; `null` outside functions. */
  protected scope: LocalScope | null = null;
  /** Types of top-level variables, worked out on first use. */
  private readonly valueTypes = new Map<string, ReceiverType | null>();
  /** Object literals of aliases being followed (`const a = { ...b }`), so a cycle through them stops. */
  private readonly aliasing = new Set<string>();
  /**
   * Functions whose parameters a slot types, with the slot's prefix, until they are walked: argument `i` of a call
   * (`callees~a<i>.`, parameter `j` is `p<j>` of it) or a member of an object literal of a declared type (`T.m~`).
   */
  protected readonly callbackSlots = new Map<AnyFunction, string>();
  /** The type `this` has in a method of an object literal passed to a call with a type argument (`ThisType<T>`). */
  protected readonly literalThis = new Map<AnyFunction, string>();
  /** What narrowing asks of the walk, made on first use. */
  private narrowing: NarrowingContext | undefined;

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
    this.bindingScope()?.names.push(name);
  }

  /**
   * The scope declarations go to: the innermost function scope (narrowing regions are skipped).
   *
   * @returns The scope, or `null` outside functions.
   */
  protected bindingScope(): LocalScope | null {
    let scope = this.scope;
    while (scope?.narrows) scope = scope.parent;
    return scope;
  }

  /**
   * Enter a narrowing region: the names take the given types until {@link leaveNarrowing}.
   *
   * @param types - Narrowed types by local name (nothing happens when empty).
   * @returns What {@link leaveNarrowing} restores.
   */
  protected enterNarrowing(types: ReadonlyMap<string, ReceiverType>): LocalScope | null {
    const saved = this.scope;
    if (types.size === 0) return saved;
    // A name typed before keeps that type after the narrowed one: a predicate may prove a type that no symbol
    // declares (`x is { lift: … }`), and the compiler's view is then the declared type's member.
    const narrowed = new Map<string, ReceiverType>();
    for (const [name, type] of types) {
      const before = this.localBinding(name)?.type;
      narrowed.set(name, before === undefined ? type : { anyOf: [type, before] });
    }
    this.scope = { names: [...narrowed.keys()], types: narrowed, parent: saved, narrows: true };
    return saved;
  }

  /**
   * Leave a narrowing region.
   *
   * @param saved - What {@link enterNarrowing} returned.
   */
  protected leaveNarrowing(saved: LocalScope | null): void {
    this.scope = saved;
  }

  /**
   * What narrowing asks of the walk: the type a predicate call proves for its first argument (slot `g` of the
   * callee, a deferred candidate) and which names are local.
   *
   * @returns The narrowing context.
   */
  protected narrowingContext(): NarrowingContext {
    return (this.narrowing ??= {
      guardType: (callee) => {
        const chain = memberChain(callee);
        const callees = chain === null ? null : this.calleeList(chain, false);
        return callees === null ? null : { via: `${callees}${DEFERRED_SEPARATOR}g` };
      },
      isLocal: (name) => this.localBinding(name) !== null,
      isKnownType: (name) => this.typeCandidates(name).length > 0,
    });
  }

  /**
   * Record a local function or class declaration: its name is local, and calls to it resolve to its symbol.
   *
   * @param name - The declared name.
   * @param qualified - The symbol's qualified name.
   */
  protected bindLocalDeclaration(name: string, qualified: string): void {
    const scope = this.bindingScope();
    if (scope === null) return;
    scope.names.push(name);
    (scope as { declared?: Map<string, string> }).declared ??= new Map();
    scope.declared!.set(name, qualified);
  }

  /**
   * Record the declared type of a local name.
   *
   * @param name - The local name.
   * @param type - Its class or interface name as written, or the slot that types it.
   */
  protected bindLocalType(name: string, type: ReceiverType): void {
    const scope = this.bindingScope();
    if (scope === null) return;
    (scope as { types?: Map<string, ReceiverType> }).types ??= new Map();
    scope.types!.set(name, type);
  }

  /**
   * Record the element type of a local array.
   *
   * @param name - The local name.
   * @param type - Its element's class or interface name as written, or the slot that types it.
   */
  protected bindLocalElements(name: string, type: ReceiverType): void {
    const scope = this.bindingScope();
    if (scope === null) return;
    (scope as { elements?: Map<string, ReceiverType> }).elements ??= new Map();
    scope.elements!.set(name, type);
  }

  /**
   * The element type of an array the walk knows: a local or parameter declared as one or kept from a call returning
   * one, or an array-typed field of `this` (`this.observers`).
   *
   * @param chain - The array's path segments.
   * @returns The element type, or `null`.
   */
  protected elementTypeOf(chain: readonly string[]): ReceiverType | null {
    if (chain.length === 2 && chain[0] === 'this') return this.thisClass?.elements.get(chain[1]!) ?? null;
    if (chain.length === 2) {
      const type = this.localBinding(chain[0]!)?.type;
      return typeof type === 'string' ? this.fieldElementOf(type, chain[1]!) : null;
    }
    if (chain.length !== 1) return null;
    for (let scope = this.scope; scope !== null; scope = scope.parent) {
      if (!scope.narrows && scope.names.includes(chain[0]!)) return scope.elements?.get(chain[0]!) ?? null;
    }
    return null;
  }

  /**
   * The element type a class, interface or object literal type of this file declares for an array- or set-typed
   * field (`x.observers_.forEach(…)` with `x: IObservable` and `observers_: Set<IDerivation>`).
   *
   * @param type - The receiver's type name as written.
   * @param field - The field name.
   * @returns The element type name, or `null`.
   */
  private fieldElementOf(type: string, field: string): string | null {
    const declaration = this.bindings.typeDeclarations.get(type);
    if (declaration === undefined) return null;
    const members =
      declaration.type === 'TSInterfaceDeclaration'
        ? declaration.body.body
        : declaration.type === 'TSTypeAliasDeclaration'
          ? (aliasMembers(declaration) ?? [])
          : declaration.body.body;
    for (const member of members) {
      if (member.type !== 'TSPropertySignature' && member.type !== 'PropertyDefinition') continue;
      if (!member.computed && member.key.type === 'Identifier' && member.key.name === field) {
        return arrayElementAt(this.source.text, member.key.end);
      }
    }
    return null;
  }

  /**
   * The element type of an array value: a known array (`this.observers`, a typed local), a copy or subset of one
   * (`xs.slice()`, `xs.filter(…)`), or a call whose callee declares it returns an array (slot `r[]`).
   *
   * @param expr - The value (iterated, received, or a method's receiver).
   * @returns The element type, or `null`.
   */
  protected elementsOf(expr: Expression): ReceiverType | null {
    let value = unwrapExpression(expr);
    for (let hop = 0; hop < MAX_CANDIDATES; hop++) {
      const chain = memberChain(value);
      if (chain !== null) return this.elementTypeOf(chain);
      if (value.type !== 'CallExpression') return null;
      const callee = unwrapExpression(value.callee);
      const calleeChain = memberChain(callee);
      const copied =
        callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier'
          ? ELEMENT_COPIES.has(callee.property.name)
          : false;
      if (copied && calleeChain === null) {
        value = unwrapExpression((callee as MemberExpression).object);
        continue;
      }
      const kept = copied && calleeChain !== null ? this.elementTypeOf(calleeChain.slice(0, -1)) : null;
      if (kept !== null) return kept;
      const callees = calleeChain === null ? null : this.calleeList(calleeChain, false);
      return callees === null ? null : { via: `${callees}${DEFERRED_SEPARATOR}r[]` };
    }
    return null;
  }

  /**
   * `const { a, b: c } = this`: the locals take the declared type and element type of the fields they copy;
   * `const { a } = x` with `x` of a type `T` this file names: `a` takes the type `T` declares for the property
   * (slot `f.a`).
   *
   * @param pattern - The declarator's object pattern.
   * @param init - Its initialiser.
   */
  protected destructure(pattern: ObjectPattern, init: Expression): void {
    const source = unwrapExpression(init);
    if (source.type !== 'ThisExpression') {
      const local = source.type === 'Identifier' ? this.localBinding(source.name) : null;
      if (typeof local?.type === 'string') this.destructureTyped(pattern, local.type);
      return;
    }
    const context = this.thisClass;
    if (context === null) return;
    for (const [key, name] of patternNames(pattern)) {
      const type = context.fields.get(key);
      if (type !== undefined) this.bindLocalType(name, type);
      const element = context.elements.get(key);
      if (element !== undefined) this.bindLocalElements(name, element);
    }
  }

  /**
   * Destructuring a value of a type `T` this file names (`const { a } = x` with `x: T`, or a parameter
   * `{ a }: T`): each local takes the type `T` declares for its property (slot `f.a`).
   *
   * @param pattern - The object pattern.
   * @param type - The destructured value's type name as written.
   */
  protected destructureTyped(pattern: ObjectPattern, type: string): void {
    const holders = this.typeChain([type]).join(LIST_SEPARATOR);
    if (holders === '') return;
    for (const [key, name] of patternNames(pattern)) {
      this.bindLocalType(name, { via: `${holders}${DEFERRED_SEPARATOR}f.${key}` });
    }
  }

  /**
   * The element a callback passed to an array method receives, and at which parameter position.
   *
   * @param callee - The call's callee (TS wrappers removed).
   * @param chain - Its path segments, or `null` when it is not a name chain.
   * @returns The position and type, or `null` when the receiver is no known array or the method no element callback.
   */
  protected callbackElement(callee: Expression, chain: readonly string[] | null): [number, ReceiverType] | null {
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type === 'PrivateIdentifier') {
      return null;
    }
    const position = ELEMENT_CALLBACKS.get(callee.property.name);
    if (position === undefined) return null;
    const type = chain === null ? this.elementsOf(callee.object) : this.elementTypeOf(chain.slice(0, -1));
    return type === null ? null : [position, type];
  }

  /**
   * The element an array method returns (`windows.shift()`, `observers.find(…)`), when the array's element type is
   * known.
   *
   * @param call - A call.
   * @returns The element type, or `null`.
   */
  private elementResult(call: Expression): ReceiverType | null {
    if (call.type !== 'CallExpression') return null;
    const callee = unwrapExpression(call.callee);
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return null;
    if (callee.property.name === 'get') return this.mapValueOf(callee.object);
    return ELEMENT_RESULTS.has(callee.property.name) ? this.elementsOf(callee.object) : null;
  }

  /**
   * The value type of a map-typed field of `this` (`this.data_` with `data_: Map<K, Box<V>>`), when every type it
   * names is a type of the code base.
   *
   * @param map - The receiver of a `get` call.
   * @returns The value type (each member of a union in turn), or `null`.
   */
  private mapValueOf(map: Expression): ReceiverType | null {
    const chain = memberChain(unwrapExpression(map));
    if (chain?.length !== 2 || chain[0] !== 'this') return null;
    const values = this.thisClass?.mapValues.get(chain[1]!);
    if (values === undefined || !values.every((name) => this.typeCandidates(name).length > 0)) return null;
    return values.length === 1 ? values[0]! : { anyOf: values };
  }

  /**
   * The element type a local declaration gives its name: an array annotation, or a call whose callee declares it
   * returns an array (`const matched = cache.findAll()`, slot `r[]`).
   *
   * @param declarator - A declarator whose id is an identifier.
   * @returns The element type, or `null`.
   */
  protected declaredElements(declarator: VariableDeclarator): ReceiverType | null {
    const id = declarator.id as { name: string; start: number };
    const annotated = arrayElementAt(this.source.text, id.start + id.name.length);
    if (annotated !== null) return annotated;
    const init = declarator.init ? unwrapExpression(declarator.init) : null;
    // `[new Subject()]`: an array literal whose first element is constructed.
    if (init?.type === 'ArrayExpression') {
      const first = init.elements[0];
      return first && first.type !== 'SpreadElement' ? constructedTypeName(first) : null;
    }
    return init === null ? null : this.elementsOf(init);
  }

  /**
   * Record a call site owned by the current symbol.
   *
   * @param chain - The callee's path segments.
   * @param start - Offset of the call.
   * @param callee - The callee as parsed: a member of a cast receiver (`(x as Foo).m()`) is `Foo`'s member.
   */
  protected recordCall(chain: readonly string[], start: number, callee?: Expression): void {
    this.calls.push({
      callerIndex: this.owner,
      calleeText: chainText(chain),
      targetHint: this.castHint(callee, chain.at(-1)!) ?? this.hintFor(chain, false),
      line: this.source.lineOf(start),
    });
  }

  /**
   * Candidates of a member of a cast receiver (`(x as Foo).m`, `(<Foo>x).m`): the cast type's members, like a
   * receiver declared `Foo`; one field further (`(x as Foo).f.m`, `(x as Foo)[k].m`), the member of the type `Foo`
   * declares for `f` (`[k]`).
   *
   * @param callee - The callee as parsed, if any.
   * @param member - The member name.
   * @returns The hint, or `null` when the receiver is no cast to a type this file names.
   */
  private castHint(callee: Expression | undefined, member: string): string | null {
    if (callee?.type !== 'MemberExpression') return null;
    let candidates: string[] = [];
    const cast = castTypeName(callee.object);
    if (cast !== null) candidates = this.memberOf([cast], member);
    else {
      const field = callee.object;
      if (field.type === 'MemberExpression' && field.property.type === 'Identifier') {
        const holder = castTypeName(field.object);
        const name = field.computed ? `[${field.property.name}]` : field.property.name;
        if (holder !== null) candidates = this.memberOfField(holder, [name, member]);
      }
    }
    return candidates.length === 0 ? null : candidates.slice(0, MAX_HINT_CANDIDATES).join(HINT_SEPARATOR);
  }

  /**
   * Record a member call through an element read by a name (`this[$mobx].get_()`, `(x as T)[$mobx].m()`) when it has
   * candidates: the cast's or, the element being a field named `[name]`, the declared field type's (slot `f.[name]`).
   * A plain candidate naming the element can answer nothing (no symbol is named so), so it is left out.
   *
   * @param chain - The path from {@link computedChain}.
   * @param start - Offset of the call.
   * @param callee - The callee as parsed.
   */
  protected recordComputedCall(chain: readonly string[], start: number, callee: Expression): void {
    const cast = this.castHint(callee, chain.at(-1)!) ?? this.indexedElementHint(chain);
    const candidates =
      cast === null
        ? this.candidatesFor(chain, false).filter((c) => !c.includes('[') || c.includes(DEFERRED_SEPARATOR))
        : [cast];
    if (candidates.length === 0) return;
    this.calls.push({
      callerIndex: this.owner,
      calleeText: chainText(chain),
      targetHint: candidates.slice(0, MAX_HINT_CANDIDATES).join(HINT_SEPARATOR),
      line: this.source.lineOf(start),
    });
  }

  /**
   * `xs[i].m()` / `this.xs[i].m()` with `xs` an array the walk knows: the member of its element type.
   *
   * @param chain - The path from {@link computedChain}.
   * @returns The hint, or `null`.
   */
  private indexedElementHint(chain: readonly string[]): string | null {
    const at = chain.length - 2;
    if (at < 1 || !chain[at]!.startsWith('[') || chain.slice(0, at).some((part) => part.startsWith('['))) return null;
    const element = this.elementTypeOf(chain.slice(0, at));
    const candidates = element === null ? [] : this.memberOfType(element, chain.at(-1)!);
    return candidates.length === 0 ? null : candidates.slice(0, MAX_HINT_CANDIDATES).join(HINT_SEPARATOR);
  }

  /**
   * Record a member call on a call result (`f(…).m()`, `new C(…).m()`, `(await f(…)).m()`) when the analyzer can name
   * candidates for it: one hop, through the type the called function declares it returns (slot `r`, or `p` for an
   * awaited `Promise`) or the class constructed. Other call-result calls hold nothing to resolve and are not kept.
   *
   * @param callee - The call's callee (TS wrappers removed), which {@link memberChain} does not read.
   * @param start - Offset of the call.
   */
  protected recordResultCall(callee: MemberExpression, start: number): void {
    const hint = this.resultHint(callee);
    const text = hint === null ? null : resultChainText(callee);
    if (text === null) return;
    this.calls.push({ callerIndex: this.owner, calleeText: text, targetHint: hint, line: this.source.lineOf(start) });
  }

  private resultHint(callee: MemberExpression): string | null {
    if (callee.computed || callee.property.type === 'PrivateIdentifier') return null;
    const member = callee.property.name;
    const cast = this.castHint(callee, member);
    if (cast !== null) return cast;
    let receiver = unwrapExpression(callee.object);
    let slot = 'r';
    if (receiver.type === 'AwaitExpression') {
      receiver = unwrapExpression(receiver.argument);
      slot = 'p';
    }
    if (receiver.type === 'NewExpression' && slot === 'r') {
      const constructed = unwrapExpression(receiver.callee);
      if (constructed.type !== 'Identifier') return null;
      const local = this.localBinding(constructed.name);
      const candidates =
        local === null
          ? this.memberOf([constructed.name], member)
          : local.declared === undefined
            ? []
            : [`${local.declared}.${member}`];
      return candidates.length === 0 ? null : candidates.slice(0, MAX_HINT_CANDIDATES).join(HINT_SEPARATOR);
    }
    if (receiver.type !== 'CallExpression') return null;
    const element = slot === 'r' ? this.elementResult(receiver) : null;
    if (element !== null)
      return this.memberOfType(element, member).slice(0, MAX_HINT_CANDIDATES).join(HINT_SEPARATOR) || null;
    const chain = memberChain(unwrapExpression(receiver.callee));
    const callees = chain === null ? null : this.calleeList(chain, false);
    return callees === null ? null : `${callees}${DEFERRED_SEPARATOR}${slot}${DEFERRED_SEPARATOR}${member}`;
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
    return candidates.length === 0 ? null : candidates.slice(0, MAX_HINT_CANDIDATES).join(HINT_SEPARATOR);
  }

  private candidatesFor(chain: readonly string[], strict: boolean): string[] {
    const head = chain[0] as string;
    const rest = chain.length - 1;
    const member = chain[1];
    if (head === 'this' || head === 'super') {
      const context = this.thisClass;
      if (context === null) {
        const declared = head === 'this' && !strict ? this.thisType : null;
        if (declared === null) return [];
        // `this.f.m` in a function declaring `this: T`: the member of the type `T` records for `f`.
        return rest === 1 ? this.memberOf([declared], member!) : this.memberOfField(declared, chain.slice(1));
      }
      if (head === 'super') {
        if (rest === 0) return context.heritage.length > 0 ? this.typeCandidates(context.heritage[0]!) : [];
        return rest === 1 && !strict ? this.memberOf(context.heritage, member!) : [];
      }
      if (rest === 1) {
        if (strict && !context.methods.has(member!)) return [];
        return [`${context.qualified}.${member}`, ...(strict ? [] : this.memberOf(context.heritage, member!))];
      }
      const field = rest >= 2 && !strict ? context.fields.get(member!) : undefined;
      if (field === undefined) return [];
      return rest === 2 ? this.memberOf([field], chain[2]!) : this.memberOfField(field, chain.slice(2));
    }
    const local = this.localBinding(head);
    if (local !== null) {
      if (rest === 0) return local.declared === undefined ? [] : [local.declared];
      if (strict || local.type === undefined) return [];
      if (rest === 1) return this.memberOfType(local.type, member!);
      return typeof local.type === 'string' ? this.memberOfField(local.type, chain.slice(1)) : [];
    }
    // A call of a top-level variable of the file: that variable (rule 1b), never a same-named global.
    if (rest === 0 && !strict && this.bindings.values.has(head)) return [`${VALUE_PREFIX}${this.module}.${head}`];
    if (rest >= 1 && !strict && this.bindings.values.has(head)) {
      const aliases = this.aliasing.has(head) ? null : objectAliasChains(this.bindings.values.get(head)!.init, chain);
      if (aliases !== null) return this.throughAliases(head, aliases);
      const type = this.valueType(head);
      if (type === null) return [];
      if (rest === 1) return this.memberOfType(type, member!);
      return typeof type === 'string' ? this.memberOfField(type, chain.slice(1)) : [];
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
      if (rest === 1) {
        // A constant of the module (rule 1b) when no callable answers, as for a named import.
        const value = strict ? [] : [`${VALUE_PREFIX}${target.module}.${tail}`];
        return [`${target.module}.${tail}`, `${index}.${tail}`, `*${tail}`, ...value];
      }
      // `ns.x.m`: a member of `x` itself (a class's static), else of the type the variable `x` declares (slot `v`;
      // only the value candidates: a same-named interface, class or function holds no slot `v`).
      const variable =
        rest === 2 ? [this.valueHolder([`${target.module}.${member}`, `${index}.${member}`], chain[2]!, [])] : [];
      return [`${target.module}.${tail}`, `${index}.${tail}`, ...variable];
    }
    const suffix = target.name === 'default' ? [] : [`*${target.name}${rest === 0 ? '' : `.${tail}`}`];
    if (rest === 0) {
      // An imported constant bound to a class or a factory's result is the target when no callable answers.
      const value = strict || target.name === 'default' ? [] : [`${VALUE_PREFIX}${target.module}.${target.name}`];
      return [`${target.module}.${target.name}`, `${index}.${target.name}`, ...suffix, ...value];
    }
    if (strict) return [];
    // An imported variable: the member of the type it declares (slot `v`); the suffix form finds the variable when
    // the import names a module that only re-exports it.
    const named = target.name === 'default' ? [] : [`*${target.name}`];
    const holders = [`${target.module}.${target.name}`, `${index}.${target.name}`];
    return [
      `${target.module}.${target.name}.${tail}`,
      `${index}.${target.name}.${tail}`,
      ...(rest === 1 ? [...suffix, this.valueHolder(holders, tail, [...holders, ...named])] : []),
    ];
  }

  /**
   * The deferred candidate of a member of the type an exported variable declares (slot `v`): the variable by its
   * value candidates first (a same-named interface or type alias, declared before it, holds no slot `v`), then the
   * further holders.
   *
   * @param names - Qualified names the variable may have.
   * @param member - The member called.
   * @param further - Further holder candidates (the names themselves and a suffix form; none for `ns.x.m`).
   * @returns The deferred candidate.
   */
  private valueHolder(names: readonly string[], member: string, further: readonly string[]): string {
    const holders = [...names.map((name) => `${VALUE_PREFIX}${name}`), ...further];
    return `${holders.join(LIST_SEPARATOR)}${DEFERRED_SEPARATOR}v${DEFERRED_SEPARATOR}${member}`;
  }

  /**
   * Candidates for a member of some types and their ancestors, breadth-first; then, for each imported type, the
   * member through the heritage its own file records (slot `e` of the type's symbol).
   *
   * @param types - Type names as written in this file.
   * @param member - The member name.
   * @returns `Q.member` for every qualified type, `*T.member` for imported ones, then `T~e~member`.
   */
  private memberOf(types: readonly string[], member: string): string[] {
    const direct: string[] = [];
    const suffixed: string[] = [];
    const exactHolders: string[] = [];
    const suffixHolders: string[] = [];
    const inherited = (holders: string): string => `${holders}${DEFERRED_SEPARATOR}e${DEFERRED_SEPARATOR}${member}`;
    for (const type of this.typeNames(types)) {
      const candidates = this.typeCandidates(type);
      const imported = !this.bindings.types.has(type);
      const exact: string[] = [];
      for (const candidate of candidates) {
        const suffix = candidate.startsWith('*');
        if (direct.length + suffixed.length < MAX_CANDIDATES)
          (suffix ? suffixed : direct).push(`${candidate}.${member}`);
        if (imported && suffix) suffixHolders.push(inherited(candidate));
        else if (imported) exact.push(candidate);
      }
      if (exact.length > 0) exactHolders.push(inherited(exact.join(LIST_SEPARATOR)));
    }
    // The imported type's own heritage before any suffix form: `*T.m` may be a same-named type's member elsewhere
    // (another version of the library), while the type the import names inherits `m` from its base.
    return [...direct, ...exactHolders, ...suffixed, ...suffixHolders];
  }

  /**
   * Candidates for `x.field.member` where `x` has type `type`: the member of the type the type's symbol records for
   * the field (slot `f.field`), one level deep.
   *
   * @param type - The receiver's type name as written.
   * @param path - The field and the member (longer paths give nothing).
   * @returns The deferred candidate, or none.
   */
  private memberOfField(type: string, path: readonly string[]): string[] {
    const holders = this.typeChain([type]).join(LIST_SEPARATOR);
    if (path.length !== 2 || holders === '') return [];
    return [`${holders}${DEFERRED_SEPARATOR}f.${path[0]}${DEFERRED_SEPARATOR}${path[1]}`];
  }

  /**
   * Candidates for a member of a receiver's type: the type and its ancestors, or the deferred candidate of a slot.
   *
   * @param type - The receiver's type.
   * @param member - The member name.
   * @returns The candidates.
   */
  private memberOfType(type: ReceiverType, member: string): string[] {
    if (typeof type === 'string') return this.memberOf([type], member);
    if ('via' in type) return [`${type.via}${DEFERRED_SEPARATOR}${member}`];
    return type.anyOf.flatMap((each) => this.memberOfType(each, member));
  }

  /**
   * Some types and the ancestors this file knows, breadth-first (the file's own classes and interfaces are followed
   * up their heritage), deduplicated.
   *
   * @param types - Type names as written in this file.
   * @returns Type names as written.
   */
  private typeNames(types: readonly string[]): string[] {
    const out: string[] = [];
    let level = [...types];
    for (let depth = 0; level.length > 0 && out.length < MAX_CANDIDATES && depth < 4; depth++) {
      const next: string[] = [];
      for (const type of level) {
        if (out.includes(type)) continue;
        out.push(type);
        next.push(...(this.bindings.types.get(type) ?? []));
      }
      level = next;
    }
    return out;
  }

  /**
   * Whether a property is declared with a function type, inline or through a function type alias of this file:
   * it is called like a method, so it becomes a method symbol.
   *
   * @param nameEnd - Offset right after the property's name.
   * @returns `true` for a callable property.
   */
  protected isCallableProperty(nameEnd: number): boolean {
    const text = this.source.text;
    if (isFunctionTypeAnnotation(text, nameEnd)) return true;
    const type = annotationAt(text, nameEnd);
    return type !== null && this.bindings.functionTypes.has(type);
  }

  /**
   * A type's declared fields followed by those it inherits from the classes and interfaces of this file it extends
   * (breadth-first; a field declared nearer wins): `interface B extends A` types `b.x` by `A`'s `x: T`.
   *
   * @param heritage - The names it extends and implements, as written.
   * @param fields - Its own declared type names by field name.
   * @returns Declared type names by field name, own fields first.
   */
  protected withInheritedFields(
    heritage: readonly string[],
    fields: ReadonlyMap<string, string>,
  ): ReadonlyMap<string, string> {
    const ancestors = this.typeNames(heritage).filter((type) => this.bindings.typeDeclarations.has(type));
    if (ancestors.length === 0) return fields;
    const merged = new Map(fields);
    for (const type of ancestors) {
      for (const [name, declared] of this.ownFields(this.bindings.typeDeclarations.get(type)!)) {
        if (!merged.has(name)) merged.set(name, declared);
      }
    }
    return merged;
  }

  /**
   * The fields a class, interface or object literal type declares itself, with their declared type names.
   *
   * @param declaration - A top-level type declaration of this file.
   * @returns Declared type names by field name.
   */
  protected abstract ownFields(declaration: TypeDeclaration): ReadonlyMap<string, string>;

  /**
   * The slot types of a class or interface: its heritage as candidates in member-lookup order (slot `e`) and the
   * declared type of each field or property (slot `f.<name>`), so files that use it find inherited members and
   * members of its fields.
   *
   * @param heritage - The names it extends and implements, as written.
   * @param fields - Declared type names by field name.
   * @returns The encoded entries, or `undefined` when they name no known type.
   */
  protected typeSlots(heritage: readonly string[], fields: ReadonlyMap<string, string>): string | undefined {
    const entries: string[] = [];
    const add = (slot: string, chain: readonly string[]): void => {
      if (chain.length > 0) entries.push(`${slot}=${chain.join(LIST_SEPARATOR)}`);
    };
    add('e', this.typeChain(heritage));
    for (const [name, type] of fields) add(`f.${name}`, this.typeChain([type]));
    return entries.length === 0 ? undefined : `;${entries.join(';')};`;
  }

  /**
   * Candidates of some types and their ancestors, breadth-first: what a member lookup on them tries in order.
   *
   * @param types - Type names as written in this file.
   * @returns Qualified names of the file's types and imported ones, with the imported ones' suffix forms.
   */
  protected typeChain(types: readonly string[]): string[] {
    return this.typeNames(types)
      .flatMap((type) => this.typeCandidates(type))
      .slice(0, MAX_CANDIDATES);
  }

  /**
   * The type of a variable: its annotation or `new Foo()` initialiser, else the declared return type of the call that
   * initialises it (`const x = create()`, slot `r`) or the type an awaited call's `Promise` settles to
   * (`const x = await open()`, slot `p`); an assignment's value stands for the assignment (`const x = (this.x = f())`).
   *
   * @param declarator - A declarator whose id is an identifier.
   * @returns The type, or `null`.
   */
  protected declaredType(declarator: VariableDeclarator): ReceiverType | null {
    const typed = variableType(this.source.text, declarator);
    // A type of another package's namespace (`x: vscode.Uri = make()`) names nothing here: the initialiser may.
    if (typed !== null && (!typed.type.includes('.') || this.typeCandidates(typed.type).length > 0)) return typed.type;
    const id = declarator.id as { name: string; start: number };
    const union = this.unionType(id.start + id.name.length);
    if (union !== null) return union;
    let init = declarator.init ? unwrapExpression(declarator.init) : null;
    const copied = init === null ? null : memberChain(init);
    // `const cache = this.#cache`: the field's declared type.
    if (copied?.length === 2 && copied[0] === 'this') return this.thisClass?.fields.get(copied[1]!) ?? null;
    // `const self = this`: the enclosing top-level class, or the type the function declares for `this`.
    if (copied?.length === 1 && copied[0] === 'this') return this.thisTypeName();
    if (init?.type === 'AssignmentExpression') init = unwrapExpression(init.right);
    let slot = 'r';
    if (init?.type === 'AwaitExpression') {
      init = unwrapExpression(init.argument);
      slot = 'p';
    }
    if (init?.type !== 'CallExpression') return null;
    const element = slot === 'r' ? this.elementResult(init) : null;
    if (element !== null) return element;
    const chain = memberChain(unwrapExpression(init.callee));
    const callees = chain === null ? null : this.calleeList(chain, false);
    return callees === null ? null : { via: `${callees}${DEFERRED_SEPARATOR}${slot}` };
  }

  /**
   * `const def: T = { code(cxt) {…} }` (also `T & U`): each function the object literal holds for a member takes the
   * parameter types the declared type gives that member (slot `p<j>` of `T.code`), as a contextually typed callback.
   *
   * @param declarator - A variable declarator, at its visit (before its initialiser is walked).
   */
  protected typeObjectLiteral(declarator: VariableDeclarator): void {
    const init = declarator.init ? unwrapExpression(declarator.init) : null;
    if (init?.type !== 'ObjectExpression' || declarator.id.type !== 'Identifier') return;
    const types = declaredTypeNames(this.source.text, declarator.id.start + declarator.id.name.length);
    const holders = types === null ? [] : this.typeChain(types);
    if (holders.length === 0) return;
    for (const property of init.properties) {
      if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier') continue;
      const fn = functionValue(property.value);
      if (fn === null) continue;
      const member = property.key.name;
      this.callbackSlots.set(
        fn,
        `${holders.map((holder) => `${holder}.${member}`).join(LIST_SEPARATOR)}${DEFERRED_SEPARATOR}`,
      );
    }
  }

  /**
   * The type of a binding annotated with an inline union (`x: A | B`), when every member is a type this file can
   * name: a member is looked up in each in turn. A union with a library or primitive type gives nothing (the
   * compiler would see that type's member too).
   *
   * @param nameEnd - Offset right after the bound name.
   * @returns The union's members, or `null`.
   */
  protected unionType(nameEnd: number): ReceiverType | null {
    const names = unionAt(this.source.text, nameEnd);
    if (names === null || !names.every((name) => this.typeCandidates(name).length > 0)) return null;
    return { anyOf: names };
  }

  /**
   * The type `this` has, as a type name of this file: the enclosing class when it is a top-level class of the file,
   * else the type a function declares for `this`.
   *
   * @returns The type name, or `null`.
   */
  private thisTypeName(): string | null {
    const context = this.thisClass;
    if (context === null) return this.thisType;
    const name = context.qualified.slice(this.module.length + 1);
    return context.qualified === `${this.module}.${name}` && this.bindings.types.has(name) ? name : null;
  }

  /**
   * The type of a top-level variable of the file, worked out once in the file's scope.
   *
   * @param name - A top-level variable's name.
   * @returns Its type, or `null`.
   */
  private valueType(name: string): ReceiverType | null {
    if (this.valueTypes.has(name)) return this.valueTypes.get(name)!;
    const declarator = this.bindings.values.get(name);
    this.valueTypes.set(name, null);
    if (declarator === undefined) return null;
    const saved = { scope: this.scope, thisClass: this.thisClass };
    this.scope = null;
    this.thisClass = null;
    const type = this.declaredType(declarator);
    this.scope = saved.scope;
    this.thisClass = saved.thisClass;
    this.valueTypes.set(name, type);
    return type;
  }

  /**
   * `f<T>(…, { m() { this.n() } })`: the methods of an object literal argument of a call with one explicit type
   * argument that this file can name take `T` as their `this` (the `ThisType<T>` pattern:
   * `$constructor<T>(name, init, proto)`, `derived<T>(fields, methods)`); arrow members keep the `this` of where they
   * are written.
   *
   * @param node - The call.
   * @param callee - Its callee, unwrapped.
   */
  protected typeLiteralThis(node: CallExpression | NewExpression, callee: Expression): void {
    // Cheap tests first: this runs at every call.
    if (!node.arguments.some((arg) => arg.type === 'ObjectExpression')) return;
    const type = typeArgumentAt(this.source.text, callee.end);
    if (type === null || this.typeCandidates(type).length === 0) return;
    for (const arg of node.arguments) {
      if (arg.type !== 'ObjectExpression') continue;
      for (const property of arg.properties) {
        if (property.type === 'Property' && property.value.type === 'FunctionExpression') {
          this.literalThis.set(property.value, type);
        }
      }
    }
  }

  /**
   * Candidates of a member of a top-level object literal of aliases, through the names it holds: the exact and
   * value candidates of each rewritten path in turn, then their suffix forms.
   *
   * @param head - The object's name.
   * @param chains - The rewritten paths, in preference order.
   * @returns The candidates.
   */
  private throughAliases(head: string, chains: readonly string[][]): string[] {
    this.aliasing.add(head);
    const each = chains.map((path) => this.candidatesFor(path, false));
    this.aliasing.delete(head);
    const isSuffix = (candidate: string): boolean => candidate.startsWith('*');
    const exact = each.flatMap((list) => list.filter((c) => !isSuffix(c)));
    return [...new Set([...exact, ...each.flatMap((list) => list.filter(isSuffix))])];
  }

  /**
   * The candidates of a callee as a deferred candidate's first part: a `new` call names the class's constructor.
   *
   * @param chain - The callee's path segments.
   * @param constructs - Whether the call is a `new`.
   * @returns The candidates joined by the list separator, or `null` when there are none.
   */
  protected calleeList(chain: readonly string[], constructs: boolean): string | null {
    // A deferred candidate cannot nest inside another's callee part: only plain candidates go in.
    const candidates = this.candidatesFor(chain, false)
      .filter((c) => !c.includes(DEFERRED_SEPARATOR) && !c.startsWith(VALUE_PREFIX))
      .slice(0, MAX_CANDIDATES);
    if (candidates.length === 0) return null;
    return candidates.map((c) => (constructs ? `${c}.constructor` : c)).join(LIST_SEPARATOR);
  }

  /**
   * Qualified names a type name of this file can stand for: a top-level class or interface of the file, or a
   * relative import (its module, its folder index, then a suffix candidate).
   *
   * @param type - The type name as written.
   * @returns Exact names, then the suffix candidate (possibly none).
   */
  protected typeCandidates(type: string): string[] {
    if (this.bindings.types.has(type)) return [`${this.module}.${type}`];
    const dot = type.indexOf('.');
    if (dot > 0) {
      // `ns.T` with `ns` a namespace import: `T` of that module or its folder index (rule 1c follows a barrel). No
      // suffix form: a same-named type of another module (another version of the library) is not this one.
      const namespace = this.bindings.imports.get(type.slice(0, dot));
      if (namespace === undefined || namespace.name !== null) return [];
      const name = type.slice(dot + 1);
      return [`${namespace.module}.${name}`, `${namespace.module}/index.${name}`];
    }
    const target = this.bindings.imports.get(type);
    if (target === undefined || target.name === null) return [];
    // A default import names the module's `default` alias of its class (no suffix form: the name is not known).
    if (target.name === 'default') return [`${target.module}.default`];
    return [`${target.module}.${target.name}`, `${target.module}/index.${target.name}`, `*${target.name}`];
  }

  /**
   * What an enclosing function binds a name to.
   *
   * @param name - An identifier.
   * @returns `null` when no enclosing function binds it; else its local declaration and declared type, if known.
   */
  private localBinding(name: string): { declared?: string; type?: ReceiverType } | null {
    for (let scope = this.scope; scope !== null; scope = scope.parent) {
      if (!scope.names.includes(name)) continue;
      return { declared: scope.declared?.get(name), type: scope.types?.get(name) };
    }
    return null;
  }
}

/**
 * The plain properties of an object pattern: `{ a, b: c }` gives `[a, a]` and `[b, c]` (computed keys, nested
 * patterns and rest elements give nothing).
 *
 * @param pattern - An object pattern.
 * @returns Property key and local name pairs.
 */
function patternNames(pattern: ObjectPattern): [string, string][] {
  const out: [string, string][] = [];
  for (const property of pattern.properties) {
    if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier') continue;
    if (property.value.type === 'Identifier') out.push([property.key.name, property.value.name]);
  }
  return out;
}
