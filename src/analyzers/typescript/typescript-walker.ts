/**
 * The single walk over one parsed file: emits symbols in source order, call sites with target hints, callable
 * references, and the per-symbol facts the TSDoc audit needs.
 *
 * State that changes with nesting (enclosing symbol, `this` class, local scope, current function) lives in fields
 * saved and restored around each function or class, so the walk allocates little per node.
 *
 * @packageDocumentation
 */
import { visitorKeys } from 'oxc-parser';
import type {
  CallExpression,
  Class,
  ClassElement,
  Decorator,
  Directive,
  Expression,
  Function as FunctionNode,
  MethodDefinition,
  NewExpression,
  Node,
  ParamPattern,
  Statement,
  VariableDeclaration,
} from 'oxc-parser';
import type { CallableReference, CallSite, SymbolKind, SymbolRecord } from '../../core/model.js';
import type { AuditSubject, FunctionState } from './typescript-audit.js';
import type { FileBindings } from './typescript-bindings.js';
import { classMethodNames } from './typescript-bindings.js';
import { cleanDocComment } from './typescript-docs.js';
import type { DocComments } from './typescript-docs.js';
import type { SourceText } from './typescript-source.js';
import {
  addBindingNames,
  classMemberName,
  declaresVoidReturn,
  functionValue,
  isNonPublicMember,
  paramFacts,
  unwrapExpression,
} from './typescript-syntax.js';
import type { AnyFunction, NamedClassMember } from './typescript-syntax.js';

/** Everything one walk produces. */
export interface WalkOutput {
  readonly symbols: SymbolRecord[];
  readonly calls: CallSite[];
  readonly references: CallableReference[];
  readonly subjects: AuditSubject[];
}

/** Names bound by one function (parameters, local declarations): they shadow file-level names. */
interface Scope {
  readonly names: string[];
  readonly parent: Scope | null;
}

/** The class `this` refers to. */
interface ClassContext {
  readonly qualified: string;
  readonly methods: ReadonlySet<string>;
}

/** A declaration unwrapped from `export` / `export default`. */
interface Placed<T> {
  readonly node: T;
  /** Start of the statement, including `export`. */
  readonly outerStart: number;
  readonly exportKeyword: boolean;
}

/** Everything needed to emit a function-like symbol. */
interface FunctionDecl {
  readonly name: string;
  readonly qualified: string;
  readonly kind: SymbolKind;
  /** The implementation, whose body is walked. */
  readonly fn: AnyFunction;
  /** Start of the signature text (e.g. `export`, a member's modifiers). */
  readonly outerStart: number;
  readonly end: number;
  readonly decorators: readonly Decorator[];
  readonly doc: string | null;
  /** Parameters of the signature that carries the doc. */
  readonly docParams: readonly ParamPattern[];
  readonly exported: boolean;
  readonly requiredAs: string | null;
  readonly checkReturns: boolean;
  /** What `this` means in the body: a class for methods, `null` for plain functions. */
  readonly thisClass: ClassContext | null;
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

/** Child keys of a node type worth visiting (type-only keys removed), cached per type. */
function childKeys(type: string): readonly string[] {
  let keys = childKeyCache.get(type);
  if (keys === undefined) {
    keys = (visitorKeys[type] ?? []).filter((key) => !TYPE_KEYS.has(key));
    childKeyCache.set(type, keys);
  }
  return keys;
}

/**
 * Dotted path of an identifier, `this.x` or a chain of static member accesses (`a.b.c`, `this.#p`), or `null` for
 * anything else (computed access, calls, `super`).
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

/** Unwrap `export` and `export default` around a statement; other statements come back as they are. */
function placeStatement(statement: Directive | Statement): Placed<Node> {
  if (statement.type === 'ExportNamedDeclaration' && statement.declaration) {
    return { node: statement.declaration, outerStart: statement.start, exportKeyword: true };
  }
  if (statement.type === 'ExportDefaultDeclaration') {
    const declaration = statement.declaration;
    switch (declaration.type) {
      case 'FunctionDeclaration':
      case 'TSDeclareFunction':
      case 'ClassDeclaration':
      case 'TSInterfaceDeclaration':
        return { node: declaration, outerStart: statement.start, exportKeyword: true };
      default:
        return { node: declaration, outerStart: statement.start, exportKeyword: false };
    }
  }
  return { node: statement, outerStart: statement.start, exportKeyword: false };
}

/** Walks one file; create one per file. */
export class FileWalker {
  readonly symbols: SymbolRecord[] = [];
  readonly calls: CallSite[] = [];
  readonly references: CallableReference[] = [];
  readonly subjects: AuditSubject[] = [];

