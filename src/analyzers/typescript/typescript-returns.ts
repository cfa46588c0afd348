/**
 * What a function without a declared return type returns, when that is an object literal: the members of the literal
 * that hold functions become method symbols of the function (`getUtils.measure` for
 * `function getUtils() { return { measure() {…} } }`), so `const u = getUtils(); u.measure()` has a target.
 *
 * @packageDocumentation
 */
import type { Expression, Node, ObjectExpression, Statement } from 'oxc-parser';
import { functionValue, type AnyFunction } from './typescript-syntax.js';

/** A function member of a returned object literal. */
export interface ReturnedMember {
  readonly name: string;
  readonly fn: AnyFunction;
  /** Start of the property (its name), where the symbol's text starts. */
  readonly start: number;
}

/**
 * The object literal a function returns on every path that returns a value, when the function declares no return
 * type: an arrow whose body is the literal, or a body whose only `return` with a value (outside nested functions and
 * classes) returns it. A cast (`return {…} as T`) declares a type and gives nothing.
 *
 * @param text - The file text.
 * @param fn - The function.
 * @returns The literal, or `null`.
 */
export function returnedObjectLiteral(text: string, fn: AnyFunction): ObjectExpression | null {
  if (fn.body === null || declaresReturnType(text, fn)) return null;
  if (fn.body.type !== 'BlockStatement') return objectLiteral(fn.body as Expression);
  const returned: (Expression | null)[] = [];
  collectReturns(fn.body.body, returned);
  const values = returned.filter((value) => value !== null);
  return values.length === 1 ? objectLiteral(values[0]!) : null;
}

/**
 * The function members of an object literal (`m() {…}`, `m: () => …`, `m: function () {…}`) with plain names.
 *
 * @param literal - The object literal.
 * @returns The members in source order.
 */
export function functionMembers(literal: ObjectExpression): ReturnedMember[] {
  const members: ReturnedMember[] = [];
  for (const property of literal.properties) {
    if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier') continue;
    if (property.kind !== 'init') continue;
    const fn = functionValue(property.value);
    if (fn !== null) members.push({ name: property.key.name, fn, start: property.start });
  }
  return members;
}

/**
 * Whether the function's header annotates a return type: a `:` between the parameter list's `)` and the body.
 *
 * @param text - The file text.
 * @param fn - The function (with a body).
 * @returns `true` when a return type is written.
 */
function declaresReturnType(text: string, fn: AnyFunction): boolean {
  const last = fn.params[fn.params.length - 1];
  const from = last === undefined ? text.indexOf('(', fn.start) : last.end;
  const close = from < 0 ? -1 : text.indexOf(')', from);
  return close < 0 || close > fn.body!.start || text.slice(close + 1, fn.body!.start).includes(':');
}

/**
 * The expression itself when it is an object literal, through parentheses only.
 *
 * @param expr - An expression.
 * @returns The literal, or `null`.
 */
function objectLiteral(expr: Expression): ObjectExpression | null {
  let value = expr;
  while (value.type === 'ParenthesizedExpression') value = value.expression;
  return value.type === 'ObjectExpression' ? value : null;
}

/**
 * Collect the arguments of the `return` statements of a body (`null` for a bare `return`), not descending into
 * nested functions or classes. An explicit stack: blocks may nest thousands deep.
 *
 * @param statements - Statements of a body or block.
 * @param into - Receives the returned expressions.
 */
function collectReturns(statements: readonly Node[], into: (Expression | null)[]): void {
  const stack: (Statement | null | undefined)[] = [...statements].reverse() as Statement[];
  while (stack.length > 0) {
    const statement = stack.pop();
    if (!statement) continue;
    const inner = innerStatements(statement);
    if (statement.type === 'ReturnStatement') into.push(statement.argument ?? null);
    for (let i = inner.length - 1; i >= 0; i--) stack.push(inner[i]);
  }
}

/**
 * The statements directly inside a statement that a `return` in them returns from the same function.
 *
 * @param statement - A statement.
 * @returns Its inner statements in source order.
 */
function innerStatements(statement: Statement): (Statement | null | undefined)[] {
  switch (statement.type) {
    case 'BlockStatement':
      return statement.body;
    case 'IfStatement':
      return [statement.consequent, statement.alternate];
    case 'TryStatement':
      return [statement.block, statement.handler?.body, statement.finalizer];
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'LabeledStatement':
      return [statement.body];
    case 'SwitchStatement':
      return statement.cases.flatMap((branch) => branch.consequent);
    default:
      return [];
  }
}
