/**
 * Small, pure readers over oxc-parser ESTree nodes shared by the binding pass, the walker and the audit.
 *
 * The analyzer parses with `astType: 'js'` (see typescript-analyzer.ts), so type annotations and TS modifiers such
 * as `accessibility` are absent from the tree; the few TS facts needed are read from short source slices here.
 *
 * @packageDocumentation
 */
import type {
  AccessorProperty,
  ArrowFunctionExpression,
  BindingPattern,
  Expression,
  Function as FunctionNode,
  MethodDefinition,
  Node,
  ParamPattern,
  PropertyDefinition,
  TSSignature,
  TSTypeAliasDeclaration,
} from 'oxc-parser';

/** A function-like node that can become a symbol. */
export type AnyFunction = FunctionNode | ArrowFunctionExpression;

/** Class members that may carry a name and a function. */
export type NamedClassMember = MethodDefinition | PropertyDefinition | AccessorProperty;

/**
 * The members a type alias declares itself: those of its object literal type (`type T = { … }`), or of every object
 * literal type of an intersection (`type T = { … } & U<…> & { … }`, in order; the named parts are its heritage).
 *
 * @param alias - A type alias declaration.
 * @returns The member signatures, or `null` when the alias declares none (a union, a reference, a mapped type).
 */
export function aliasMembers(alias: TSTypeAliasDeclaration): TSSignature[] | null {
  const type = alias.typeAnnotation;
  if (type.type === 'TSTypeLiteral') return type.members;
  if (type.type !== 'TSIntersectionType') return null;
  const literals = type.types.flatMap((part) => (part.type === 'TSTypeLiteral' ? [part] : []));
  return literals.length === 0 ? null : literals.flatMap((literal) => literal.members);
}

/**
 * Strip TS-only expression wrappers (`x as T`, `x satisfies T`, `x!`, `<T>x`, `f<T>`) and parentheses.
 *
 * @param expr - Any expression.
 * @returns The wrapped runtime expression.
 */
export function unwrapExpression(expr: Expression): Expression {
  let current = expr;
  for (;;) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'ParenthesizedExpression':
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/**
 * The arrow or function expression an initialiser holds, if any.
 *
 * @param expr - A variable initialiser or property value.
 * @returns The function node, or `null` when the value is not a function.
 */
export function functionValue(expr: Expression | null | undefined): AnyFunction | null {
  if (!expr) return null;
  const value = unwrapExpression(expr);
  return value.type === 'ArrowFunctionExpression' || value.type === 'FunctionExpression' ? value : null;
}

/**
 * The functions an argument passes: a function, or either function branch of `cond ? f : g`.
 *
 * @param arg - A call argument.
 * @returns The function nodes (none when the argument is no function).
 */
export function callbackValues(arg: Expression): AnyFunction[] {
  const value = unwrapExpression(arg);
  if (value.type !== 'ConditionalExpression') {
    const fn = functionValue(value);
    return fn === null ? [] : [fn];
  }
  return [functionValue(value.consequent), functionValue(value.alternate)].filter((f) => f !== null);
}

/**
 * Whether an initialiser is an arrow or function expression.
 *
 * @param expr - A variable initialiser or property value.
 * @returns `true` for function values.
 */
export function isFunctionValue(expr: Expression | null | undefined): boolean {
  return functionValue(expr) !== null;
}

/**
 * Static name of a class member: `name`, `#name` for private names, the text of a literal key (`'a'`, `1`), or
 * `null` for computed keys such as `[Symbol.iterator]`.
 *
 * @param member - A method, property or accessor.
 * @returns The member name, or `null`.
 */
export function classMemberName(member: NamedClassMember): string | null {
  const key = member.key;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Identifier' && !member.computed) return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) {
    return String(key.value);
  }
  return null;
}

/**
 * Whether a member is `private`, `protected` or `#private`. The modifiers are read from the text between the end of
 * the decorators and the key, because the `js` AST shape drops `accessibility`.
 *
 * @param text - The file text.
 * @param member - The class member.
 * @returns `true` for non-public members.
 */
export function isNonPublicMember(text: string, member: NamedClassMember): boolean {
  if (member.key.type === 'PrivateIdentifier') return true;
  const last = member.decorators.at(-1);
  const from = last && last.end > member.start ? last.end : member.start;
  const modifiers = text.slice(from, member.key.start);
  return /\b(?:private|protected)\b/.test(modifiers);
}

