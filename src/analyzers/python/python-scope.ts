/**
 * Lexical scopes of a Python file and best-effort resolution of dotted names (`f`, `self.m`, `np.linalg.norm`) to
 * qualified names through imports, module-level definitions and the enclosing class.
 *
 * @packageDocumentation
 */

/** What a name is bound to in a scope. */
export interface Binding {
  /** Qualified name the binding stands for, e.g. `networkx.utils.not_implemented_for`. */
  readonly target: string;
  /** `def` and `class` statements of this file; everything else is an import. */
  readonly origin: 'definition' | 'import';
  /** A class defined in this file (so `C.m` resolves to a method). */
  readonly isClass: boolean;
  /** Bound by `import a.b` / `import a.b as c`: the name is a module, never a callable by itself. */
  readonly isModule: boolean;
}

/** One scope: the module, a class body, a function body, or a lambda (which owns no symbol). */
export interface Scope {
  readonly parent: Scope | null;
  readonly kind: 'module' | 'class' | 'function' | 'lambda';
  /** Index of the owning symbol in the file's symbol list (the enclosing one for lambdas). */
  readonly symbolIndex: number;
  /** Qualified name of the owning symbol. */
  readonly qualifiedName: string;
  /** Parameter names of a function (they shadow outer names). */
  readonly parameters: ReadonlySet<string> | null;
  /** Names bound in this scope by imports and definitions; created on first binding. */
  bindings: Map<string, Binding> | null;
  /** A class's base classes as written (`Base`, `nx.Graph`). */
  bases?: readonly string[];
  /** A class's attributes assigned a constructed object in its methods (`self.g = Graph()` → `g` → `Graph`). */
  fields?: Map<string, string>;
  /** A function's assigned local names, with the class name a local was constructed from (`x = Foo()`), if any. */
  locals?: Map<string, string | null>;
}

/** How a dotted name resolved. */
export interface Resolution {
  readonly hint: string;
  /** `self`/`cls`/`C.m` resolutions point at methods that may be inherited rather than defined here. */
  readonly via: 'definition' | 'import' | 'member';
  /** The name is exactly a module bound by `import` (for references, which want callables). */
  readonly isModule: boolean;
}

/**
 * Bind a name in a scope; the first binding wins, so a `try: import x` beats its `except ImportError` fallback and
 * a definition beats an import of the same name only when it comes first.
 *
 * @param scope - Scope holding the binding.
 * @param name - Bound name.
 * @param binding - What it stands for.
 */
export function bind(scope: Scope, name: string, binding: Binding): void {
  scope.bindings ??= new Map();
  if (!scope.bindings.has(name)) scope.bindings.set(name, binding);
}

/**
 * Resolve a dotted name as written in a scope.
 *
 * @param text - Dotted name without whitespace, e.g. `self.save` or `nx.shortest_path`.
 * @param scope - Innermost scope of the use.
 * @returns The resolution, or `null` for builtins, locals, parameters and attributes of unknown objects.
 */
export function resolveName(text: string, scope: Scope): Resolution | null {
  const dot = text.indexOf('.');
  const head = dot < 0 ? text : text.slice(0, dot);
  const rest = dot < 0 ? '' : text.slice(dot);
  if ((head === 'self' || head === 'cls') && dot >= 0 && rest.indexOf('.', 1) < 0) {
    const owner = enclosingClass(scope);
    if (owner !== null) return { hint: owner + rest, via: 'member', isModule: false };
  }
  for (let current: Scope | null = scope; current !== null; current = current.parent) {
    // Class bodies do not enclose the functions defined in them (Python scoping).
    if (current.kind === 'class' && current !== scope) continue;
    if (current.parameters?.has(head) === true) return null;
    const binding = current.bindings?.get(head);
    if (binding === undefined) continue;
    if (binding.origin === 'import') {
      return { hint: binding.target + rest, via: 'import', isModule: binding.isModule && rest.length === 0 };
    }
    if (rest.length === 0) return { hint: binding.target, via: 'definition', isModule: false };
    return binding.isClass ? { hint: binding.target + rest, via: 'member', isModule: false } : null;
  }
  return null;
}

/**
 * Qualified name of the class whose method (possibly through nested functions) contains the scope.
 *
 * @param scope - Innermost scope of a use.
 * @returns The class's qualified name, or `null` outside methods.
 */
function enclosingClass(scope: Scope): string | null {
  return enclosingClassScope(scope)?.qualifiedName ?? null;
}

/**
 * The class scope whose method (possibly through nested functions) contains a scope.
 *
 * @param scope - Innermost scope of a use.
 * @returns The class scope, or `null` outside methods.
 */
export function enclosingClassScope(scope: Scope): Scope | null {
  for (let current: Scope | null = scope; current !== null; current = current.parent) {
    if (current.kind === 'function' && current.parent?.kind === 'class') return current.parent;
  }
  return null;
}