  private readonly source: SourceText;
  private readonly docs: DocComments;
  private readonly bindings: FileBindings;
  private readonly module: string;
  private owner = 0;
  private thisClass: ClassContext | null = null;
  private scope: Scope | null = null;
  private fnState: FunctionState | null = null;

  /**
   * @param source - The file text and line table.
   * @param docs - Doc comment lookup for the file.
   * @param bindings - Imports and top-level names from the binding pass.
   * @param module - Module name of the file.
   */
  constructor(source: SourceText, docs: DocComments, bindings: FileBindings, module: string) {
    this.source = source;
    this.docs = docs;
    this.bindings = bindings;
    this.module = module;
  }

  /**
   * Walk a whole file. The module symbol must already be at index 0.
   *
   * @param body - The program's top-level statements.
   * @param moduleSymbol - The module symbol.
   * @returns Symbols, calls, references and audit subjects.
   */
  walkProgram(body: readonly (Directive | Statement)[], moduleSymbol: SymbolRecord): WalkOutput {
    this.symbols.push(moduleSymbol);
    this.walkDeclarations(body, this.module, true, true);
    return this;
  }

  /** Top-level (or namespace-level) statements, where declarations become symbols and overloads are grouped. */
  private walkDeclarations(
    statements: readonly (Directive | Statement)[],
    qualifier: string,
    outerExported: boolean,
    fileTop: boolean,
  ): void {
    const isExported = (placed: Placed<Node>, name: string): boolean =>
      outerExported && (placed.exportKeyword || (fileTop && this.bindings.exportedNames.has(name)));
    for (let i = 0; i < statements.length; i++) {
      const placed = placeStatement(statements[i] as Statement);
      const node = placed.node;
      switch (node.type) {
        case 'FunctionDeclaration':
        case 'TSDeclareFunction': {
          const name = node.id?.name ?? 'default';
          const group = [placed as Placed<typeof node>];
          while ((group.at(-1) as Placed<typeof node>).node.body === null && i + 1 < statements.length) {
            const next = placeStatement(statements[i + 1] as Statement);
            const nextNode = next.node;
            if (nextNode.type !== 'FunctionDeclaration' && nextNode.type !== 'TSDeclareFunction') break;
            if ((nextNode.id?.name ?? 'default') !== name) break;
            group.push(next as Placed<typeof nextNode>);
            i++;
          }
          const impl = group.at(-1) as Placed<typeof node>;
          const exported = isExported(impl, name);
          let doc = this.docs.before(impl.outerStart);
          let docParams = impl.node.params;
          for (let k = 0; doc === null && k < group.length - 1; k++) {
            const member = group[k] as Placed<typeof node>;
            doc = this.docs.before(member.outerStart);
            docParams = member.node.params;
          }
          this.functionSymbol({
            name,
            qualified: `${qualifier}.${name}`,
            kind: 'function',
            fn: impl.node,
            outerStart: impl.outerStart,
            end: impl.node.end,
            decorators: [],
            doc,
            docParams,
            exported,
            requiredAs: exported ? 'exported function' : null,
            checkReturns: true,
            thisClass: null,
          });
          break;
        }
        case 'ClassDeclaration': {
          const name = node.id?.name ?? 'default';
          const exported = isExported(placed, name);
          const methods = fileTop ? this.bindings.callables.get(name)?.methods : undefined;
          this.classSymbol(node, name, `${qualifier}.${name}`, placed.outerStart, exported, methods);
          break;
        }
        case 'VariableDeclaration':
          this.topLevelVariables(node, placed, qualifier, isExported);
          break;
        case 'TSInterfaceDeclaration':
          this.typeSymbol(placed, node.id.name, qualifier, 'interface', node.body.start, isExported);
          break;
        case 'TSTypeAliasDeclaration':
          this.typeSymbol(placed, node.id.name, qualifier, 'type', node.end, isExported);
          break;
        case 'TSEnumDeclaration':
          this.typeSymbol(placed, node.id.name, qualifier, 'enum', node.body.start, isExported);
          break;
        case 'TSModuleDeclaration':
          // `namespace A.B { … }` qualifies its declarations; `declare module 'x'` / `declare global` are ambient.
          if (node.body && node.id.type !== 'Literal' && node.kind !== 'global') {
            const name = this.source.text.slice(node.id.start, node.id.end);
            this.walkDeclarations(node.body.body, `${qualifier}.${name}`, isExported(placed, name), false);
          }
          break;
        case 'ImportDeclaration':
        case 'ExportAllDeclaration':
        case 'ExportNamedDeclaration':
        case 'TSImportEqualsDeclaration':
        case 'TSNamespaceExportDeclaration':
          break;
        default:
          this.visit(node);
      }
    }
  }

