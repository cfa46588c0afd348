/**
 * What the Rust analyzer reads from a tree, as a tags query (language support as data), and the naming rules: paths
 * spelled with `::` from the crate (`serde_json::de::Deserializer::parse_value`), the module path taken from the file
 * path the way rustc maps files to modules.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';

/** The Rust tags query; each pattern's dotted capture is the tag's role. */
export const RUST_TAGS_QUERY = `
(mod_item name: (identifier) @name body: (declaration_list) @body) @definition.module
(function_item name: (identifier) @name return_type: (_)? @returns body: (block) @body) @definition.function
(function_signature_item name: (identifier) @name return_type: (_)? @returns) @definition.function
(struct_item name: (type_identifier) @name body: (_)? @body) @definition.struct
(enum_item name: (type_identifier) @name body: (_)? @body) @definition.enum
(union_item name: (type_identifier) @name body: (_)? @body) @definition.union
(trait_item name: (type_identifier) @name body: (declaration_list) @body) @definition.trait
(type_item name: (type_identifier) @name) @definition.type
(macro_definition name: (identifier) @name) @definition.macro
(impl_item trait: (_)? @trait type: (_) @type body: (declaration_list) @body) @scope.impl
(use_declaration argument: (_) @argument) @import.use
(call_expression function: (_) @callee) @reference.call
(macro_invocation macro: (identifier) @callee) @reference.macro
(arguments [(identifier) (scoped_identifier)] @target) @reference.value
(let_declaration value: [(identifier) (scoped_identifier)] @target) @reference.value
(field_initializer value: [(identifier) (scoped_identifier)] @target) @reference.value
`;

/**
 * The crate and module path of a file: `serde_json-1.0.87/src/value/mod.rs` → `serde_json::value`. The crate is the
 * folder holding `src` (version suffix dropped, `-` read as `_`), or `crate` when `src` is at the root; `lib.rs`,
 * `main.rs` and `mod.rs` name their folder's module.
 *
 * @param path - Repository-relative path.
 * @returns The crate name and the module path.
 */
export function rustModulePath(path: string): { crate: string; module: string } {
  const segments = path.replace(/\.rs$/i, '').split('/');
  let src = segments.lastIndexOf('src');
  if (src < 0) src = segments.length > 1 ? 0 : -1;
  const crateDir =
    src > 0 ? (segments[src - 1] as string) : src === 0 && segments[0] !== 'src' ? (segments[0] as string) : 'crate';
  const crate = crateDir.replace(/-\d+(?:\.\d+)*(?:[-+].*)?$/, '').replace(/-/g, '_');
  const inner = segments.slice(src + 1);
  const last = inner[inner.length - 1];
  if (last === 'mod' || (inner.length === 1 && (last === 'lib' || last === 'main'))) inner.pop();
  return { crate, module: [crate, ...inner].join('::') };
}

/**
 * The base name of a type as written in an `impl` header: `&'a mut Deserializer<R>` → `Deserializer`.
 *
 * @param type - The type node.
 * @returns The name, or `null` for types without one (tuples, slices of generics…).
 */
export function rustTypeName(type: Parser.SyntaxNode): string | null {
  const match = /([A-Za-z_]\w*)\s*(?:<.*)?$/s.exec(type.text.replace(/^(?:&\s*(?:'\w+\s*)?(?:mut\s+)?|dyn\s+)*/, ''));
  return match === null ? null : (match[1] as string);
}

/**
 * Whether an item is declared plainly `pub` (not `pub(crate)` or `pub(super)`).
 *
 * @param item - The item node.
 * @returns `true` when public.
 */
export function isPublic(item: Parser.SyntaxNode): boolean {
  for (const child of item.namedChildren) if (child.type === 'visibility_modifier') return child.text === 'pub';
  return false;
}
