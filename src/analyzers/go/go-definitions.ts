/**
 * What the Go analyzer reads from a tree, as a tags query (language support as data), and the naming rules: a
 * package is named by its import path (the file's folder), members as `path.Name`, methods as `path.Type.Method`
 * (how `go doc` and stack traces spell them).
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { SymbolKind } from '../../core/model.js';

/** The Go tags query; each pattern's dotted capture is the tag's role. */
export const GO_TAGS_QUERY = `
(package_clause (package_identifier) @name) @package.clause
(import_spec name: (_)? @alias path: (_) @path) @import.spec
(function_declaration name: (identifier) @name parameters: (parameter_list) @parameters result: (_)? @result body: (block)? @body) @definition.function
(method_declaration receiver: (parameter_list) @receiver name: (field_identifier) @name parameters: (parameter_list) @parameters result: (_)? @result body: (block)? @body) @definition.method
(type_spec name: (type_identifier) @name type: (_) @type) @definition.type
(type_alias name: (type_identifier) @name) @definition.type
(call_expression function: (_) @callee) @reference.call
(argument_list [(identifier) (selector_expression)] @target) @reference.value
(keyed_element . (_) (literal_element [(identifier) (selector_expression)] @target)) @reference.value
(assignment_statement right: (expression_list [(identifier) (selector_expression)] @target)) @reference.value
(short_var_declaration right: (expression_list [(identifier) (selector_expression)] @target)) @reference.value
(return_statement (expression_list [(identifier) (selector_expression)] @target)) @reference.value
`;

/**
 * The import path of a file's package: its folder, or the package name for files at the repository root.
 *
 * @param path - Repository-relative path.
 * @param packageName - Name in the `package` clause.
 * @returns The package's qualified name.
 */
export function goPackagePath(path: string, packageName: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? packageName : path.slice(0, slash);
}

/**
 * The kind a type declaration defines, from the type it names.
 *
 * @param type - The `type` field of a `type_spec` (absent for aliases).
 * @returns `struct`, `interface` or `type`.
 */
export function goTypeKind(type: Parser.SyntaxNode | undefined): SymbolKind {
  if (type?.type === 'struct_type') return 'struct';
  if (type?.type === 'interface_type') return 'interface';
  return 'type';
}

/**
 * The receiver of a method: its variable name and its base type name (`(c *Command)` → `c`, `Command`; generic
 * receivers `(l *List[T])` → `List`).
 *
 * @param receiver - The receiver parameter list.
 * @returns Both, the variable empty when unnamed, or `null` when unreadable.
 */
export function goReceiver(receiver: Parser.SyntaxNode): { variable: string; type: string } | null {
  const parameter = receiver.namedChildren.find((child) => child.type === 'parameter_declaration');
  const type = parameter?.childForFieldName('type');
  if (parameter === undefined || type == null) return null;
  const base = /^\**\s*([A-Za-z_]\w*)/.exec(type.text);
  if (base === null) return null;
  return { variable: parameter.childForFieldName('name')?.text ?? '', type: base[1] as string };
}

/**
 * Named parameters and results whose type is a plain local type (`c *Command`, `(cmd *Command, err error)`):
 * receivers of method calls the analyzer can hint.
 *
 * @param lists - Parameter lists (a result that is a bare type is skipped).
 * @returns Variable name to type name.
 */
export function goTypedParameters(...lists: (Parser.SyntaxNode | undefined)[]): Map<string, string> {
  const types = new Map<string, string>();
  const parameters = lists.flatMap((list) => (list?.type === 'parameter_list' ? list.namedChildren : []));
  for (const parameter of parameters) {
    const type = /^\**([A-Za-z_]\w*)$/.exec(parameter.childForFieldName('type')?.text ?? '');
    if (type === null) continue;
    for (const name of parameter.childrenForFieldName('name')) types.set(name.text, type[1] as string);
  }
  return types;
}

/**
 * Whether a Go identifier is exported (starts with an upper-case letter).
 *
 * @param name - The identifier.
 * @returns `true` when exported.
 */
export function isExportedName(name: string): boolean {
  const first = name.charAt(0);
  return first !== first.toLowerCase();
}
