/**
 * The declaration pass of the TypeScript walk: top-level and namespace declarations (functions with their overloads,
 * variables, interfaces, type aliases, enums) and nested function declarations become symbols, in source order, with
 * qualified names, signatures and docstrings, plus the facts the TSDoc audit needs. Subclasses add the rest of the
 * walk: classes (typescript-classes.ts), then statements and expressions (typescript-walker.ts).
 *
 * @packageDocumentation
 */
import type {
  Class,
  Decorator,
  Directive,
  Expression,
  Function as FunctionNode,
  Node,
  ParamPattern,
  Statement,
  TSSignature,
  VariableDeclaration,
} from 'oxc-parser';
import { LIST_SEPARATOR, type SymbolKind, type SymbolRecord } from '../../core/model.js';
import type { AuditSubject, FunctionState } from './typescript-audit.js';
import type { FileBindings, TypeDeclaration } from './typescript-bindings.js';
import { CallRecorder, type ClassContext } from './typescript-calls.js';
import { cleanDocComment } from './typescript-docs.js';
import type { DocComments } from './typescript-docs.js';
import { functionMembers, returnedObjectLiteral, type ReturnedMember } from './typescript-returns.js';
import type { SourceText } from './typescript-source.js';
import { aliasMembers, declaresVoidReturn, functionValue, paramFacts } from './typescript-syntax.js';
import {
  annotationAt,
  callbackParameterTypes,
  fieldTypes,
  keyEnd,
  parameterType,
  paramsOpen,
  propertyKeyName,
  returnTypeNames,
  valueGuard,
  variableType,
} from './typescript-types.js';
import type { AnyFunction, NamedClassMember } from './typescript-syntax.js';

/** A declaration unwrapped from `export` / `export default`. */
interface Placed<T> {
  readonly node: T;
  /** Start of the statement, including `export`. */
  readonly outerStart: number;
  readonly exportKeyword: boolean;
  /** Whether the statement is `export default …`. */
  readonly defaultExport?: boolean;
}

/** Where declarations are being read: the file's top level or a namespace body. */
export interface DeclarationScope {
  /** Qualified-name prefix (the module, or `module.Namespace`). */
  readonly qualifier: string;
  /** Whether the enclosing namespace is exported (always `true` at the top level). */
  readonly exported: boolean;
  /** Top level of the file, where `export { a }` lists apply. */
  readonly fileTop: boolean;
}

/** A symbol before line numbers and doc cleaning. */
interface SymbolDraft {
  readonly name: string;
  readonly qualified: string;
  readonly kind: SymbolKind;
  /** Offset of the first line (decorators excluded). */
  readonly start: number;
  readonly end: number;
  readonly signature: string;
  /** Raw doc comment text, or `null`. */
  readonly doc: string | null;
  readonly exported: boolean;
  /** Declared slot types (`SymbolRecord.slotTypes`), if any. */
  readonly slotTypes?: string;
}

/** Everything needed to emit a function-like symbol. */
export interface FunctionDecl {
  readonly name: string;
  readonly qualified: string;
  readonly kind: SymbolKind;
  /** The implementation, whose body is walked. */
  readonly fn: AnyFunction;
  /** Start of the signature text (e.g. `export`, a member's modifiers or decorators). */
  readonly outerStart: number;
  readonly end: number;
  readonly decorators: readonly Decorator[];
  readonly doc: string | null;
  /** Parameters of the signature that carries the doc. */
  readonly docParams: readonly ParamPattern[];
  readonly exported: boolean;
  /** TS001 label when a doc comment is required, else `null`. */
  readonly requiredAs: string | null;
  /** `false` for constructors and accessors. */
  readonly checkReturns: boolean;
  /** What `this` means in the body: a class for methods, `null` for plain functions. */
  readonly thisClass: ClassContext | null;
}

/** Everything needed to emit a class symbol. */
export interface ClassDecl {
  readonly cls: Class;
  readonly name: string;
  readonly qualified: string;
  readonly outerStart: number;
  readonly exported: boolean;
  /** Method names when already known from the binding pass. */
  readonly methods?: ReadonlySet<string>;
}

/**
 * Unwrap `export` and `export default` around a statement; other statements come back as they are.
 *
 * @param statement - A top-level or namespace-level statement.
 * @returns The declaration with its outer start and whether it carries `export`.
 */