  /** Interfaces, type aliases and enums: symbols without a walked body. */
  private typeSymbol(
    placed: Placed<Node>,
    name: string,
    qualifier: string,
    kind: SymbolKind,
    headerEnd: number,
    isExported: (placed: Placed<Node>, name: string) => boolean,
  ): void {
    const exported = isExported(placed, name);
    const doc = this.docs.before(placed.outerStart);
    const index = this.pushSymbol(
      name,
      `${qualifier}.${name}`,
      kind,
      placed.outerStart,
      placed.node.end,
      this.source.header(placed.outerStart, headerEnd),
      doc,
      exported,
    );
    const label = kind === 'type' ? 'type alias' : kind;
    this.subjects.push({ symbolIndex: index, requiredAs: exported ? `exported ${label}` : null, doc, fn: null });
  }

  /** Top-level `const`/`let`/`var`: function-valued declarators are functions, other exported ones variables. */
  private topLevelVariables(
    declaration: VariableDeclaration,
    placed: Placed<Node>,
    qualifier: string,
    isExported: (placed: Placed<Node>, name: string) => boolean,
  ): void {
    declaration.declarations.forEach((declarator, k) => {
      const from = k === 0 ? placed.outerStart : declarator.start;
      if (declarator.id.type !== 'Identifier') {
        this.visit(declarator.id);
        this.visitValue(declarator.init);
        return;
      }
      const name = declarator.id.name;
      const exported = isExported(placed, name);
      const doc = k === 0 ? this.docs.before(from) : null;
      const fn = functionValue(declarator.init);
      if (fn !== null) {
        this.functionSymbol({
          name,
          qualified: `${qualifier}.${name}`,
          kind: 'function',
          fn,
          outerStart: from,
          end: k === declaration.declarations.length - 1 ? declaration.end : declarator.end,
          decorators: [],
          doc,
          docParams: fn.params,
          exported,
          requiredAs: exported ? 'exported function' : null,
          checkReturns: true,
          thisClass: fn.type === 'ArrowFunctionExpression' ? this.thisClass : null,
        });
      } else if (exported) {
        let signature = this.source.header(from, declarator.init ? declarator.init.start : declarator.end);
        if (signature.endsWith('=')) signature = signature.slice(0, -1).trimEnd();
        const index = this.pushSymbol(
          name,
          `${qualifier}.${name}`,
          'variable',
          from,
          declarator.end,
          signature,
          doc,
          true,
        );
        const saved = this.owner;
        this.owner = index;
        this.visitValue(declarator.init);
        this.owner = saved;
      } else {
        this.visitValue(declarator.init);
      }
    });
  }

  /** Emit a function-like symbol, record its audit facts, and walk its body as its own owner. */
  private functionSymbol(decl: FunctionDecl): void {
    const fn = decl.fn;
    const bodyStart = fn.body ? fn.body.start : decl.end;
    const { holeFrom, holeTo } = this.decoratorHole(decl.outerStart, decl.decorators);
    const index = this.pushSymbol(
      decl.name,
      decl.qualified,
      decl.kind,
      this.declarationStart(decl.outerStart, decl.decorators),
      decl.end,
      this.source.header(decl.outerStart, bodyStart, holeFrom, holeTo),
      decl.doc,
      decl.exported,
    );
    const state: FunctionState = { returnsValue: fn.type === 'ArrowFunctionExpression' && fn.expression };
    this.subjects.push({
      symbolIndex: index,
      requiredAs: decl.requiredAs,
      doc: decl.doc,
      fn: {
        params: paramFacts(decl.docParams),
        state,
        voidReturn: declaresVoidReturn(this.source.headerTail(decl.outerStart, bodyStart)),
        checkReturns: decl.checkReturns,
      },
    });
    this.walkFunction(fn, index, state, decl.thisClass);
  }

