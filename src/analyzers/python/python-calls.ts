/**
 * Call sites and callable references of a Python file, resolved once the walk has seen every definition, import and
 * assignment: each call gets the resolution candidates of its callee (`docs/architecture/index-semantics.md`, "How
 * the analyzers build candidates"), each reference the qualified target its name resolves to in its scope.
 *
 * @packageDocumentation
 */
import { HINT_SEPARATOR, type CallSite, type CallableReference } from '../../core/model.js';
import { enclosingClassScope, resolveName, type Resolution, type Scope } from './python-scope.js';
import type { RawUse, WalkResult } from './python-walker.js';

/** Names of Python's `builtins` module: an unbound name among them is the builtin, never a code-base symbol. */
const BUILTINS: ReadonlySet<string> = new Set(
  (
    'abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex ' +
    'copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr ' +
    'globals hasattr hash help hex id input int isinstance issubclass iter len license list locals map max ' +
    'memoryview min next object oct open ord pow print property quit range repr reversed round set setattr slice ' +
    'sorted staticmethod str sum super tuple type vars zip __import__ ArithmeticError AssertionError ' +
    'AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError BufferError BytesWarning ' +
    'ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError ' +
    'DeprecationWarning EOFError EncodingWarning EnvironmentError Exception ExceptionGroup FileExistsError ' +
    'FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning ' +
    'IndentationError IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError ' +
    'MemoryError ModuleNotFoundError NameError NotADirectoryError NotImplementedError OSError OverflowError ' +
    'PendingDeprecationWarning PermissionError ProcessLookupError RecursionError ReferenceError ResourceWarning ' +
    'RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError ' +
    'SystemExit TabError TimeoutError TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError ' +
    'UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning ZeroDivisionError'
  ).split(' '),
);

/** Most candidates a hint carries. */
const MAX_CANDIDATES = 8;

/**
 * Every call of the file, with the candidates its callee resolves to (or `null`).
 *
 * @param walk - What the walk collected.
 * @returns The call sites in source order.
 */
export function callSites(walk: WalkResult): CallSite[] {
  // The same callee in the same scope resolves the same way (resolution runs after the walk, on final scopes).
  const hints = new Map<Scope, Map<string, string | null>>();
  return walk.calls.map((use) => {
    let inScope = hints.get(use.scope);
    if (inScope === undefined) {
      inScope = new Map();
      hints.set(use.scope, inScope);
    }
    let targetHint = inScope.get(use.text);
    if (targetHint === undefined) {
      const candidates = candidatesFor(use.text, use.scope).slice(0, MAX_CANDIDATES);
      targetHint = candidates.length === 0 ? null : candidates.join(HINT_SEPARATOR);
      inScope.set(use.text, targetHint);
    }
    return { callerIndex: use.scope.symbolIndex, calleeText: use.text, targetHint, line: use.line };
  });
}

/**
 * Candidates of a callee: `self.m` / `cls.m` → the class, then its bases; `super().m` → the bases; `self.f.m` and
 * `x.m` → the class the field or local was constructed from; other locals and parameters → nothing; a name bound
 * by a definition or import → its qualified name, then (imports of the same top package) a suffix candidate for
 * re-exports; an unbound name that is not a builtin → `*name`.
 *
 * @param text - The callee as written.
 * @param scope - Innermost scope of the call.
 * @returns Candidates in order of preference.
 */
function candidatesFor(text: string, scope: Scope): string[] {
  const parts = text.split('.');
  const head = parts[0]!;
  const rest = parts.length - 1;
  if (head === 'super()') {
    const owner = enclosingClassScope(scope);
    return owner === null || rest !== 1 ? [] : memberOfBases(owner, parts[1]!);
  }
  if ((head === 'self' || head === 'cls') && !isParameterless(scope, head)) {
    const owner = enclosingClassScope(scope);
    if (owner !== null && rest === 1) return [`${owner.qualifiedName}.${parts[1]}`, ...memberOfBases(owner, parts[1]!)];
    const field = owner !== null && rest === 2 ? owner.fields?.get(parts[1]!) : undefined;
    if (field !== undefined) return typeCandidates(field, owner!.parent!).map((t) => `${t}.${parts[2]}`);
    if (owner !== null) return [];
  }
  const local = localBinding(head, scope);
  if (local !== undefined) {
    if (local === null || rest !== 1) return [];
    return typeCandidates(local.type, local.scope).map((t) => `${t}.${parts[1]}`);
  }
  const resolved = resolveName(text, scope);
  if (resolved !== null) return [resolved.hint, ...reExportSuffix(resolved, parts, scope)];
  return rest === 0 && !BUILTINS.has(head) && !isBound(head, scope) ? [`*${head}`] : [];
}

/**
 * Whether `self`/`cls` is not a parameter of the enclosing function (then it is just a name).
 *
 * @param scope - Innermost scope of the use.
 * @param name - `self` or `cls`.
 * @returns `true` when the nearest function does not take it as a parameter.
 */
function isParameterless(scope: Scope, name: string): boolean {
  for (let current: Scope | null = scope; current !== null; current = current.parent) {
    if (current.kind === 'function') return current.parameters?.has(name) !== true;
  }
  return true;
}

/**
 * A local of an enclosing function.
 *
 * @param name - The name.
 * @param scope - Innermost scope of the use.
 * @returns `undefined` when no function binds the name, `null` for a parameter or an untyped local, else the class
 *   it was constructed from and the scope to resolve that name in.
 */
