/**
 * What the C++ analyzer reads from a tree, as a tags query (language support as data), and the naming rules: names
 * spelled with `::` through namespaces and classes (`nlohmann::detail::lexer::scan`), out-of-line members by the
 * qualified name they are written with, template arguments dropped.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';

/** The C++ tags query; each pattern's dotted capture is the tag's role. */
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