function placeStatement(statement: Directive | Statement): Placed<Node> {
  if (statement.type === 'ExportNamedDeclaration' && statement.declaration) {
    return { node: statement.declaration, outerStart: statement.start, exportKeyword: true };
  }
  if (statement.type === 'ExportDefaultDeclaration') {
    const declaration = statement.declaration;
    const named =
      declaration.type === 'FunctionDeclaration' ||
      declaration.type === 'TSDeclareFunction' ||
      declaration.type === 'ClassDeclaration' ||
      declaration.type === 'TSInterfaceDeclaration';
    return { node: declaration, outerStart: statement.start, exportKeyword: named, defaultExport: true };
  }
  return { node: statement, outerStart: statement.start, exportKeyword: false };
}

/**
 * Index of the last declaration of the function group starting at `first`: consecutive same-name declarations up to
 * the one with a body (overload signatures, then the implementation).
 *
 * @param statements - The statement list.
 * @param first - Index of a function declaration.
 * @returns Index of the group's last statement.
 */
function functionGroupEnd(statements: readonly (Directive | Statement)[], first: number): number {
  let current = placeStatement(statements[first] as Statement).node as FunctionNode;
  const name = current.id?.name ?? 'default';
  let last = first;
  while (current.body === null && last + 1 < statements.length) {
    const next = placeStatement(statements[last + 1] as Statement).node;
    if (next.type !== 'FunctionDeclaration' && next.type !== 'TSDeclareFunction') break;
    if ((next.id?.name ?? 'default') !== name) break;
    current = next;
    last++;
  }
  return last;
}

/** Emits the symbols of a file's declarations; the subclass supplies the statement and expression walk. */
export abstract class DefinitionWalker extends CallRecorder {
  /** Symbols in source order; index 0 is the module. */
  readonly symbols: SymbolRecord[] = [];
  /** Audit facts, one per documented-or-required symbol. */
  readonly subjects: AuditSubject[] = [];
  protected readonly docs: DocComments;
  /** Function members of the object literals the functions walked so far return, until the walk reaches them. */
  private readonly returnedMembers = new Map<AnyFunction, ReturnedMember>();

  /**
   * @param source - The file text and line table.
   * @param docs - Doc comment lookup for the file.
   * @param bindings - Imports and top-level names from the binding pass.
   * @param module - Module name of the file.
   */
  constructor(source: SourceText, docs: DocComments, bindings: FileBindings, module: string) {
    super(source, bindings, module);
    this.docs = docs;
  }

  /**
   * Walk parameters and body of a function in its own scope and return-tracking state.
   *
   * @param fn - The function.
   * @param owner - Symbol index that owns calls inside.
   * @param state - Receives whether the body returns a value.
   * @param thisClass - What `this` means inside the body.
   */
  protected abstract walkFunction(
    fn: AnyFunction,
    owner: number,
    state: FunctionState,
    thisClass: ClassContext | null,
  ): void;

  /**
   * Schedule a step after everything the current step scheduled so far (see typescript-walker.ts: the walk keeps an
   * explicit work stack; `visit…` methods schedule, and an effect that must follow a visit is scheduled with this).
   *
   * @param step - The step.
   */
  protected abstract run(step: () => void): void;

  /**
   * Visit statements in order.
   *
   * @param statements - A body or block.
   */
  protected abstract visitStatements(statements: readonly (Directive | Statement)[]): void;

  /**
   * Visit decorators and a computed key of a class member.
   *
   * @param member - The member.
   */
  protected abstract visitMemberHead(member: NamedClassMember): void;

  /**
   * Visit an expression in a value position, recording a reference when it names a callable.
   *
   * @param expr - The value, if any.
   */
  protected abstract visitValue(expr: Expression | null | undefined): void;

  /**
   * Visit any node for calls and references.
   *
   * @param node - Any node, or nothing.
   */
  protected abstract visit(node: Node | null | undefined): void;

  /**
   * Emit a class symbol, then its members (typescript-classes.ts).
   *
   * @param decl - The class facts.
   */
  protected abstract classSymbol(decl: ClassDecl): void;

