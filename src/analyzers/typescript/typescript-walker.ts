/**
 * The statement and expression half of the walk: records call sites and callable references against the enclosing
 * symbol, tracks local scopes (for shadowing), the class `this` refers to, and whether the current function returns
 * a value. Declarations that become symbols are handed to the subclass in typescript-definitions.ts.
 *
 * State that changes with nesting lives in fields saved and restored around each function, so the walk allocates
 * little per node.
 *
 * @packageDocumentation
 */
import type {
  CallExpression,
  Class,
  Directive,
  Expression,
  Function as FunctionNode,
  NewExpression,
  Node,
  Statement,
} from 'oxc-parser';
import type { CallableReference, CallSite } from '../../core/model.js';
import type { FunctionState } from './typescript-audit.js';
import type { FileBindings } from './typescript-bindings.js';
import { oxcVisitorKeys } from './typescript-parser.js';
import type { SourceText } from './typescript-source.js';
import { addBindingNames, unwrapExpression } from './typescript-syntax.js';
import type { AnyFunction, NamedClassMember } from './typescript-syntax.js';

/** The class `this` refers to inside a method body. */
export interface ClassContext {
  /** Qualified name of the class. */
  readonly qualified: string;
  /** Names of its methods, accessors and function-valued properties. */
  readonly methods: ReadonlySet<string>;
}

/** Names bound by one function (parameters, local declarations); they shadow file-level names. */
interface Scope {
  readonly names: string[];
  readonly parent: Scope | null;
}

/** AST keys that only hold types (or labels) and never a call. */
const TYPE_KEYS = new Set([
  'typeAnnotation',
  'typeParameters',
  'returnType',
  'typeArguments',
  'superTypeArguments',
  'implements',
  'label',
]);
const childKeyCache = new Map<string, readonly string[]>();

/**
 * Child keys of a node type worth visiting, with type-only keys removed; cached per type.
 *
 * @param type - ESTree node type.
 * @returns Keys to visit, in oxc-parser's visitor order.
 */
function childKeys(type: string): readonly string[] {
  let keys = childKeyCache.get(type);
  if (keys === undefined) {
    keys = (oxcVisitorKeys()[type] ?? []).filter((key) => !TYPE_KEYS.has(key));
    childKeyCache.set(type, keys);
  }
  return keys;
}

/**
 * Dotted path of an identifier, `this.x`, or a chain of static member accesses (`a.b.c`, `this.#p`).
 *
 * @param expr - A callee or value expression (TS wrappers already removed at the top).
 * @returns The path segments, or `null` for computed access, calls, `super` and anything else.
 */
