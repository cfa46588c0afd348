/**
 * Definitions: the symbol a `def` or `class` emits (qualified name, kind, whether it is public) and what its node
 * says about itself: name, one-line signature, docstring, parameters, decorators. Read with the node API;
 * definitions are few compared with the nodes the main walk visits with its cursor.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { SymbolKind, SymbolRecord } from '../../core/model.js';
import { docstringValue } from './python-docs.js';
import { bind, type Scope } from './python-scope.js';

type Node = Parser.SyntaxNode;

/** The header facts of one definition. */
export interface DefinitionHeader {
  readonly name: string;
  /** Header as written up to the colon, whitespace collapsed. */
  readonly signature: string;
  readonly docstring: string | null;
  /** 1-based line of the `def`/`class` keyword (or `async`). */
  readonly startLine: number;
  readonly endLine: number;
  /** Parameter names in order, stars dropped (`*args` → `args`); empty for classes. */
  readonly parameters: readonly string[];
  /** Decorator expressions without `@` and call arguments, e.g. `staticmethod`, `x.setter`, `typing.overload`. */
  readonly decorators: readonly string[];
  /** The body block, kept for lazy checks (stub detection) while the tree is alive. */
  readonly body: Node | null;
}

/** A class or function definition with the body facts the documentation audit needs. */
export interface DefinitionFacts {
  readonly symbolIndex: number;
  readonly kind: SymbolKind;
  readonly header: DefinitionHeader;
  /** For methods: index of the class symbol. */
  readonly classIndex: number | null;
  /** Has `yield` in its own body (not in nested functions or lambdas). */
  yields: boolean;
  /** Has `return <value>` other than `return None` in its own body. */
  returnsValue: boolean;
}

/** A definition just read: its audit facts, and the scope its body opens. */
export interface OpenedDefinition {
  readonly scope: Scope;
  readonly facts: DefinitionFacts;
}

/**
 * Emit the symbol of a `def` or `class` node met in scope `outer` and bind its name there.
 *
 * @param node - The definition node.
 * @param isClass - Whether it is a class (a function is a method when `outer` is a class body).
 * @param outer - The innermost scope at the definition.
 * @param symbols - The file's symbols so far; the new one is appended.
 * @param source - File content.
 * @returns Its audit facts and the scope its body opens.
 */
export function defineSymbol(
  node: Node,
  isClass: boolean,
  outer: Scope,
  symbols: SymbolRecord[],
  source: string,
): OpenedDefinition {
  const header = readDefinition(node, source);
  const kind: SymbolKind = isClass ? 'class' : outer.kind === 'class' ? 'method' : 'function';
  const qualifiedName = outer.qualifiedName.length > 0 ? `${outer.qualifiedName}.${header.name}` : header.name;
  const outerExported = symbols[outer.symbolIndex]?.exported ?? false;
  const symbolIndex = symbols.length;
  symbols.push({
    qualifiedName,
    name: header.name,
    kind,
    startLine: header.startLine,
    endLine: header.endLine,
    signature: header.signature,
    docstring: header.docstring,
    // A function's local definitions are never part of the public surface.
    exported: outerExported && outer.kind !== 'function' && !header.name.startsWith('_'),
  });
  bind(outer, header.name, {
    target: qualifiedName,
    origin: 'definition',
    isClass: kind === 'class',
    isModule: false,
  });
  const facts: DefinitionFacts = {
    symbolIndex,
    kind,
    header,
    classIndex: kind === 'method' ? outer.symbolIndex : null,
    yields: false,
    returnsValue: false,
  };
  const scope: Scope = {
    parent: outer,
    kind: kind === 'class' ? 'class' : 'function',
    symbolIndex,
    qualifiedName,
    parameters: kind === 'class' ? null : new Set(header.parameters),
    bindings: null,
    ...(kind === 'class' ? { bases: classBases(node), fields: new Map<string, string>() } : {}),
  };
  return { scope, facts };
}