  /** Emit a class symbol and its members. */
  private classSymbol(
    cls: Class,
    name: string,
    qualified: string,
    outerStart: number,
    exported: boolean,
    methods: ReadonlySet<string> | undefined,
  ): void {
    const doc = this.docs.before(Math.min(outerStart, cls.decorators[0]?.start ?? outerStart));
    const { holeFrom, holeTo } = this.decoratorHole(outerStart, cls.decorators);
    for (const decorator of cls.decorators) this.visit(decorator.expression);
    const index = this.pushSymbol(
      name,
      qualified,
      'class',
      this.declarationStart(outerStart, cls.decorators),
      cls.end,
      this.source.header(outerStart, cls.body.start, holeFrom, holeTo),
      doc,
      exported,
    );
    this.subjects.push({ symbolIndex: index, requiredAs: exported ? 'exported class' : null, doc, fn: null });
    const saved = this.owner;
    this.owner = index;
    if (cls.superClass) this.visit(cls.superClass);
    this.owner = saved;
    const context = { qualified, methods: methods ?? classMethodNames(cls.body.body) };
    this.walkClassMembers(cls.body.body, context, index, exported);
  }

  /** Members of a named class: methods (overloads grouped), function-valued properties, static blocks. */
  private walkClassMembers(
    members: readonly ClassElement[],
    context: ClassContext,
    classIndex: number,
    classExported: boolean,
  ): void {
    const savedOwner = this.owner;
    const savedThis = this.thisClass;
    this.owner = classIndex;
    this.thisClass = context;
    const accessors = new Map<string, AuditSubject[]>();
    for (let i = 0; i < members.length; i++) {
      const member = members[i] as ClassElement;
      switch (member.type) {
        case 'MethodDefinition':
        case 'TSAbstractMethodDefinition': {
          const name = classMemberName(member);
          this.visitMemberHead(member);
          if (name === null) {
            this.walkFunction(member.value, classIndex, { returnsValue: false }, context);
            break;
          }
          const group: MethodDefinition[] = [member];
          while ((group.at(-1) as MethodDefinition).value.body === null && i + 1 < members.length) {
            const next = members[i + 1] as ClassElement;
            if (next.type !== 'MethodDefinition' && next.type !== 'TSAbstractMethodDefinition') break;
            if (classMemberName(next) !== name || next.static !== member.static || next.kind !== member.kind) break;
            group.push(next);
            i++;
          }
          const impl = group.at(-1) as MethodDefinition;
          const exported = classExported && !isNonPublicMember(this.source.text, impl);
          let doc: string | null = null;
          let docParams = impl.value.params;
          for (const candidate of [impl, ...group]) {
            doc = this.docs.before(candidate.start);
            docParams = candidate.value.params;
            if (doc !== null) break;
          }
          this.functionSymbol({
            name,
            qualified: `${context.qualified}.${name}`,
            kind: 'method',
            fn: impl.value,
            outerStart: impl.start,
            end: impl.end,
            decorators: impl.decorators,
            doc,
            docParams,
            exported,
            requiredAs: exported && impl.kind !== 'constructor' ? 'public method' : null,
            checkReturns: impl.kind === 'method',
            thisClass: context,
          });
          if (impl.kind === 'get' || impl.kind === 'set') {
            const key = `${impl.static ? 'static ' : ''}${name}`;
            const list = accessors.get(key) ?? [];
            list.push(this.subjects.at(-1) as AuditSubject);
            accessors.set(key, list);
          }
          break;
        }
        case 'PropertyDefinition':
        case 'AccessorProperty': {
          const name = classMemberName(member);
          const fn = functionValue(member.value);
          this.visitMemberHead(member);
          if (name === null || fn === null) {
            this.visitValue(member.value);
            break;
          }
          const exported = classExported && !isNonPublicMember(this.source.text, member);
          this.functionSymbol({
            name,
            qualified: `${context.qualified}.${name}`,
            kind: 'method',
            fn,
            outerStart: member.start,
            end: member.end,
            decorators: member.decorators,
            doc: this.docs.before(member.start),
            docParams: fn.params,
            exported,
            requiredAs: exported ? 'public method' : null,
            checkReturns: true,
            thisClass: fn.type === 'ArrowFunctionExpression' ? context : null,
          });
          break;
        }
        case 'StaticBlock':
          this.visitStatements(member.body);
          break;
        default:
          break;
      }
    }
    // A getter/setter pair is one property: one doc comment on either accessor is enough, reported once.
    for (const list of accessors.values()) {
      const documented = list.some((subject) => subject.doc !== null);
      list.forEach((subject, k) => {
        if (documented || k > 0) subject.requiredAs = null;
      });
    }
    this.owner = savedOwner;
    this.thisClass = savedThis;
  }

  /** Decorators and a computed key of a member, owned by the enclosing class. */
  private visitMemberHead(member: NamedClassMember): void {
    for (const decorator of member.decorators) this.visit(decorator.expression);
    if (member.computed) this.visit(member.key);
  }

