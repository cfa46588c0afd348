/**
 * Resolution hints of Go call sites and method values: package members by import path, same-package functions,
 * and methods through receivers and parameters whose type the file names.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';

/** The enclosing function of a use: its symbol and the variables of known local type (receiver, parameters). */
export interface GoScope {
  readonly symbolIndex: number;
  readonly variables: ReadonlyMap<string, string>;
}

/** What the file knows when hinting. */
export interface GoNames {
  /** Import path of the file's package. */
  readonly packagePath: string;
  /** Local package name to import path. */
  readonly imports: ReadonlyMap<string, string>;
  /** Functions the file defines. */
  readonly functions: ReadonlySet<string>;
  /** Types the file defines. */
  readonly types: ReadonlySet<string>;
  /** Methods the file defines, as `Type.Method`. */
  readonly methods: ReadonlySet<string>;
}

/** Predeclared functions and conversions: calls to them target nothing indexed. */
const BUILTINS = new Set(
  (
    'append cap clear close complex copy delete imag len make max min new panic print println real recover ' +
    'bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 ' +
    'uint16 uint32 uint64 uintptr any'
  ).split(' '),
);

/**
 * The package name an import binds: its alias, or the last path segment without a major-version suffix.
 *
 * @param path - The import path without quotes.
 * @param alias - The explicit name, if any.
 * @returns The local name, or `null` for blank and dot imports.
 */
export function importedName(path: string, alias: string | undefined): string | null {
  if (alias === '_' || alias === '.') return null;
  if (alias !== undefined) return alias;
  const segments = path.split('/');
  let last = segments.pop() ?? path;
  if (/^v\d+$/.test(last) && segments.length > 0) last = segments.pop() ?? last;
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '');
}

/** A callee or value target: its node type and text, and for a selector its operand and field. */
export interface GoExpression {
  readonly type: string;
  readonly text: string;
  /** A selector's operand (type and text) and field name (`null` when the node has no such field). */
  readonly selector: GoSelector | null;
}

/** The parts of a `selector_expression` the hints read. */
export interface GoSelector {
  readonly operandType: string | undefined;
  readonly operand: string;
  readonly field: string | undefined;
}

/** A selector `name.Field` written with nothing between or around its two identifiers. */
const PLAIN_SELECTOR = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/;
/** Predeclared names the grammar gives node types of their own (not `identifier`). */
const LITERAL_NAMES = new Set(['true', 'false', 'nil', 'iota']);

/**
 * The operand and field of a `selector_expression`. When its text is `name.Field` (ASCII identifiers, no space or
 * comment), the operand is that one token, an `identifier` unless it is one of the grammar's literal names, and the
 * field is the other; anything else is read from the node.
 *
 * @param text - The selector's text.
 * @param node - Its node, read only when the text is not plain.
 * @returns The parts.
 */
export function selectorParts(text: string, node: () => Parser.SyntaxNode): GoSelector {
  const plain = PLAIN_SELECTOR.exec(text);
  if (plain !== null && !LITERAL_NAMES.has(plain[1] as string)) {
    return { operandType: 'identifier', operand: plain[1] as string, field: plain[2] as string };
  }
  const selector = node();
  const operand = selector.childForFieldName('operand');
  return { operandType: operand?.type, operand: operand?.text ?? '', field: selector.childForFieldName('field')?.text };
}

/**
 * Hint for a callee.
 *
 * @param callee - The call's function expression.
 * @param scope - The enclosing function.
 * @param names - What the file knows.
 * @returns The qualified name the callee most likely is, or `null`.
 */
export function goCallHint(callee: GoExpression, scope: GoScope, names: GoNames): string | null {
  if (callee.type === 'identifier') {
    return BUILTINS.has(callee.text) && !names.functions.has(callee.text)
      ? null
      : `${names.packagePath}.${callee.text}`;
  }
  return selectorHint(callee, scope, names);
}

/**
 * Hint for a callable used as a value, kept only when it names a function or a method the file defines (a plain
 * identifier is far more often a variable).
 *
 * @param target - The value expression.
 * @param scope - The enclosing function.
 * @param names - What the file knows.
 * @returns The qualified name, or `null` to drop the use.
 */
export function goValueHint(target: GoExpression, scope: GoScope, names: GoNames): string | null {
  if (target.type === 'identifier') {
    return names.functions.has(target.text) ? `${names.packagePath}.${target.text}` : null;
  }
  const hint = selectorHint(target, scope, names);
  if (hint === null || hint.startsWith(`${names.packagePath}.`) === false) return null;
  return names.methods.has(hint.slice(names.packagePath.length + 1)) ? hint : null;
}

function selectorHint(expression: GoExpression, scope: GoScope, names: GoNames): string | null {
  const selector = expression.selector;
  if (expression.type !== 'selector_expression' || selector === null) return null;
  const field = selector.field;
  if (selector.operandType !== 'identifier' || field === undefined) return null;
  const name = selector.operand;
  const type = scope.variables.get(name);
  if (type !== undefined) return `${names.packagePath}.${type}.${field}`;
  const imported = names.imports.get(name);
  if (imported !== undefined) return `${imported}.${field}`;
  // A method expression such as `Command.Execute`.
  if (names.types.has(name)) return `${names.packagePath}.${name}.${field}`;
  return null;
}