/**
 * Emit the function symbol of a module-level `name = lambda params: body` and bind its name in the module. It has
 * no docstring and no audit facts (a lambda cannot document itself); its body opens a function scope, so the calls
 * in it belong to it and its parameters shadow outer names.
 *
 * @param lambda - The `lambda` node (the assignment's right side).
 * @param assignment - The assigned name, and the source index and 1-based line where the assignment starts.
 * @param outer - The module scope.
 * @param symbols - The file's symbols so far; the new one is appended.
 * @param source - File content.
 * @returns The scope the lambda's body opens.
 */
export function defineLambda(
  lambda: Node,
  assignment: { readonly name: string; readonly start: number; readonly line: number },
  outer: Scope,
  symbols: SymbolRecord[],
  source: string,
): Scope {
  const { name, start } = assignment;
  const qualifiedName = outer.qualifiedName.length > 0 ? `${outer.qualifiedName}.${name}` : name;
  let headerEnd = lambda.endIndex;
  for (let child = lambda.firstChild; child !== null; child = child.nextSibling) {
    if (child.type === ':') {
      headerEnd = child.startIndex;
      break;
    }
  }
  const parameters = lambda.childForFieldName('parameters');
  const symbolIndex = symbols.length;
  const end = lambda.endPosition;
  symbols.push({
    qualifiedName,
    name,
    kind: 'function',
    startLine: assignment.line,
    endLine: end.row + 1,
    signature: collapseWhitespace(source.slice(start, headerEnd)),
    docstring: null,
    exported: (symbols[outer.symbolIndex]?.exported ?? false) && !name.startsWith('_'),
  });
  bind(outer, name, { target: qualifiedName, origin: 'definition', isClass: false, isModule: false });
  return {
    parent: outer,
    kind: 'function',
    symbolIndex,
    qualifiedName,
    parameters: new Set(parameterNames(parameters)),
    bindings: null,
  };
}

/**
 * Base classes of a `class_definition` as written: the dotted names in its argument list (keywords such as
 * `metaclass=` left out).
 *
 * @param node - The class node.
 * @returns Dotted names without whitespace.
 */
function classBases(node: Node): string[] {
  const list = node.childForFieldName('superclasses');
  if (list === null) return [];
  return list.namedChildren
    .filter((child) => child.type === 'identifier' || child.type === 'attribute')
    .map((child) => child.text.replace(/\s+/g, ''));
}

/**
 * Read the header of a `function_definition` or `class_definition` node.
 *
 * @param node - The definition node.
 * @param source - File content (node indices are UTF-16 offsets into it).
 * @returns The header facts.
 */
export function readDefinition(node: Node, source: string): DefinitionHeader {
  const body = node.childForFieldName('body');
  const start = node.startPosition.row;
  const end = node.endPosition;
  return {
    name: node.childForFieldName('name')?.text ?? '',
    signature: headerSignature(node, source, body),
    docstring: body === null ? null : blockDocstring(body),
    startLine: start + 1,
    endLine: Math.max(start, end.column === 0 && end.row > start ? end.row - 1 : end.row) + 1,
    parameters: node.type === 'function_definition' ? parameterNames(node.childForFieldName('parameters')) : [],
    decorators: decoratorNames(node),
    body,
  };
}

/**
 * The docstring of a module or block: its first statement when that is a lone string literal.
 *
 * @param container - A `module` or `block` node.
 * @returns The cleaned docstring, or `null`.
 */