  /** A class expression: no symbols, `this` unknown inside. */
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

  /** Walk parameters and body of a function in its own scope and return-tracking state. */
  private walkFunction(fn: AnyFunction, owner: number, state: FunctionState, thisClass: ClassContext | null): void {
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

  private visitStatements(statements: readonly (Directive | Statement)[]): void {
    for (const statement of statements) this.visit(statement);
  }

  /** Visit a node in a value position: an identifier or member chain naming a known callable is a reference. */
  private visitValue(expr: Expression | null | undefined): void {
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

  /** Record a call or `new`, then visit what it contains. */
  private visitCall(node: CallExpression | NewExpression): void {
    const chain = memberChain(unwrapExpression(node.callee));
    if (chain !== null && chain.length > 0 && !(chain.length === 1 && chain[0] === 'this')) {
      this.calls.push({
        callerIndex: this.owner,
        calleeText: chain.join('.'),
        targetHint: this.hintFor(chain, false),
        line: this.source.lineOf(node.start),
      });
    } else {
      this.visit(node.callee);
    }
    for (const arg of node.arguments) {
      if (arg.type === 'SpreadElement') this.visit(arg.argument);
      else this.visitValue(arg);
    }
  }

  /**
   * Qualified target of a dotted name. Calls (`strict` false) accept any `this.x`, `Class.x` and chains under a
   * relative import; references (`strict` true) only names that are known callables or direct imports.
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

  /** Whether a name is bound by an enclosing function (and so shadows file-level names). */
  private isLocal(name: string): boolean {
    for (let scope = this.scope; scope !== null; scope = scope.parent) {
      if (scope.names.includes(name)) return true;
    }
    return false;
  }

  /** The generic visit: special cases for calls, value positions, functions and classes; child keys otherwise. */
  private visit(node: Node | null | undefined): void {
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
      case 'TSDeclareFunction':
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
        this.nestedFunction(node);
        return;
      case 'ClassDeclaration': {
        const name = node.id?.name ?? 'default';
        if (this.scope !== null) this.scope.names.push(name);
        const qualified = `${(this.symbols[this.owner] as SymbolRecord).qualifiedName}.${name}`;
        this.classSymbol(node, name, qualified, node.start, false, undefined);
        return;
      }
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
      default: {
        // Everything else: TS declarations and types hold no calls; other nodes are walked by their child keys.
        if (node.type.startsWith('TS')) return;
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
    }
  }

  /** A function declaration inside a function or block: a symbol qualified by its enclosing symbol. */
  private nestedFunction(node: FunctionNode): void {
    const name = node.id?.name ?? 'default';
    if (this.scope !== null) this.scope.names.push(name);
    this.functionSymbol({
      name,
      qualified: `${(this.symbols[this.owner] as SymbolRecord).qualifiedName}.${name}`,
      kind: 'function',
      fn: node,
      outerStart: node.start,
      end: node.end,
      decorators: [],
      doc: this.docs.before(node.start),
      docParams: node.params,
      exported: false,
      requiredAs: null,
      checkReturns: true,
      thisClass: null,
    });
  }

  /** Append a symbol; returns its index. */
  private pushSymbol(
    name: string,
    qualifiedName: string,
    kind: SymbolKind,
    start: number,
    end: number,
    signature: string,
    doc: string | null,
    exported: boolean,
  ): number {
    this.symbols.push({
      qualifiedName,
      name,
      kind,
      startLine: this.source.lineOf(start),
      endLine: this.source.endLineOf(end),
      signature,
      docstring: doc === null ? null : cleanDocComment(doc),
      exported,
    });
    return this.symbols.length - 1;
  }

  /** First offset of a declaration with its decorators left out (`export @dec class` keeps `export`). */
  private declarationStart(outerStart: number, decorators: readonly Decorator[]): number {
    const first = decorators[0];
    if (first === undefined || first.start > outerStart) return outerStart;
    return this.source.skipBlank((decorators.at(-1) as Decorator).end);
  }

  /** The decorator span to cut out of a signature that starts at `outerStart`. */
  private decoratorHole(outerStart: number, decorators: readonly Decorator[]): { holeFrom: number; holeTo: number } {
    const first = decorators[0];
    if (first === undefined || first.start < outerStart) return { holeFrom: -1, holeTo: -1 };
    return { holeFrom: first.start, holeTo: (decorators.at(-1) as Decorator).end };
  }
}
