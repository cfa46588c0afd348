/**
 * Narrowing without a type checker: the types a condition proves for local names (`isFoo(x)` with a type predicate
 * `x is Foo`, `x instanceof Foo`, their negations and `&&` / `||` combinations), and whether a statement always
 * leaves the block (so `if (!isFoo(x)) return` narrows `x` for the statements after it).
 *
 * @packageDocumentation
 */
import type { Expression, Statement } from 'oxc-parser';
import type { ReceiverType } from './typescript-calls.js';
import { unwrapExpression } from './typescript-syntax.js';

/** What the narrowing rules ask of the walk. */
export interface NarrowingContext {
  /**
   * The type a call of `callee` proves for its first argument when it returns `true` (a type predicate), or `null`.
   *
   * @param callee - The called expression (TS wrappers removed).
   */
  guardType(callee: Expression): ReceiverType | null;
  /**
   * Whether an enclosing function binds the name (only locals and parameters are narrowed).
   *
   * @param name - An identifier.
   */
  isLocal(name: string): boolean;
  /**
   * Whether a type name written in this file names a type of the code base (a class or interface of the file, or an
   * import from it), so its members can be looked up.
   *
   * @param name - A type name as written.
   */
  isKnownType(name: string): boolean;
}

/** Most nested `&&`, `||` and `!` levels of a condition that are read (deeper ones prove nothing). */
const MAX_DEPTH = 8;

/** What a condition that proves nothing gives (shared, never written to). */
const NOTHING: ReadonlyMap<string, ReceiverType> = new Map();

/**
 * The types a condition proves for local names when it evaluates to `when`.
 *
 * @param test - The condition.
 * @param when - The outcome (`true` for the `if` branch, `false` for `else` and after an early exit).
 * @param context - Guard types and local names of the walk.
 * @returns Narrowed types by local name (empty when the condition proves nothing).
 */
export function narrowedTypes(
  test: Expression,
  when: boolean,
  context: NarrowingContext,
): ReadonlyMap<string, ReceiverType> {
  return narrowed(test, when, context, 0);
}

function narrowed(
  test: Expression,
  when: boolean,
  context: NarrowingContext,
  depth: number,
): ReadonlyMap<string, ReceiverType> {
  const none = NOTHING;
  if (depth > MAX_DEPTH) return none;
  const expr = unwrapExpression(test);
  if (expr.type === 'UnaryExpression' && expr.operator === '!') {
    return narrowed(expr.argument, !when, context, depth + 1);
  }
  if (expr.type === 'LogicalExpression' && expr.operator !== '??') {
    const left = narrowed(expr.left, when, context, depth + 1);
    const right = narrowed(expr.right, when, context, depth + 1);
    // `a && b` true (or `a || b` false): both hold. `a || b` true (or `a && b` false): one of them does.
    const both = (expr.operator === '&&') === when;
    return both ? new Map([...right, ...left]) : union(left, right, context);
  }
  if (!when) return none;
  if (expr.type === 'CallExpression') {
    const subject = expr.arguments[0];
    if (subject?.type !== 'Identifier' || !context.isLocal(subject.name)) return none;
    const type = context.guardType(unwrapExpression(expr.callee));
    return type === null ? none : new Map([[subject.name, type]]);
  }
  if (expr.type === 'BinaryExpression' && expr.operator === 'instanceof') {
    const subject = unwrapExpression(expr.left as Expression);
    const type = unwrapExpression(expr.right);
    if (subject.type !== 'Identifier' || type.type !== 'Identifier' || !context.isLocal(subject.name)) return none;
    return new Map([[subject.name, type.name]]);
  }
  return none;
}

/**
 * Names narrowed on both sides, each to either side's type. Only types this file can name take part: a union with
 * a library type (`x instanceof Map || x instanceof Own`) or with a predicate declared elsewhere, which may prove a
 * library type, would answer the member of the one type found where the compiler sees a library member.
 *
 * @param left - One side's narrowed types.
 * @param right - The other side's.
 * @param context - Which type names are known.
 * @returns The names both sides narrow, typed by both.
 */
function union(
  left: ReadonlyMap<string, ReceiverType>,
  right: ReadonlyMap<string, ReceiverType>,
  context: NarrowingContext,
): ReadonlyMap<string, ReceiverType> {
  const out = new Map<string, ReceiverType>();
  const known = (type: ReceiverType | undefined): type is string =>
    typeof type === 'string' && context.isKnownType(type);
  for (const [name, type] of left) {
    const other = right.get(name);
    if (known(type) && known(other)) out.set(name, { anyOf: [type, other] });
  }
  return out;
}

/**
 * Whether a statement never completes normally: `return`, `throw`, `break`, `continue`, or a block ending in one.
 *
 * @param statement - An `if` branch.
 * @returns `true` when control never reaches the statement after it.
 */
export function alwaysExits(statement: Statement): boolean {
  let last: Statement | undefined = statement;
  while (last?.type === 'BlockStatement') last = last.body.at(-1);
  return (
    last !== undefined &&
    (last.type === 'ReturnStatement' ||
      last.type === 'ThrowStatement' ||
      last.type === 'BreakStatement' ||
      last.type === 'ContinueStatement')
  );
}

/**
 * The type a receiver is cast to: `(x as Foo)`, `(x as any as Foo<T>)`, `(<Foo>x)`, through parentheses and `!`.
 *
 * @param receiver - A member access's object, as parsed.
 * @returns The type name as written, or `null` when the receiver is no cast to one plain type name.
 */
export function castTypeName(receiver: Expression): string | null {
  let expr = receiver;
  while (expr.type === 'ParenthesizedExpression' || expr.type === 'TSNonNullExpression') expr = expr.expression;
  if (expr.type !== 'TSAsExpression' && expr.type !== 'TSTypeAssertion') return null;
  const type = expr.typeAnnotation;
  return type.type === 'TSTypeReference' && type.typeName.type === 'Identifier' ? type.typeName.name : null;
}