export function blockDocstring(container: Node): string | null {
  const statement = firstStatement(container);
  if (statement === null || statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return null;
  const literal = statement.firstNamedChild;
  if (literal === null) return null;
  if (literal.type === 'string') return docstringValue(literal.text);
  if (literal.type !== 'concatenated_string') return null;
  const pieces: string[] = [];
  for (const piece of literal.namedChildren) {
    const value = piece.type === 'string' ? docstringValue(piece.text) : null;
    if (value === null) return null;
    pieces.push(value);
  }
  return pieces.join('');
}

/**
 * First statement of a module or block, skipping comments and line continuations.
 *
 * @param container - A `module` or `block` node.
 * @returns The statement node, or `null` when there is none.
 */
export function firstStatement(container: Node): Node | null {
  let child = container.firstNamedChild;
  while (child !== null && (child.type === 'comment' || child.type === 'line_continuation')) {
    child = child.nextNamedSibling;
  }
  return child;
}

/**
 * Whether a body does nothing but document itself, `pass`, `...` or raise (an abstract method or a stub).
 *
 * @param body - A function body block.
 * @returns `true` for stub bodies.
 */
export function isStubBody(body: Node): boolean {
  for (const statement of body.namedChildren) {
    switch (statement.type) {
      case 'comment':
      case 'line_continuation':
      case 'pass_statement':
      case 'raise_statement':
        continue;
      case 'expression_statement': {
        const value = statement.firstNamedChild?.type;
        if (statement.namedChildCount === 1 && (value === 'string' || value === 'ellipsis')) continue;
        return false;
      }
      default:
        return false;
    }
  }
  return true;
}

function headerSignature(node: Node, source: string, body: Node | null): string {
  let end = body?.startIndex ?? node.endIndex;
  for (let child = node.lastChild; child !== null; child = child.previousSibling) {
    if (child.type === ':') {
      end = child.startIndex;
      break;
    }
  }
  let text = source.slice(node.startIndex, end);
  if (text.includes('#')) text = withoutComments(node, text, end);
  return collapseWhitespace(text);
}

/**
 * Cut comment nodes out of a multi-line header (a `#` inside a string default is left alone).
 *
 * @param node - The definition node.
 * @param text - Header text, starting at the node.
 * @param end - Source index where the header ends.
 * @returns The header without comments.
 */
function withoutComments(node: Node, text: string, end: number): string {
  const offset = node.startIndex;
  let out = '';
  let from = offset;
  for (const comment of node.descendantsOfType('comment')) {
    if (comment.startIndex >= end) break;
    out += text.slice(from - offset, comment.startIndex - offset);
    from = comment.endIndex;
  }
  return out + text.slice(from - offset);
}

/**
 * One-line form of a header: line breaks next to brackets vanish (with a trailing comma before a closing bracket),
 * other whitespace runs become one space.
 *
 * @param text - Header text as written.
 * @returns The one-line header.
 */
function collapseWhitespace(text: string): string {
  return text
    .replace(/\\\r?\n/g, ' ')
    .replace(/,\s*[\r\n]\s*(?=[)\]}])/g, '')
    .replace(/\s+/g, (run: string, at: number, whole: string) => {
      if (!/[\r\n]/.test(run)) return ' ';
      const before = whole[at - 1] ?? '';
      const after = whole[at + run.length] ?? '';
      return '([{'.includes(before) || ')]}'.includes(after) ? '' : ' ';
    })
    .trim();
}

function parameterNames(parameters: Node | null): string[] {
  const names: string[] = [];
  if (parameters === null) return names;
  for (let param = parameters.firstNamedChild; param !== null; param = param.nextNamedSibling) {
    const name = parameterName(param);
    if (name !== null) names.push(name);
  }
  return names;
}

function parameterName(param: Node): string | null {
  switch (param.type) {
    case 'identifier':
      return param.text;
    case 'default_parameter':
    case 'typed_default_parameter':
      return param.childForFieldName('name')?.text ?? null;
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      const inner = param.firstNamedChild;
      return inner === null || inner.type === 'type' ? null : parameterName(inner);
    }
    default:
      return null; // separators `*` and `/`, comments, Python 2 tuple parameters
  }
}

function decoratorNames(node: Node): string[] {
  const parent = node.parent;
  if (parent === null || parent.type !== 'decorated_definition') return [];
  const names: string[] = [];
  for (let child = parent.firstNamedChild; child !== null; child = child.nextNamedSibling) {
    if (child.type !== 'decorator') continue;
    const text = child.text.replace(/^@\s*/, '');
    const paren = text.indexOf('(');
    names.push((paren >= 0 ? text.slice(0, paren) : text).replace(/\s+/g, ''));
  }
  return names;
}