function memberChain(expr: Expression): string[] | null {
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

/** Walks function bodies and expressions; subclasses decide what nested declarations become. */
export abstract class BodyVisitor {
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
  private scope: Scope | null = null;
  private fnState: FunctionState | null = null;

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
   * Emit a symbol for a function declaration met inside a body (and walk it).
   *
   * @param node - The declaration.
   */
  protected abstract nestedFunction(node: FunctionNode): void;

  /**
   * Emit a symbol for a class declaration met inside a body (and walk it).
   *
   * @param node - The declaration.
   */
  protected abstract nestedClass(node: Class): void;

  /**
   * Record a name declared in the current function so it shadows file-level names.
   *
   * @param name - The local name.
   */
  protected bindLocal(name: string): void {
    if (this.scope !== null) this.scope.names.push(name);
  }

  /**
   * Walk parameters and body of a function in its own scope and return-tracking state.
   *
   * @param fn - The function.
   * @param owner - Symbol index that owns calls inside (the function's own symbol, or the enclosing one).
   * @param state - Receives whether the body returns a value.
   * @param thisClass - What `this` means inside the body.
   */
  protected walkFunction(fn: AnyFunction, owner: number, state: FunctionState, thisClass: ClassContext | null): void {
    const saved = { owner: this.owner, scope: this.scope, fnState: this.fnState, thisClass: this.thisClass };
    const names: string[] = [];
    for (const param of fn.params) addBindingNames(param, names);
    this.owner = owner;
    this.scope = { names, parent: this.scope };
    this.fnState = state;
    this.thisClass = thisClass;
    for (const param of fn.params) if (param.type !== 'Identifier') this.visit(param);
    const body = fn.body;
    if (body !== null) {
      if (body.type === 'BlockStatement') this.visitStatements(body.body);
      else this.visitValue(body);
    }
    this.owner = saved.owner;
    this.scope = saved.scope;
    this.fnState = saved.fnState;
    this.thisClass = saved.thisClass;
  }

  /**
   * Visit statements in order.
   *
   * @param statements - A body or block.
   */
  protected visitStatements(statements: readonly (Directive | Statement)[]): void {
    for (const statement of statements) this.visit(statement);
  }

  /**
   * Visit decorators and a computed key of a class member.
   *
   * @param member - The member.
   */
  protected visitMemberHead(member: NamedClassMember): void {
    for (const decorator of member.decorators) this.visit(decorator.expression);
    if (member.computed) this.visit(member.key);
  }

  /**
   * Visit an expression in a value position (argument, initialiser, assigned value, element, returned value): an
   * identifier or member chain that names a known callable is recorded as a reference.
   *
   * @param expr - The value, if any.
   */
  protected visitValue(expr: Expression | null | undefined): void {
    if (!expr) return;
    const value = unwrapExpression(expr);
    if (value.type === 'Identifier' || value.type === 'MemberExpression') {
      const chain = memberChain(value);
      if (chain !== null) {
        const hint = this.hintFor(chain, true);
        if (hint !== null) {
          this.references.push({
            ownerIndex: this.owner,
            targetText: chain.join('.'),
            targetHint: hint,
            line: this.source.lineOf(value.start),
          });
        }
        return;
      }
    }
    this.visit(value);
  }

  /**
   * The generic visit: special cases for calls, value positions, functions and classes; child keys otherwise.
   *
   * @param node - Any node, or nothing.
   */
  protected visit(node: Node | null | undefined): void {
    if (!node) return;
    switch (node.type) {
      case 'Identifier':
      case 'Literal':
      case 'ThisExpression':
      case 'Super':
      case 'PrivateIdentifier':
      case 'TemplateElement':
      case 'EmptyStatement':
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'DebuggerStatement':
      case 'MetaProperty':
      case 'ImportDeclaration':
        return;
      case 'ExpressionStatement':
        this.visit(node.expression);
        return;
      case 'BlockStatement':
        this.visitStatements(node.body);
        return;
      case 'CallExpression':
      case 'NewExpression':
        this.visitCall(node);
        return;
      case 'MemberExpression':
        this.visit(node.object);
        if (node.computed) this.visit(node.property);
        return;
      case 'ReturnStatement':
        if (node.argument !== null && this.fnState !== null) this.fnState.returnsValue = true;
        this.visitValue(node.argument);
        return;
      case 'VariableDeclaration':
        for (const declarator of node.declarations) {
          if (this.scope !== null) addBindingNames(declarator.id, this.scope.names);
          if (declarator.id.type !== 'Identifier') this.visit(declarator.id);
          this.visitValue(declarator.init);
        }
        return;
      case 'AssignmentExpression':
        this.visit(node.left);
        this.visitValue(node.right);
        return;
      case 'ArrayExpression':
        for (const element of node.elements) {
          if (element === null) continue;
          if (element.type === 'SpreadElement') this.visit(element.argument);
          else this.visitValue(element);
        }
        return;
      case 'ObjectExpression':
        for (const property of node.properties) {
          if (property.type === 'SpreadElement') {
            this.visit(property.argument);
            continue;
          }
          if (property.computed) this.visit(property.key);
          this.visitValue(property.value);
        }
        return;
      case 'ArrowFunctionExpression':
        this.walkFunction(node, this.owner, { returnsValue: false }, this.thisClass);
        return;
      case 'FunctionExpression':
        this.walkFunction(node, this.owner, { returnsValue: false }, null);
        return;
      case 'FunctionDeclaration':
        // A body-less declaration here is an overload signature: nothing to walk.
        if (node.body !== null) this.nestedFunction(node);
        return;
      case 'ClassDeclaration':
        this.nestedClass(node);
        return;
      case 'ClassExpression':
        this.walkAnonymousClass(node);
        return;
      case 'CatchClause':
        if (node.param !== null && this.scope !== null) addBindingNames(node.param, this.scope.names);
        this.visit(node.body);
        return;
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'TSExportAssignment':
      case 'ParenthesizedExpression':
        this.visit(node.expression);
        return;
      default:
        // Other TS nodes are declarations or types and hold no calls.
        if (!node.type.startsWith('TS')) this.visitChildren(node);
    }
  }

  /**
   * Visit every child of a node through oxc-parser's visitor keys.
   *
   * @param node - A node without a special case.
   */
  private visitChildren(node: Node): void {
    const record = node as unknown as Record<string, unknown>;
    for (const key of childKeys(node.type)) {
      const child = record[key];
      if (Array.isArray(child)) {
        for (const item of child as (Node | null)[]) this.visit(item);
      } else if (child !== null && typeof child === 'object') {
        this.visit(child as Node);
      }
    }
  }

  /**
   * Record a call or `new` whose callee is a name or member chain, then visit what it contains.
   *
   * @param node - The call.
   */
  private visitCall(node: CallExpression | NewExpression): void {
    const chain = memberChain(unwrapExpression(node.callee));
    if (chain === null || (chain.length === 1 && chain[0] === 'this')) {
      this.visit(node.callee);
    } else {
      this.calls.push({
        callerIndex: this.owner,
        calleeText: chain.join('.'),
        targetHint: this.hintFor(chain, false),
        line: this.source.lineOf(node.start),
      });
    }
    for (const arg of node.arguments) {
      if (arg.type === 'SpreadElement') this.visit(arg.argument);
      else this.visitValue(arg);
    }
  }

  /**
   * A class expression: no symbols, and `this` is unknown inside.
   *
   * @param cls - The class expression.
   */
  private walkAnonymousClass(cls: Class): void {
    for (const decorator of cls.decorators) this.visit(decorator.expression);
    if (cls.superClass) this.visit(cls.superClass);
    const savedThis = this.thisClass;
    this.thisClass = null;
    for (const member of cls.body.body) {
      if (member.type === 'StaticBlock') {
        this.visitStatements(member.body);
      } else if (member.type !== 'TSIndexSignature') {
        this.visitMemberHead(member);
        this.visitValue(member.value);
      }
    }
    this.thisClass = savedThis;
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
