/**
 * The TypeScript walk: one pass over a file's AST. Top-level and namespace declarations, classes and nested
 * declarations go to the declaration pass ({@link DefinitionWalker}, typescript-definitions.ts), which emits symbols;
 * this file visits statements and expressions, where calls and callable references are recorded
 * (typescript-calls.ts), and tracks local scopes and whether the current function returns a value (for the audit).
 *
 * The walk never recurses, so a valid file nested tens of thousands of levels deep is walked like any other: every
 * "visit this" goes on an explicit work stack ({@link FileWalker.drain}), and what a step schedules runs in the order
 * it was scheduled, each item to completion before the next, exactly as the recursive calls it replaced. The rule
 * that keeps the output identical: within one step, direct effects (a symbol, a call, a state change) come before
 * anything it schedules; an effect that must follow a visit is scheduled itself ({@link FileWalker.run}).
 *
 * State that changes with nesting lives in fields saved and restored around each function (the restore is
 * scheduled after the body), so the walk allocates little per node.
 *
 * @packageDocumentation
 */
import type {
  BindingPattern,
  CallExpression,
  Class,
  Directive,
  Expression,
  NewExpression,
  Node,
  Statement,
  VariableDeclarator,
} from 'oxc-parser';
import { DEFERRED_SEPARATOR, type CallableReference, type CallSite, type SymbolRecord } from '../../core/model.js';
import type { AuditSubject, FunctionState } from './typescript-audit.js';
import {
  computedChain,
  memberChain,
  type ClassContext,
  type LocalScope,
  type ReceiverType,
} from './typescript-calls.js';
import { alwaysExits, narrowedTypes } from './typescript-narrowing.js';
import { ClassWalker } from './typescript-classes.js';
import { oxcVisitorKeys } from './typescript-parser.js';
import { addBindingNames, callbackValues, unwrapExpression } from './typescript-syntax.js';
import { annotationAt, arrayElementAt, parameterType, thisParameterType } from './typescript-types.js';
import type { AnyFunction, NamedClassMember } from './typescript-syntax.js';

/** Everything one walk produces. */
export interface WalkOutput {
  readonly symbols: SymbolRecord[];
  readonly calls: CallSite[];
  readonly references: CallableReference[];
  readonly subjects: AuditSubject[];
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

/** Work stack operations: visit a node, visit a value, run a scheduled step. */
const VISIT = 0;
const VALUE = 1;
const RUN = 2;

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

/** Walks one file; create one per file. */
export class FileWalker extends ClassWalker {
  private fnState: FunctionState | null = null;
  /** The work stack: operation codes and their operands, top last. */
  private readonly ops: number[] = [];
  private readonly operands: unknown[] = [];
  /** Functions passed to an array method of a known array, with the element's parameter position and type. */
  private readonly callbackElements = new Map<AnyFunction, [number, ReceiverType]>();

  /**
   * Walk a whole file.
   *
   * @param body - The program's top-level statements.
   * @param moduleSymbol - The module symbol, stored at index 0.
   * @returns Symbols, calls, references and audit subjects.
   */
  walkProgram(body: readonly (Directive | Statement)[], moduleSymbol: SymbolRecord): WalkOutput {
    this.symbols.push(moduleSymbol);
    this.run(() => this.walkDeclarations(body, { qualifier: this.module, exported: true, fileTop: true }));
    this.drain();
    return this;
  }

  /**
   * Run the work stack to the end. Each step pushes what it schedules in call order; reversing that segment makes
   * the stack pop it in call order, and each scheduled item's own work completes before the next item starts.
   */
  private drain(): void {
    const ops = this.ops;
    const operands = this.operands;
    while (ops.length > 0) {
      const op = ops.pop() as number;
      const operand = operands.pop();
      const mark = ops.length;
      if (op === VISIT) this.visitNow(operand as Node);
      else if (op === VALUE) this.valueNow(operand as Expression);
      else (operand as () => void)();
      for (let lo = mark, hi = ops.length - 1; lo < hi; lo++, hi--) {
        const op = ops[lo] as number;
        ops[lo] = ops[hi] as number;
        ops[hi] = op;
        const operand = operands[lo];
        operands[lo] = operands[hi];
        operands[hi] = operand;
      }
    }
  }