function localBinding(name: string, scope: Scope): { type: string; scope: Scope } | null | undefined {
  for (let current: Scope | null = scope; current !== null; current = current.parent) {
    if (current.kind === 'class' && current !== scope) continue;
    if (current.kind === 'module') return undefined;
    if (current.bindings?.has(name)) return undefined;
    if (current.parameters?.has(name) === true) return null;
    if (current.locals?.has(name)) {
      const type = current.locals.get(name);
      return type === null || type === undefined ? null : { type, scope: current };
    }
  }
  return undefined;
}

/**
 * Whether a name is bound anywhere up the scope chain (imports, definitions, parameters, locals).
 *
 * @param name - The name.
 * @param scope - Innermost scope of the use.
 * @returns `true` when some scope binds it.
 */
function isBound(name: string, scope: Scope): boolean {
  for (let current: Scope | null = scope; current !== null; current = current.parent) {
    if (current.bindings?.has(name) || current.parameters?.has(name) || current.locals?.has(name)) return true;
  }
  return false;
}

/**
 * Whether a qualified name lies in the top package of the file a scope belongs to (same first segment).
 *
 * @param name - A qualified name.
 * @param scope - Any scope of the file.
 * @returns `true` when the first segments are equal.
 */
function inTopPackage(name: string, scope: Scope): boolean {
  let root = scope;
  while (root.parent !== null) root = root.parent;
  const module = root.qualifiedName;
  const moduleDot = module.indexOf('.');
  const nameDot = name.indexOf('.');
  const length = moduleDot < 0 ? module.length : moduleDot;
  if ((nameDot < 0 ? name.length : nameDot) !== length) return false;
  for (let i = 0; i < length; i++) if (module.charCodeAt(i) !== name.charCodeAt(i)) return false;
  return true;
}

/**
 * A suffix candidate for a name imported from the same top package: the name may be re-exported (`nx.Graph`,
 * `from .algorithms import shortest_path`), so `networkx.*Graph` finds its only definition under the module it was
 * imported from (a package's `__init__` re-exports from its own submodules).
 *
 * @param resolved - How the written name resolved.
 * @param parts - The written name's segments.
 * @param scope - Innermost scope of the use.
 * @returns The suffix candidate, or none.
 */
function reExportSuffix(resolved: Resolution, parts: readonly string[], scope: Scope): string[] {
  if (resolved.via !== 'import' || !inTopPackage(resolved.hint, scope)) return [];
  const hintParts = resolved.hint.split('.');
  const headIsModule = parts.length > 1 && resolveName(parts[0]!, scope)?.isModule === true;
  // After a module (`nx.foo`, `nx.Graph.add_edge`): the function, or the class and its member, under the module.
  // After an imported name (`Graph`, `Graph.add_edge`): the name as imported and what follows, under its module.
  const modulePart = headIsModule ? resolveName(parts[0]!, scope)!.hint : hintParts.slice(0, -parts.length).join('.');
  const named = headIsModule ? parts.slice(1) : [hintParts.at(-parts.length)!, ...parts.slice(1)];
  const classMember = named.length >= 2 && /^_?[A-Z]/.test(named.at(-2)!);
  return [`${modulePart}.*${named.slice(classMember ? -2 : -1).join('.')}`];
}

/**
 * Qualified names a class name written in a scope can stand for: what it resolves to, then a suffix candidate
 * when it is imported from the same top package.
 *
 * @param type - The class name as written.
 * @param scope - The scope it was written in.
 * @returns Candidates for the class (possibly none).
 */
function typeCandidates(type: string, scope: Scope): string[] {
  const resolved = resolveName(type, scope);
  if (resolved === null) return type.includes('.') || BUILTINS.has(type) ? [] : [`*${type}`];
  if (resolved.via !== 'import' || !inTopPackage(resolved.hint, scope)) return [resolved.hint];
  const dot = resolved.hint.lastIndexOf('.');
  return [resolved.hint, `${resolved.hint.slice(0, dot + 1)}*${resolved.hint.slice(dot + 1)}`];
}

/**
 * `B.m` candidates for each base class `B` of a class, in base order.
 *
 * @param owner - The class scope.
 * @param member - The member name.
 * @returns The candidates.
 */
function memberOfBases(owner: Scope, member: string): string[] {
  const outer = owner.parent ?? owner;
  return (owner.bases ?? []).flatMap((base) => typeCandidates(base, outer).map((t) => `${t}.${member}`));
}

/**
 * Value uses that name a callable: definitions of this file, methods it defines (through `self`, `cls` or the
 * class), or imported names other than bare modules. Plain locals resolve to nothing and are dropped.
 *
 * @param walk - What the walk collected.
 * @returns The references in source order.
 */
export function callableReferences(walk: WalkResult): CallableReference[] {
  const references: CallableReference[] = [];
  let defined: Set<string> | null = null;
  for (const use of walk.values) {
    const resolved = resolveName(use.text, use.scope);
    if (resolved === null || resolved.isModule) continue;
    if (resolved.via === 'member') {
      defined ??= new Set(walk.symbols.map((symbol) => symbol.qualifiedName));
      if (!defined.has(resolved.hint)) continue;
    }
    references.push(toReference(use, resolved));
  }
  return references;
}

function toReference(use: RawUse, resolved: Resolution): CallableReference {
  return { ownerIndex: use.scope.symbolIndex, targetText: use.text, targetHint: resolved.hint, line: use.line };
}
