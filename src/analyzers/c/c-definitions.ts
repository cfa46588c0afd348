/**
 * What the C analyzer reads from a tree, as a tags query (language support as data): definitions of functions,
 * structs, unions, enums, typedefs and function-like macros; prototypes (known function names); calls; identifiers
 * used as values where a function pointer is expected.
 *
 * @packageDocumentation
 */

/** The C tags query; each pattern's dotted capture is the tag's role. */
export const C_TAGS_QUERY = `
(function_definition body: (compound_statement) @body) @definition.function
(struct_specifier name: (type_identifier) @name body: (field_declaration_list) @body) @definition.struct
(union_specifier name: (type_identifier) @name body: (field_declaration_list) @body) @definition.union
(enum_specifier name: (type_identifier) @name body: (enumerator_list) @body) @definition.enum
(type_definition declarator: (type_identifier) @name) @definition.type
(preproc_function_def name: (identifier) @name) @definition.macro
(declaration declarator: (function_declarator declarator: (identifier) @name)) @declaration.function
(call_expression function: [(identifier) (field_expression)] @callee) @reference.call
(initializer_pair value: (identifier) @target) @reference.initializer
(argument_list (identifier) @target) @reference.value
(assignment_expression right: (identifier) @target) @reference.value
(init_declarator value: (identifier) @target) @reference.value
(pointer_expression argument: (identifier) @target) @reference.value
`;

/**
 * Whether a path is a header, whose types and macros are the public surface of the code including it.
 *
 * @param path - Repository-relative path.
 * @returns `true` for `.h` files.
 */
export function isHeader(path: string): boolean {
  return path.toLowerCase().endsWith('.h');
}