  /**
   * Schedule a step after everything the current step scheduled so far.
   *
   * @param step - The step.
   */
  protected run(step: () => void): void {
    this.ops.push(RUN);
    this.operands.push(step);
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
    const saved = {
      owner: this.owner,
      scope: this.scope,
      fnState: this.fnState,
      thisClass: this.thisClass,
      thisType: this.thisType,
    };
    if (fn.type !== 'ArrowFunctionExpression') {
      this.thisType = thisParameterType(this.source.text, fn) ?? this.literalThis.get(fn) ?? null;
    }
    this.literalThis.delete(fn);
    const names: string[] = [];
    for (const param of fn.params) addBindingNames(param, names);
    this.owner = owner;
    this.scope = { names, parent: this.scope };
    const callback = this.callbackSlots.get(fn) ?? null;
    this.callbackSlots.delete(fn);
    const element = this.callbackElements.get(fn) ?? null;
    this.callbackElements.delete(fn);
    fn.params.forEach((param, j) => {
      const typed = parameterType(this.source.text, param);
      if (typed !== null) this.bindLocalType(typed.name, typed.type);
      else if (param.type === 'ObjectPattern') {
        // `({ gen, data }: SchemaCxt)`: each name takes the type `SchemaCxt` declares for it (the `js` AST shape
        // has no annotation node: the text after the pattern is read).
        const type = annotationAt(this.source.text, param.end);
        if (type !== null) this.destructureTyped(param, type);
        return;
      } else if (param.type !== 'Identifier') return;
      else if (element !== null && element[0] === j) this.bindLocalType(param.name, element[1]);
      else {
        // `x: A | B` (every member a type of the code base), else the callback slot the parameter fills.
        const union = this.unionType(param.start + param.name.length);
        if (union !== null) this.bindLocalType(param.name, union);
        else if (callback !== null) this.bindLocalType(param.name, { via: `${callback}p${j}` });
      }
      if (param.type === 'Identifier') {
        const elements = arrayElementAt(this.source.text, param.start + param.name.length);
        if (elements !== null) this.bindLocalElements(param.name, elements);
      }
    });
    this.fnState = state;
    this.thisClass = thisClass;
    for (const param of fn.params) if (param.type !== 'Identifier') this.visit(param);
    const body = fn.body;
    if (body !== null) {
      if (body.type === 'BlockStatement') {
        this.hoistFunctions(body.body);
        this.visitStatements(body.body);
      } else this.visitValue(body);
    }
    this.run(() => {
      this.owner = saved.owner;
      this.scope = saved.scope;
      this.fnState = saved.fnState;
      this.thisClass = saved.thisClass;
      this.thisType = saved.thisType;
    });
  }

  /**
   * Bind the functions a body declares before its statements run, as JavaScript hoists them: a call written above
   * `function helper() {}` resolves to it (the declaration binds the same name again when it is reached).
   *
   * @param statements - A function body.
   */
  private hoistFunctions(statements: readonly (Directive | Statement)[]): void {
    for (const statement of statements) {
      if (statement.type === 'FunctionDeclaration' && statement.id) {
        this.bindLocalDeclaration(statement.id.name, `${this.ownerName()}.${statement.id.name}`);
      }
    }
  }

  /**
   * Visit statements in order.
   *
   * @param statements - A body or block.
   */
  protected visitStatements(statements: readonly (Directive | Statement)[]): void {
    const regions: (LocalScope | null)[] = [];
    for (const statement of statements) {
      this.visit(statement);
      // `if (!isFoo(x)) return`: `x` is a `Foo` in the statements after it (until the end of this list).
      if (statement.type === 'IfStatement' && statement.alternate === null && alwaysExits(statement.consequent)) {
        const at = regions.push(null) - 1;
        this.run(() => {
          regions[at] = this.enterNarrowing(narrowedTypes(statement.test, false, this.narrowingContext()));
        });
      }
    }
    for (let at = regions.length - 1; at >= 0; at--) this.run(() => this.leaveNarrowing(regions[at]!));
  }

