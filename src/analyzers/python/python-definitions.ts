/**
 * Definitions: the symbol a `def` or `class` emits (qualified name, kind, whether it is public) and what its node
 * says about itself: name, one-line signature, docstring, parameters, base classes. Read with the walk's own tree
 * cursor, which steps into the definition's children and back (python-cursor.ts): on a file of many small functions
 * (SymPy's `rubi/utility_function.py`) reading headers with the node API cost more than walking every node.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { SymbolKind, SymbolRecord } from '../../core/model.js';
import { fieldAt, namedTypes, textAt, typeIdAt, typeNames } from './python-cursor.js';
import { docstringValue } from './python-docs.js';
import { bind, type Scope } from './python-scope.js';

type Node = Parser.SyntaxNode;
type Cursor = Parser.TreeCursor;

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
  /** The body block, found on demand (stub detection) while the tree is alive. */
  readonly body: (() => Node) | null;
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
 * @param cursor - The walk's cursor on the definition node; it is left there.
 * @param tree - The tree the cursor walks (to find the body again on demand).
 * @param isClass - Whether it is a class (a function is a method when `outer` is a class body).
 * @param decorators - The definition's decorators, as {@link decoratorName} reads them.
 * @param outer - The innermost scope at the definition.
 * @param symbols - The file's symbols so far; the new one is appended.
 * @param source - File content.
 * @returns Its audit facts and the scope its body opens.
 */
export function defineSymbol(
  cursor: Cursor,
  tree: Parser.Tree,
  isClass: boolean,
  decorators: readonly string[],
  outer: Scope,
  symbols: SymbolRecord[],
  source: string,
): OpenedDefinition {
  const { header, bases } = readDefinition(cursor, tree, isClass, decorators, source);
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
    ...(kind === 'class' ? { bases, fields: new Map<string, string>() } : {}),
  };
  return { scope, facts };
}

/**
 * Emit the function symbol of a module-level `name = lambda params: body` and bind its name in the module. It has
 * no docstring and no audit facts (a lambda cannot document itself); its body opens a function scope, so the calls
 * in it belong to it and its parameters shadow outer names.
 *
 * @param cursor - The walk's cursor on the `lambda` node (the assignment's right side); it is left there.
 * @param assignment - The assigned name, and the source index and 1-based line where the assignment starts.
 * @param outer - The module scope.
 * @param symbols - The file's symbols so far; the new one is appended.
 * @param source - File content.
 * @returns The scope the lambda's body opens.
 */
