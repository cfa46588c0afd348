/**
 * What the C++ analyzer reads from a tree, as a tags query (language support as data), and the naming rules: names
 * spelled with `::` through namespaces and classes (`nlohmann::detail::lexer::scan`), out-of-line members by the
 * qualified name they are written with, template arguments dropped.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import {
  addFieldChildren,
  addFieldPairs,
  fieldMatches,
  namedChildrenTyped,
  type AddTag,
} from '../tree-sitter/query-tags.js';

/**
 * The C++ tags query; each pattern's dotted capture is the tag's role. The analyzer collects these tags with
 * {@link cppTag} (the same patterns in code: compiling this query costs ~20 ms of CPU per process against the C++
 * grammar); the query stays the patterns' statement and the tests' reference.
 */
export const CPP_TAGS_QUERY = `
(namespace_definition name: (_) @name body: (declaration_list) @body) @definition.namespace
(class_specifier name: (_) @name body: (field_declaration_list) @body) @definition.class
(struct_specifier name: (_) @name body: (field_declaration_list) @body) @definition.struct
(union_specifier name: (_) @name body: (field_declaration_list) @body) @definition.union
(enum_specifier name: (_) @name body: (enumerator_list) @body) @definition.enum
(function_definition body: (_) @body) @definition.function
(type_definition declarator: (type_identifier) @name) @definition.type
(alias_declaration name: (type_identifier) @name) @definition.type
(preproc_function_def name: (identifier) @name) @definition.macro
(call_expression function: (_) @callee) @reference.call
(argument_list [(identifier) (qualified_identifier)] @target) @reference.value
(argument_list (pointer_expression argument: [(identifier) (qualified_identifier)] @target)) @reference.value
(initializer_pair value: (identifier) @target) @reference.value
`;

/** The main node types of {@link CPP_TAGS_QUERY}'s patterns. */
export const CPP_TAG_TYPES: readonly string[] = [
  'namespace_definition',
  'class_specifier',
  'struct_specifier',
  'union_specifier',
  'enum_specifier',
  'function_definition',
  'type_definition',
  'alias_declaration',
  'preproc_function_def',
  'call_expression',
  'argument_list',
  'initializer_pair',
];

const NAME_OR_PATH: ReadonlySet<string> = new Set(['identifier', 'qualified_identifier']);
const TYPE_IDENTIFIER: ReadonlySet<string> = new Set(['type_identifier']);
const IDENTIFIER: ReadonlySet<string> = new Set(['identifier']);
const MEMBER_LIST: ReadonlySet<string> = new Set(['field_declaration_list']);
/** The container patterns `(type name: (_) @name body: (body) @body) @role`: role and body types per type. */
const CONTAINERS: Readonly<Record<string, readonly [string, ReadonlySet<string>]>> = {
  namespace_definition: ['definition.namespace', new Set(['declaration_list'])],
  class_specifier: ['definition.class', MEMBER_LIST],
  struct_specifier: ['definition.struct', MEMBER_LIST],
  union_specifier: ['definition.union', MEMBER_LIST],
  enum_specifier: ['definition.enum', new Set(['enumerator_list'])],
};

/**
 * The tags of one node of a type in {@link CPP_TAG_TYPES}, as {@link CPP_TAGS_QUERY}'s patterns match it.
 *
 * @param node - The node.
 * @param type - Its type.
 * @param add - Where tags go.
 */
export function cppTag(node: Parser.SyntaxNode, type: string, add: AddTag): void {
  const container = CONTAINERS[type];
  if (container !== undefined) {
    addFieldPairs(node, container[0], ['name', null, 'name'], ['body', container[1], 'body'], add);
    return;
  }
  switch (type) {
    case 'function_definition':
      return addFieldChildren(node, 'definition.function', 'body', null, 'body', add);
    case 'type_definition':
      return addFieldChildren(node, 'definition.type', 'declarator', TYPE_IDENTIFIER, 'name', add);
    case 'alias_declaration':
      return addFieldChildren(node, 'definition.type', 'name', TYPE_IDENTIFIER, 'name', add);
    case 'preproc_function_def':
      return addFieldChildren(node, 'definition.macro', 'name', IDENTIFIER, 'name', add);
    case 'call_expression':
      return addFieldChildren(node, 'reference.call', 'function', null, 'callee', add);
    case 'initializer_pair':
      return addFieldChildren(node, 'reference.value', 'value', IDENTIFIER, 'target', add);
    case 'argument_list': {
      // `f(a, ns::b)` and `f(&a)`, in argument order.
      const children = namedChildrenTyped(node);
      for (let i = 0; i < children.nodes.length; i++) {
        const child = children.nodes[i] as Parser.SyntaxNode;
        const childType = children.types[i] as string;
        if (NAME_OR_PATH.has(childType)) add('reference.value', node, { target: child });
        else if (childType === 'pointer_expression') {
          for (const target of fieldMatches(child, 'argument', NAME_OR_PATH)) {
            add('reference.value', node, { target });
          }
        }
      }
      return;
    }
    default:
  }
}

/**
 * A name as written, without whitespace and template arguments: `basic_json< T >::parse` → `basic_json::parse`.
 *
 * @param text - The name's source text.
 * @returns The plain name.
 */
export function plainName(text: string): string {
  let result = '';
  let depth = 0;
  for (const char of text.replace(/\s+/g, '')) {
    if (char === '<' && !/operator[<>=]*$/.test(result)) depth++;
    else if (char === '>' && depth > 0) depth--;
    else if (depth === 0) result += char;
  }
  return result;
}

/**
 * Whether a class member is public: the nearest access specifier above it, or the default of its class key
 * (`private` for `class`, `public` for `struct` and `union`).
 *
 * @param member - A node directly inside a class body (or a template declaration there).
 * @param classKind - `class`, `struct` or `union`.
 * @returns `true` when public.
 */
export function isPublicMember(member: Parser.SyntaxNode, classKind: string): boolean {
  for (let sibling = member.previousSibling; sibling !== null; sibling = sibling.previousSibling) {
    if (sibling.type === 'access_specifier') return sibling.text === 'public';
  }
  return classKind !== 'class';
}