  /**
   * Visit an `if` branch or a conditional's arm with the types its condition proves (`if (isFoo(x)) x.m()`).
   *
   * @param test - The condition.
   * @param when - Which outcome leads to the branch.
   * @param branch - The branch.
   */
  private visitNarrowed(test: Expression, when: boolean, branch: Node | null): void {
    if (branch === null) return;
    const types = narrowedTypes(test, when, this.narrowingContext());
    if (types.size === 0) {
      this.visit(branch);
      return;
    }
    let saved: LocalScope | null = null;
    this.run(() => (saved = this.enterNarrowing(types)));
    this.visit(branch);
    this.run(() => this.leaveNarrowing(saved));
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
   * Schedule the visit of an expression in a value position (argument, initialiser, assigned value, element,
   * returned value).
   *
   * @param expr - The value, if any.
   */
  protected visitValue(expr: Expression | null | undefined): void {
    if (!expr) return;
    this.ops.push(VALUE);
    this.operands.push(expr);
  }

  /**
   * Schedule the visit of a node.
   *
   * @param node - Any node, or nothing.
   */
  protected visit(node: Node | null | undefined): void {
    if (!node) return;
    this.ops.push(VISIT);
    this.operands.push(node);
  }

  /**
   * Visit a value: an identifier or member chain that names a known callable is recorded as a reference.
   *
   * @param expr - The value.
   */
  private valueNow(expr: Expression): void {
    const value = unwrapExpression(expr);
    if (value.type === 'Identifier' || value.type === 'MemberExpression') {
      const chain = memberChain(value);
      if (chain !== null) {
        this.recordReference(chain, value.start);
        return;
      }
    }
    this.visit(value);
  }

  /**
   * The generic visit: special cases for calls, value positions, functions and classes; child keys otherwise.
   *
   * @param node - Any node.
   */
  private visitNow(node: Node): void {
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
      case 'IfStatement':
      case 'ConditionalExpression':
        this.visit(node.test);
        this.visitNarrowed(node.test, true, node.consequent);
        this.visitNarrowed(node.test, false, node.alternate);
        return;
      case 'ReturnStatement':
        if (node.argument !== null && this.fnState !== null) this.fnState.returnsValue = true;
        this.visitValue(node.argument);
        return;
      case 'VariableDeclaration': {
        // A later declarator's names are bound only after the earlier initialisers were visited.
        const [first, ...rest] = node.declarations;
        if (first !== undefined) this.declarator(first);
        for (const declarator of rest) this.run(() => this.declarator(declarator));
        return;
      }
      case 'AssignmentExpression':
        this.visit(node.left);
        this.visitValue(node.right);
        return;
      case 'ForOfStatement': {
        // `for (const x of xs)`: `x` is an element of `xs` when its element type is known.
        const left = node.left;
        const id =
          left.type === 'VariableDeclaration' && left.declarations.length === 1 ? left.declarations[0]!.id : null;
        const element = id?.type === 'Identifier' ? this.elementsOf(node.right) : null;
        if (element === null) {
          this.visitChildren(node);
          return;
        }
        this.visit(left);
        this.visit(node.right);
        this.run(() => this.bindLocalType((id as { name: string }).name, element));
        this.visit(node.body);
        return;
      }
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
        if (!this.returnedMember(node)) this.walkFunction(node, this.owner, { returnsValue: false }, this.thisClass);
        return;
      case 'FunctionExpression':
        if (!this.returnedMember(node)) this.walkFunction(node, this.owner, { returnsValue: false }, null);
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
        if (node.param !== null) this.bindPattern(node.param);
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
   * Bind a local variable's names and declared type, then schedule the visit of its pattern and initialiser.
   *
   * @param declarator - One declarator of a `const`/`let`/`var` inside a body.
   */
  private declarator(declarator: VariableDeclarator): void {
    this.bindPattern(declarator.id);
    const type = declarator.id.type === 'Identifier' ? this.declaredType(declarator) : null;
    if (type !== null) this.bindLocalType((declarator.id as { name: string }).name, type);
    const elements = declarator.id.type === 'Identifier' ? this.declaredElements(declarator) : null;
    if (elements !== null) this.bindLocalElements((declarator.id as { name: string }).name, elements);
    if (declarator.id.type === 'ObjectPattern' && declarator.init) this.destructure(declarator.id, declarator.init);
    this.typeObjectLiteral(declarator);
    if (declarator.id.type !== 'Identifier') this.visit(declarator.id);
    this.visitValue(declarator.init);
  }

  /**
   * Bind the names of a declared pattern in the nearest function scope.
   *
   * @param pattern - A declarator's id or a `catch` parameter.
   */
  private bindPattern(pattern: BindingPattern): void {
    const scope = this.bindingScope();
    if (scope !== null) addBindingNames(pattern, scope.names);
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
   * Record a call or `new` whose callee is a name or member chain, or a member of a call result, then visit what it
   * contains.
   *
   * @param node - The call.
   */
  private visitCall(node: CallExpression | NewExpression): void {
    const callee = unwrapExpression(node.callee);
    const chain = memberChain(callee);
    if (chain === null || (chain.length === 1 && chain[0] === 'this')) {
      const computed = chain === null ? computedChain(callee) : null;
      if (computed !== null) this.recordComputedCall(computed, node.start, callee);
      else if (chain === null && callee.type === 'MemberExpression') this.recordResultCall(callee, node.start);
      this.visit(node.callee);
    } else {
      this.recordCall(chain, node.start, callee);
    }
    let callees: string | null | undefined;
    const element = node.arguments.length > 0 ? this.callbackElement(callee, chain) : null;
    this.typeLiteralThis(node, callee);
    node.arguments.forEach((arg, i) => {
      if (arg.type === 'SpreadElement') {
        this.visit(arg.argument);
        return;
      }
      for (const fn of callbackValues(arg)) {
        if (i === 0 && element !== null) {
          this.callbackElements.set(fn, element);
        } else if (chain !== null) {
          callees ??= this.calleeList(chain, node.type === 'NewExpression');
          if (callees !== null) this.callbackSlots.set(fn, `${callees}${DEFERRED_SEPARATOR}a${i}.`);
        }
      }
      this.visitValue(arg);
    });
  }

  /**
   * A class expression: no symbols, and `this` is unknown inside.
   *
   * @param cls - The class expression.
   */
  private walkAnonymousClass(cls: Class): void {
    for (const decorator of cls.decorators) this.visit(decorator.expression);
    if (cls.superClass) this.visit(cls.superClass);
    this.run(() => {
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
      this.run(() => (this.thisClass = savedThis));
    });
  }
}