export function defineLambda(
  cursor: Cursor,
  assignment: { readonly name: string; readonly start: number; readonly line: number },
  outer: Scope,
  symbols: SymbolRecord[],
  source: string,
): Scope {
  const { name, start } = assignment;
  const qualifiedName = outer.qualifiedName.length > 0 ? `${outer.qualifiedName}.${name}` : name;
  let headerEnd = -1;
  let parameters: string[] | null = null;
  const end = cursor.endPosition;
  const lambdaEnd = cursor.endIndex;
  if (cursor.gotoFirstChild()) {
    do {
      const id = typeIdAt(cursor);
      if (typeNames[id] === ':') {
        if (headerEnd < 0) headerEnd = cursor.startIndex;
      } else if (parameters === null && fieldAt(cursor) === 'parameters') {
        parameters = readParameters(cursor, source);
      }
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  const symbolIndex = symbols.length;
  symbols.push({
    qualifiedName,
    name,
    kind: 'function',
    startLine: assignment.line,
    endLine: end.row + 1,
    signature: collapseWhitespace(source.slice(start, headerEnd < 0 ? lambdaEnd : headerEnd)),
    docstring: null,
    exported: (symbols[outer.symbolIndex]?.exported ?? false) && !name.startsWith('_'),
  });
  bind(outer, name, { target: qualifiedName, origin: 'definition', isClass: false, isModule: false });
  return {
    parent: outer,
    kind: 'function',
    symbolIndex,
    qualifiedName,
    parameters: new Set(parameters ?? []),
    bindings: null,
  };
}

/**
 * Base classes of a `class_definition` as written: the dotted names in its argument list (keywords such as
 * `metaclass=` left out).
 *
 * @param cursor - Cursor on the class's `superclasses` argument list; it is left there.
 * @param source - File content.
 * @returns Dotted names without whitespace.
 */
function classBases(cursor: Cursor, source: string): string[] {
  const bases: string[] = [];
  if (!cursor.gotoFirstChild()) return bases;
  do {
    const type = typeNames[typeIdAt(cursor)];
    if (type === 'identifier' || type === 'attribute') {
      bases.push(textAt(cursor, source).replace(/\s+/g, ''));
    }
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return bases;
}

/**
 * Read the header of a `function_definition` or `class_definition` node.
 *
 * @param cursor - Cursor on the definition node; it is left there.
 * @param tree - The tree the cursor walks.
 * @param isClass - Whether it is a `class_definition`.
 * @param decorators - Its decorators.
 * @param source - File content (node indices are UTF-16 offsets into it).
 * @returns The header facts, and a class's base classes.
 */
function readDefinition(
  cursor: Cursor,
  tree: Parser.Tree,
  isClass: boolean,
  decorators: readonly string[],
  source: string,
): { header: DefinitionHeader; bases: string[] } {
  const nodeStart = cursor.startIndex;
  const nodeEnd = cursor.endIndex;
  const start = cursor.startPosition.row;
  const end = cursor.endPosition;
  let name: string | null = null;
  let colon = -1;
  let bodyStart = -1;
  let bodyIndex = -1;
  let docstring: string | null = null;
  let parameters: string[] | null = null;
  let bases: string[] | null = null;
  if (cursor.gotoFirstChild()) {
    do {
      const id = typeIdAt(cursor);
      if (typeNames[id] === ':') {
        colon = cursor.startIndex; // the last one: the header's (the node API searched from the end)
        continue;
      }
      switch (fieldAt(cursor)) {
        case 'name':
          name ??= textAt(cursor, source);
          break;
        case 'parameters':
          if (!isClass) parameters ??= readParameters(cursor, source);
          break;
        case 'superclasses':
          if (isClass) bases ??= classBases(cursor, source);
          break;
        case 'body':
          if (bodyStart < 0) {
            bodyStart = cursor.startIndex;
            bodyIndex = cursor.currentDescendantIndex;
            docstring = blockStart(cursor, source).docstring;
          }
          break;
        default:
          break;
      }
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  const headerEnd = colon >= 0 ? colon : bodyStart >= 0 ? bodyStart : nodeEnd;
  let text = source.slice(nodeStart, headerEnd);
  if (text.includes('#')) text = withoutComments(cursor.currentNode, text, headerEnd);
  const header: DefinitionHeader = {
    name: name ?? '',
    signature: collapseWhitespace(text),
    docstring,
    startLine: start + 1,
    endLine: Math.max(start, end.column === 0 && end.row > start ? end.row - 1 : end.row) + 1,
    parameters: parameters ?? [],
    decorators,
    body: bodyIndex < 0 ? null : () => nodeAt(tree, bodyIndex),
  };
  return { header, bases: bases ?? [] };
}

/**
 * A node of a tree by its descendant index.
 *
 * @param tree - The tree.
 * @param index - Descendant index of the node (from a cursor started at the root).
 * @returns The node.
 */
function nodeAt(tree: Parser.Tree, index: number): Node {
  const cursor = tree.walk();
  cursor.gotoDescendant(index);
  return cursor.currentNode;
}

/**
 * The start of a module or block: whether it has a statement, and its docstring (its first statement when that is
 * a lone string literal). Comments and line continuations are not statements.
 *
 * @param cursor - Cursor on a `module` or `block` node; it is left there.
 * @param source - File content.
 * @returns Whether there is a statement, and the cleaned docstring or `null`.
 */
export function blockStart(cursor: Cursor, source: string): { hasStatement: boolean; docstring: string | null } {
  if (!cursor.gotoFirstChild()) return { hasStatement: false, docstring: null };
  let hasStatement = false;
  let docstring: string | null = null;
  do {
    const id = typeIdAt(cursor);
    if (!namedTypes[id]) continue;
    const type = typeNames[id];
    if (type === 'comment' || type === 'line_continuation') continue;
    hasStatement = true;
    if (type === 'expression_statement') docstring = statementDocstring(cursor, source);
    break;
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return { hasStatement, docstring };
}

/**
 * The docstring an expression statement makes when it is a lone string literal (or implicitly concatenated ones).
 *
 * @param cursor - Cursor on an `expression_statement`; it is left there.
 * @param source - File content.
 * @returns The cleaned docstring, or `null`.
 */
function statementDocstring(cursor: Cursor, source: string): string | null {
  if (!cursor.gotoFirstChild()) return null;
  let named = 0;
  let value: string | null = null;
  do {
    const id = typeIdAt(cursor);
    if (!namedTypes[id]) continue;
    if (++named > 1) break;
    const type = typeNames[id];
    if (type === 'string') value = docstringValue(textAt(cursor, source));
    else if (type === 'concatenated_string') value = concatenatedDocstring(cursor, source);
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return named === 1 ? value : null;
}

/**
 * The docstring of implicitly concatenated literals: each piece's value, joined (`null` when any piece is not a
 * plain string or has no docstring value).
 *
 * @param cursor - Cursor on a `concatenated_string`; it is left there.
 * @param source - File content.
 * @returns The joined text, or `null`.
 */
function concatenatedDocstring(cursor: Cursor, source: string): string | null {
  if (!cursor.gotoFirstChild()) return '';
  const pieces: string[] = [];
  let valid = true;
  do {
    const id = typeIdAt(cursor);
    if (!namedTypes[id]) continue;
    const value = typeNames[id] === 'string' ? docstringValue(textAt(cursor, source)) : null;
    if (value === null) {
      valid = false;
      break;
    }
    pieces.push(value);
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return valid ? pieces.join('') : null;
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

/**
 * Parameter names of a `parameters` or `lambda_parameters` node.
 *
 * @param cursor - Cursor on the node; it is left there.
 * @param source - File content.
 * @returns Names in order, stars dropped.
 */
function readParameters(cursor: Cursor, source: string): string[] {
  const names: string[] = [];
  if (!cursor.gotoFirstChild()) return names;
  do {
    const id = typeIdAt(cursor);
    if (!namedTypes[id]) continue;
    const name = parameterName(cursor, id, source);
    if (name !== null) names.push(name);
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return names;
}

/**
 * The name one parameter binds.
 *
 * @param cursor - Cursor on the parameter; it is left there.
 * @param id - Its type id.
 * @param source - File content.
 * @returns The name, or `null` for separators (`*`, `/`), comments and Python 2 tuple parameters.
 */
function parameterName(cursor: Cursor, id: number, source: string): string | null {
  switch (typeNames[id]) {
    case 'identifier':
      return textAt(cursor, source);
    case 'default_parameter':
    case 'typed_default_parameter':
      return fieldText(cursor, 'name', source);
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      if (!cursor.gotoFirstChild()) return null;
      let name: string | null = null;
      do {
        const inner = typeIdAt(cursor);
        if (!namedTypes[inner]) continue;
        name = typeNames[inner] === 'type' ? null : parameterName(cursor, inner, source);
        break;
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
      return name;
    }
    default:
      return null;
  }
}

/**
 * Text of a node's first child filling a field.
 *
 * @param cursor - Cursor on the node; it is left there.
 * @param field - Field name.
 * @param source - File content.
 * @returns The child's text, or `null` when no child fills the field.
 */
function fieldText(cursor: Cursor, field: string, source: string): string | null {
  if (!cursor.gotoFirstChild()) return null;
  let text: string | null = null;
  do {
    if (fieldAt(cursor) === field) {
      text = textAt(cursor, source);
      break;
    }
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return text;
}

/**
 * A decorator as the audit compares it: without `@`, call arguments and whitespace.
 *
 * @param text - The `decorator` node's text.
 * @returns E.g. `staticmethod`, `x.setter`, `typing.overload`.
 */
export function decoratorName(text: string): string {
  const bare = text.replace(/^@\s*/, '');
  const paren = bare.indexOf('(');
  return (paren >= 0 ? bare.slice(0, paren) : bare).replace(/\s+/g, '');
}
