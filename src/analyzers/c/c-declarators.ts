/**
 * Reading C and C++ declarators: a function's name, parameters and whether it returns a value live in nested
 * `declarator` fields (`int *(*f)(int a)` nests pointer, parenthesized and function declarators).
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';

type Node = Parser.SyntaxNode;

/** What a function definition's declarator says. */
export interface FunctionDeclarator {
  /** The declarator naming the function: an identifier, or in C++ a qualified, field, destructor or operator name. */
  readonly name: Node;
  /** Parameter names in order (unnamed parameters, `void` and `...` left out). */
  readonly parameters: readonly string[];
  /** Whether the function returns a value (not `void`, or a pointer). */
  readonly returnsValue: boolean;
}

/**
 * The function declarator of a definition or declaration.
 *
 * @param definition - A `function_definition` (or declaration) node.
 * @returns The declarator facts, or `null` when macros left no recognisable declarator.
 */
export function functionDeclarator(definition: Node): FunctionDeclarator | null {
  let pointer = false;
  let node = definition.childForFieldName('declarator');
  while (node !== null && node.type !== 'function_declarator') {
    if (node.type === 'pointer_declarator' || node.type === 'reference_declarator') pointer = true;
    node =
      node.childForFieldName('declarator') ?? (node.type === 'parenthesized_declarator' ? node.namedChild(0) : null);
  }
  const name = node?.childForFieldName('declarator') ?? null;
  if (node === null || name === null) return null;
  const type = definition.childForFieldName('type');
  // Constructors and destructors have no type; `void` alone returns nothing.
  const returnsValue = pointer || (type !== null && type.text !== 'void');
  return { name, parameters: parameterNames(node.childForFieldName('parameters')), returnsValue };
}

function parameterNames(list: Node | null): string[] {
  const names: string[] = [];
  if (list === null) return names;
  for (const parameter of list.namedChildren) {
    let node = parameter.childForFieldName('declarator');
    while (node !== null && node.type !== 'identifier') {
      node = node.childForFieldName('declarator') ?? node.namedChildren.find((c) => c.type === 'identifier') ?? null;
    }
    if (node !== null) names.push(node.text);
  }
  return names;
}

/**
 * Whether a definition carries a storage class such as `static`.
 *
 * @param definition - A definition node.
 * @param keyword - The storage class.
 * @returns `true` when present.
 */
export function hasStorageClass(definition: Node, keyword: string): boolean {
  for (const child of definition.namedChildren) {
    if (child.type === 'storage_class_specifier' && child.text === keyword) return true;
  }
  return false;
}