/**
 * Add the names a binding pattern declares (`a`, `{ b, c: d }`, `[e, ...f]`, `g = 1`).
 *
 * @param pattern - A parameter or declarator pattern.
 * @param into - Receives the names.
 */
export function addBindingNames(pattern: BindingPattern | ParamPattern | Node, into: string[]): void {
  // An explicit stack (patterns nest without limit in valid code); children pushed last-first keep source order.
  const stack: (BindingPattern | ParamPattern | Node)[] = [pattern];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    switch (current.type) {
      case 'Identifier':
        into.push(current.name);
        break;
      case 'AssignmentPattern':
        stack.push(current.left);
        break;
      case 'RestElement':
        stack.push(current.argument);
        break;
      case 'TSParameterProperty':
        stack.push(current.parameter);
        break;
      case 'ObjectPattern':
        for (let k = current.properties.length - 1; k >= 0; k--) {
          const prop = current.properties[k]!;
          stack.push(prop.type === 'RestElement' ? prop.argument : prop.value);
        }
        break;
      case 'ArrayPattern':
        for (let k = current.elements.length - 1; k >= 0; k--) {
          const element = current.elements[k];
          if (element) stack.push(element);
        }
        break;
      default:
        break;
    }
  }
}

/** Parameters of a function as the audit sees them. */
export interface ParamFacts {
  /** Names of simple parameters (`a`, `a = 1`, `...a`, constructor parameter properties). */
  readonly names: readonly string[];
  /** Number of destructured parameters, which need no `@param`. */
  readonly destructured: number;
}

/**
 * Split parameters into named and destructured ones. A TS `this` parameter never appears (the `js` AST shape drops
 * it), and is skipped anyway.
 *
 * @param params - The function's parameters.
 * @returns Named parameters and the count of destructured ones.
 */
export function paramFacts(params: readonly ParamPattern[]): ParamFacts {
  const names: string[] = [];
  let destructured = 0;
  for (const param of params) {
    let target: Node = param;
    if (target.type === 'TSParameterProperty') target = target.parameter;
    if (target.type === 'AssignmentPattern') target = target.left;
    if (target.type === 'RestElement') target = target.argument;
    if (target.type === 'Identifier') {
      if (target.name !== 'this') names.push(target.name);
    } else {
      destructured++;
    }
  }
  return { names, destructured };
}

/**
 * Declared return types for which no `@returns` is needed: `void`, `never`, `undefined`, `Promise<void>` (or
 * `PromiseLike`, `undefined`, `never` inside), and assertion signatures. Matched at the end of a collapsed header.
 */
const VOID_RETURN =
  /\)\s*:\s*(?:void|never|undefined|(?:Promise|PromiseLike)<\s*(?:void|undefined|never)\s*>|asserts\s[^)]*)\s*(?:=>)?$/;

/**
 * Whether a function header declares a return type that needs no `@returns`.
 *
 * @param header - Collapsed header text (or its tail) up to the body, e.g. `function f(a: number): void`.
 * @returns `true` for `void`-like declared return types.
 */
export function declaresVoidReturn(header: string): boolean {
  return VOID_RETURN.test(header);
}

/**
 * The names a member of an object literal of aliases can stand for (`const z = { ...a, ...b, iso: c }`): `z.m…` is
 * `v.…` for a property `m: v`, else `s.m…` for each spread `...s`, the last spread first (it wins).
 *
 * @param init - A variable's initialiser.
 * @param chain - The dotted path through the variable, `['z', 'm', …]`.
 * @returns The rewritten paths in preference order, or `null` when the initialiser is no object literal spreading a
 *   name.
 */
export function objectAliasChains(init: Expression | null | undefined, chain: readonly string[]): string[][] | null {
  const object = init ? unwrapExpression(init) : null;
  if (object?.type !== 'ObjectExpression') return null;
  const spreads: string[] = [];
  let named: string | null = null;
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') {
      if (property.argument.type === 'Identifier') spreads.push(property.argument.name);
    } else if (!property.computed && property.key.type === 'Identifier' && property.key.name === chain[1]) {
      named = property.value.type === 'Identifier' ? property.value.name : null;
    }
  }
  if (spreads.length === 0) return null;
  if (named !== null) return [[named, ...chain.slice(2)]];
  return spreads.reverse().map((spread) => [spread, ...chain.slice(1)]);
}