  /**
   * Walk top-level or namespace-level statements: declarations become symbols, overloads are grouped, the rest is
   * visited for calls owned by the module. Each statement is one scheduled step.
   *
   * @param statements - The statements.
   * @param scope - Qualifier and export context.
   */
  protected walkDeclarations(statements: readonly (Directive | Statement)[], scope: DeclarationScope): void {
    for (let i = 0; i < statements.length; i++) {
      const first = i;
      const placed = placeStatement(statements[i] as Statement);
      const node = placed.node;
      if (node.type === 'FunctionDeclaration' || node.type === 'TSDeclareFunction') {
        const last = functionGroupEnd(statements, first);
        this.run(() => this.functionGroup(statements, first, last, scope));
        i = last;
      } else {
        this.run(() => this.declaration(placed, scope));
      }
    }
  }

  /**
   * One top-level or namespace-level statement other than a function declaration.
   *
   * @param placed - The statement, unwrapped from `export`.
   * @param scope - Qualifier and export context.
   */
  private declaration(placed: Placed<Node>, scope: DeclarationScope): void {
    const node = placed.node;
    switch (node.type) {
      case 'ClassDeclaration': {
        const name = node.id?.name ?? 'default';
        this.classSymbol({
          cls: node,
          name,
          qualified: `${scope.qualifier}.${name}`,
          outerStart: placed.outerStart,
          exported: this.isExported(scope, placed, name),
          methods: scope.fileTop ? this.bindings.callables.get(name)?.methods : undefined,
        });
        if (placed.defaultExport && node.id && scope.fileTop) this.run(() => this.defaultAlias(placed, name, scope));
        break;
      }
      case 'VariableDeclaration':
        this.topLevelVariables(node, placed, scope);
        break;
      case 'TSInterfaceDeclaration':
        this.typeSymbol(placed, node.id.name, 'interface', node.body.start, scope);
        break;
      case 'TSTypeAliasDeclaration':
        this.typeSymbol(placed, node.id.name, 'type', node.end, scope);
        break;
      case 'TSEnumDeclaration':
        this.typeSymbol(placed, node.id.name, 'enum', node.body.start, scope);
        break;
      case 'TSModuleDeclaration':
        // `namespace A.B { … }` qualifies its declarations; `declare module 'x'` and `declare global` are ambient.
        if (node.body && node.id.type !== 'Literal' && node.kind !== 'global') {
          const name = this.source.text.slice(node.id.start, node.id.end);
          this.walkDeclarations(node.body.body, {
            qualifier: `${scope.qualifier}.${name}`,
            exported: this.isExported(scope, placed, name),
            fileTop: false,
          });
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

  /**
   * Whether a declaration is exported: `export` keyword or (top level) an `export { … }` list entry, inside an
   * exported namespace.
   *
   * @param scope - The declaration scope.
   * @param placed - The unwrapped declaration.
   * @param name - Its name.
   * @returns `true` when the declaration is part of the public surface.
   */
  protected isExported(scope: DeclarationScope, placed: Placed<Node>, name: string): boolean {
    return scope.exported && (placed.exportKeyword || (scope.fileTop && this.bindings.exportedNames.has(name)));
  }

  /**
   * Emit one symbol for a function and its overload signatures (consecutive same-name declarations up to the one
   * with a body, see {@link functionGroupEnd}), located at the implementation.
   *
   * @param statements - The statement list.
   * @param first - Index of the first declaration of the group.
   * @param last - Index of its last declaration.
   * @param scope - The declaration scope.
   */
  private functionGroup(
    statements: readonly (Directive | Statement)[],
    first: number,
    last: number,
    scope: DeclarationScope,
  ): void {
    type Declared = Placed<FunctionNode>;
    const group = statements.slice(first, last + 1).map((statement) => placeStatement(statement) as Declared);
    const name = group[0]?.node.id?.name ?? 'default';
    const impl = group.at(-1) as Declared;
    const { doc, params: docParams } = this.docs.overloaded(
      { start: impl.outerStart, params: impl.node.params },
      group.slice(0, -1).map((signature) => ({ start: signature.outerStart, params: signature.node.params })),
    );
    const exported = this.isExported(scope, impl, name);
    this.functionSymbol({
      name,
      qualified: `${scope.qualifier}.${name}`,
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
  }

  /**
   * Emit an interface, type alias or enum symbol (bodies are not walked).
   *
   * @param placed - The unwrapped declaration.
   * @param name - Its name.
   * @param kind - `interface`, `type` or `enum`.
   * @param headerEnd - Where the signature ends (the body start; the end for type aliases).
   * @param scope - The declaration scope.
   */
  private typeSymbol(
    placed: Placed<Node>,
    name: string,
    kind: SymbolKind,
    headerEnd: number,
    scope: DeclarationScope,
  ): void {
    const exported = this.isExported(scope, placed, name);
    const doc = this.docs.before(placed.outerStart);
    const index = this.pushSymbol({
      name,
      qualified: `${scope.qualifier}.${name}`,
      kind,
      start: placed.outerStart,
      end: placed.node.end,
      signature: this.source.header(placed.outerStart, headerEnd),
      doc,
      exported,
      slotTypes: this.typeSlotsOf(placed.node, name),
    });
    const label = kind === 'type' ? 'type alias' : kind;
    this.subjects.push({ symbolIndex: index, requiredAs: exported ? `exported ${label}` : null, doc, fn: null });
    if (placed.node.type === 'TSInterfaceDeclaration') {
      this.interfaceMethods(placed.node.body.body, `${scope.qualifier}.${name}`, exported);
    } else if (placed.node.type === 'TSTypeAliasDeclaration') {
      const members = aliasMembers(placed.node);
      if (members !== null) this.interfaceMethods(members, `${scope.qualifier}.${name}`, exported);
    }
  }

  /**
   * `export default class Ajv`: a `type` symbol `module.default` whose heritage (slot `e`) is the class, so a file
   * that imports the default under another name (`import AjvCore from './core'`) finds the class's members through
   * it (rule 3). It is no callable kind, so no call or reference ever resolves to it.
   *
   * @param placed - The `export default` statement.
   * @param name - The class's name.
   * @param scope - The file's top level.
   */
  private defaultAlias(placed: Placed<Node>, name: string, scope: DeclarationScope): void {
    this.pushSymbol({
      name: 'default',
      qualified: `${scope.qualifier}.default`,
      kind: 'type',
      start: placed.outerStart,
      end: placed.outerStart,
      signature: `export default ${name}`,
      doc: null,
      exported: true,
      slotTypes: `;e=${scope.qualifier}.${name};`,
    });
  }

  /**
   * Slot types of an interface or type alias: heritage (slot `e`; for an alias of a union, the types it names) and
   * declared property types (slots `f.<name>`) of an interface or an object literal type.
   *
   * @param node - The declaration.
   * @param name - Its name.
   * @returns The encoded entries, or `undefined`.
   */
  private typeSlotsOf(node: Node, name: string): string | undefined {
    const heritage = this.bindings.types.get(name) ?? [];
    if (node.type !== 'TSInterfaceDeclaration' && node.type !== 'TSTypeAliasDeclaration') return undefined;
    return this.typeSlots(heritage, this.withInheritedFields(heritage, this.ownFields(node)));
  }

  /**
   * The fields a class, interface or object literal type declares itself (see {@link CallRecorder.ownFields}).
   *
   * @param declaration - A top-level type declaration of this file.
   * @returns Declared type names by field name.
   */
  protected ownFields(declaration: TypeDeclaration): ReadonlyMap<string, string> {
    switch (declaration.type) {
      case 'TSInterfaceDeclaration':
        return this.propertyTypes(declaration.body.body);
      case 'TSTypeAliasDeclaration':
        return this.propertyTypes(aliasMembers(declaration) ?? []);
      default:
        return fieldTypes(this.source.text, declaration.body.body);
    }
  }

  /**
   * Declared type of each property signature of an interface that is not called like a method.
   *
   * @param members - The interface body.
   * @returns Type names by property name.
   */
  private propertyTypes(members: readonly TSSignature[]): Map<string, string> {
    const types = new Map<string, string>();
    for (const member of members) {
      if (member.type !== 'TSPropertySignature') continue;
      const name = propertyKeyName(member.computed, member.key);
      if (name === null || name.startsWith('#')) continue;
      const end = keyEnd(this.source.text, member.computed, member.key);
      const type = annotationAt(this.source.text, end);
      if (type !== null && !this.isCallableProperty(end)) types.set(name, type);
    }
    return types;
  }

  /**
   * Method signatures of an interface become `method` symbols (after the interface, in source order), so a call
   * through a value typed by the interface has a target. Bodies do not exist; nothing is walked or audited.
   *
   * @param members - The interface body.
   * @param qualifier - The interface's qualified name.
   * @param exported - Whether the interface is exported.
   */
  private interfaceMethods(members: readonly TSSignature[], qualifier: string, exported: boolean): void {
    const seen = new Set<string>();
    const text = this.source.text;
    for (const member of members) {
      if (member.type !== 'TSMethodSignature' && member.type !== 'TSPropertySignature') continue;
      if (member.computed || member.key.type !== 'Identifier' || seen.has(member.key.name)) continue;
      const name = member.key.name;
      let slotTypes: string | undefined;
      if (member.type === 'TSMethodSignature') {
        if (member.kind !== 'method') continue;
        slotTypes = this.slotTypesOf(member.params, text.indexOf('(', member.key.end), member.end);
        const own = member.params.map((param) => parameterType(text, param)?.type ?? null);
        slotTypes = this.withParameterSlots(slotTypes, own);
      } else if (this.isCallableProperty(member.key.end)) {
        slotTypes = this.withParameterSlots(undefined, callbackParameterTypes(text, member.key.end) ?? []);
      } else {
        continue;
      }
      seen.add(name);
      this.pushSymbol({
        name,
        qualified: `${qualifier}.${name}`,
        kind: 'method',
        start: member.start,
        end: member.end,
        signature: this.source.header(member.start, member.end),
        doc: this.docs.before(member.start),
        exported,
        slotTypes,
      });
    }
  }

  /**
   * Top-level `const`/`let`/`var`: function-valued declarators become functions, other exported ones variables
   * (which own the calls in their initialisers).
   *
   * @param declaration - The variable declaration.
   * @param placed - The declaration with its `export` wrapper.
   * @param scope - The declaration scope.
   */
  private topLevelVariables(declaration: VariableDeclaration, placed: Placed<Node>, scope: DeclarationScope): void {
    const declarators = declaration.declarations;
    // One step per declarator: a function's symbol comes after the calls of the initialisers before it.
    declarators.forEach((declarator, k) => this.run(() => this.topLevelDeclarator(declaration, placed, scope, k)));
  }

  /**
   * One top-level declarator (see {@link topLevelVariables}).
   *
   * @param declaration - The variable declaration.
   * @param placed - The declaration with its `export` wrapper.
   * @param scope - The declaration scope.
   * @param k - Index of the declarator.
   */
  private topLevelDeclarator(
    declaration: VariableDeclaration,
    placed: Placed<Node>,
    scope: DeclarationScope,
    k: number,
  ): void {
    const declarators = declaration.declarations;
    const declarator = declarators[k]!;
    if (declarator.id.type !== 'Identifier') {
      this.visit(declarator.id);
      this.visitValue(declarator.init);
      return;
    }
    const from = k === 0 ? placed.outerStart : declarator.start;
    const name = declarator.id.name;
    const exported = this.isExported(scope, placed, name);
    const doc = k === 0 ? this.docs.before(from) : null;
    const fn = functionValue(declarator.init);
    if (fn !== null) {
      this.functionSymbol({
        name,
        qualified: `${scope.qualifier}.${name}`,
        kind: 'function',
        fn,
        outerStart: from,
        end: k === declarators.length - 1 ? declaration.end : declarator.end,
        decorators: [],
        doc,
        docParams: fn.params,
        exported,
        requiredAs: exported ? 'exported function' : null,
        checkReturns: true,
        thisClass: null,
      });
    } else if (exported) {
      let signature = this.source.header(from, declarator.init ? declarator.init.start : declarator.end);
      if (signature.endsWith('=')) signature = signature.slice(0, -1).trimEnd();
      const saved = this.owner;
      const type = variableType(this.source.text, declarator)?.type;
      const chain = type === undefined ? [] : this.typeChain([type]);
      const guarded = valueGuard(this.source.text, declarator);
      const guard = guarded === null ? [] : this.typeChain([guarded]);
      const slots = [
        ...(chain.length === 0 ? [] : [`v=${chain.join(LIST_SEPARATOR)}`]),
        ...(guard.length === 0 ? [] : [`g=${guard.join(LIST_SEPARATOR)}`]),
      ];
      this.owner = this.pushSymbol({
        name,
        qualified: `${scope.qualifier}.${name}`,
        kind: 'variable',
        start: from,
        end: declarator.end,
        signature,
        doc,
        exported: true,
        // Slot `v`: the declared or constructed type, so importers can type `name.m()`; slot `g`: the type a
        // predicate-typed constant narrows its first argument to (`if (isFoo(x)) x.m()`).
        slotTypes: slots.length === 0 ? undefined : `;${slots.join(';')};`,
      });
      this.typeObjectLiteral(declarator);
      this.visitValue(declarator.init);
      this.run(() => (this.owner = saved));
    } else {
      this.typeObjectLiteral(declarator);
      this.visitValue(declarator.init);
    }
  }

  /**
   * Emit a function-like symbol, record its audit facts, and walk its body as its own owner.
   *
   * @param decl - The declaration facts.
   */
  protected functionSymbol(decl: FunctionDecl): void {
    const fn = decl.fn;
    const bodyStart = fn.body ? fn.body.start : decl.end;
    const { holeFrom, holeTo } = this.decoratorHole(decl.outerStart, decl.decorators);
    const declared = this.slotTypesOf(fn.params, paramsOpen(this.source.text, fn), bodyStart);
    const returned = returnedObjectLiteral(this.source.text, fn);
    const members = returned === null ? [] : functionMembers(returned);
    for (const member of members) this.returnedMembers.set(member.fn, member);
    const index = this.pushSymbol({
      name: decl.name,
      qualified: decl.qualified,
      kind: decl.kind,
      start: this.declarationStart(decl.outerStart, decl.decorators),
      end: decl.end,
      signature: this.source.header(decl.outerStart, bodyStart, holeFrom, holeTo),
      doc: decl.doc,
      exported: decl.exported,
      // A returned object literal with function members is the function's own result type (slot `r`: itself).
      slotTypes: members.length === 0 ? declared : `${declared ?? ';'}r=${decl.qualified};`,
    });
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

  /**
   * A function member of the object literal a function returns (see {@link functionSymbol}), reached in the walk of
   * that function's body: a `method` symbol qualified by the function (`module.getUtils.measure`), walked as its own
   * owner.
   *
   * @param fn - A function value being visited.
   * @returns `true` when it was such a member (and is now walked), else `false`.
   */
  protected returnedMember(fn: AnyFunction): boolean {
    const member = this.returnedMembers.get(fn);
    if (member === undefined) return false;
    this.returnedMembers.delete(fn);
    this.functionSymbol({
      name: member.name,
      qualified: `${this.ownerName()}.${member.name}`,
      kind: 'method',
      fn,
      outerStart: member.start,
      end: fn.end,
      decorators: [],
      doc: this.docs.before(member.start),
      docParams: fn.params,
      exported: false,
      requiredAs: null,
      checkReturns: false,
      // An arrow keeps the `this` of where it is written; a method of the literal has the literal as `this`.
      thisClass: fn.type === 'ArrowFunctionExpression' ? this.thisClass : null,
    });
    return true;
  }

  /**
   * A function declaration inside a body: a symbol qualified by the enclosing symbol (`module.outer.inner`).
   *
   * @param node - The declaration.
   */
  protected nestedFunction(node: FunctionNode): void {
    const name = node.id?.name ?? 'default';
    const qualified = `${this.ownerName()}.${name}`;
    this.bindLocalDeclaration(name, qualified);
    this.functionSymbol({
      name,
      qualified,
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

  /**
   * Qualified name of the innermost enclosing symbol.
   *
   * @returns The owner's qualified name.
   */
  protected ownerName(): string {
    return (this.symbols[this.owner] as SymbolRecord).qualifiedName;
  }

  /**
   * Append a symbol.
   *
   * @param draft - The symbol with offsets and raw doc.
   * @returns Its index.
   */
  protected pushSymbol(draft: SymbolDraft): number {
    this.symbols.push({
      qualifiedName: draft.qualified,
      name: draft.name,
      kind: draft.kind,
      startLine: this.source.lineOf(draft.start),
      endLine: this.source.endLineOf(draft.end),
      signature: draft.signature,
      docstring: draft.doc === null ? null : cleanDocComment(draft.doc),
      exported: draft.exported,
      ...(draft.slotTypes === undefined ? {} : { slotTypes: draft.slotTypes }),
    });
    return this.symbols.length - 1;
  }

  /**
   * The slot types a function or method signature declares (`SymbolRecord.slotTypes`): for each parameter annotated
   * with a function type, that function's parameter types (`a<i>.p<j>`), the return type (`r`), the type a
   * returned `Promise` settles to (`p`) and the element type of a returned array (`r[]`), each as the type's candidates in member-lookup order. Callers type their
   * callbacks' parameters and the results they keep by them (deferred candidates).
   *
   * @param params - The parameters.
   * @param open - Offset of the `(` opening the parameter list (`-1` when unknown).
   * @param end - Offset of the body, or the end of a body-less signature.
   * @returns The encoded entries, or `undefined` when the signature declares none that names a known type.
   */
  protected slotTypesOf(params: readonly ParamPattern[], open: number, end: number): string | undefined {
    const text = this.source.text;
    const entries: string[] = [];
    const add = (slot: string, type: string | null): void => {
      const chain = type === null ? [] : this.typeChain([type]);
      if (chain.length > 0) entries.push(`${slot}=${chain.join(LIST_SEPARATOR)}`);
    };
    params.forEach((param, i) => {
      const binding = param.type === 'TSParameterProperty' ? param.parameter : param;
      const id =
        binding.type === 'Identifier'
          ? binding
          : binding.type === 'AssignmentPattern' && binding.left.type === 'Identifier'
            ? binding.left
            : null;
      if (id === null) return;
      callbackParameterTypes(text, id.start + id.name.length)?.forEach((type, j) => add(`a${i}.p${j}`, type));
    });
    if (open >= 0) {
      const { returned, promised, elements, guarded } = returnTypeNames(text, open, end);
      add('r', returned);
      add('p', promised);
      add('r[]', elements);
      add('g', guarded);
    }
    return entries.length === 0 ? undefined : `;${entries.join(';')};`;
  }

  /**
   * Add the declared parameter types of an interface member (slot `p<j>`, parameter `j`), so a function an object
   * literal of the interface's type holds for the member has typed parameters (`const def: Def = { code(cxt) {…} }`).
   *
   * @param slotTypes - The member's other slot types, if any.
   * @param types - Parameter type names by position (`null` where none).
   * @returns The encoded entries, or `undefined` when there are none.
   */
  private withParameterSlots(slotTypes: string | undefined, types: readonly (string | null)[]): string | undefined {
    const entries = types.flatMap((type, j) => {
      const chain = type === null ? [] : this.typeChain([type]);
      return chain.length === 0 ? [] : [`p${j}=${chain.join(LIST_SEPARATOR)};`];
    });
    if (entries.length === 0) return slotTypes;
    return `${slotTypes ?? ';'}${entries.join('')}`;
  }

  /**
   * First offset of a declaration with its decorators left out (`export @dec class` keeps `export`).
   *
   * @param outerStart - Start of the declaration including `export`, modifiers or decorators.
   * @param decorators - Its decorators.
   * @returns The offset whose line is the symbol's start line.
   */
  protected declarationStart(outerStart: number, decorators: readonly Decorator[]): number {
    const first = decorators[0];
    if (first === undefined || first.start > outerStart) return outerStart;
    return this.source.skipBlank((decorators.at(-1) as Decorator).end);
  }

  /**
   * The decorator span to cut out of a signature that starts at `outerStart`.
   *
   * @param outerStart - Start of the signature.
   * @param decorators - The declaration's decorators.
   * @returns The span, or `-1` bounds when the decorators lie before the signature (or there are none).
   */
  protected decoratorHole(outerStart: number, decorators: readonly Decorator[]): { holeFrom: number; holeTo: number } {
    const first = decorators[0];
    if (first === undefined || first.start < outerStart) return { holeFrom: -1, holeTo: -1 };
    return { holeFrom: first.start, holeTo: (decorators.at(-1) as Decorator).end };
  }
}
