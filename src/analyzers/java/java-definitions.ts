/**
 * What the Java analyzer reads from a tree, as a tags query (language support as data), and the naming rules: the
 * package and nested type names joined by dots, as Java spells a binary name's source form
 * (`org.apache.cordova.CordovaWebViewImpl.loadUrl`); constructors are methods named after their class.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';

/** The Java tags query; each pattern's dotted capture is the tag's role. */
export const JAVA_TAGS_QUERY = `
(package_declaration [(identifier) (scoped_identifier)] @name) @package.declaration
(import_declaration [(identifier) (scoped_identifier)] @path) @import.declaration
(class_declaration name: (identifier) @name body: (_) @body) @definition.class
(record_declaration name: (identifier) @name body: (_) @body) @definition.class
(interface_declaration name: (identifier) @name body: (_) @body) @definition.interface
(annotation_type_declaration name: (identifier) @name body: (_) @body) @definition.interface
(enum_declaration name: (identifier) @name body: (_) @body) @definition.enum
(method_declaration name: (identifier) @name parameters: (formal_parameters) @parameters body: (_)? @body) @definition.method
(constructor_declaration name: (identifier) @name parameters: (formal_parameters) @parameters body: (_) @body) @definition.constructor
(method_invocation object: (_)? @object name: (identifier) @name) @reference.call
(object_creation_expression type: (_) @type) @reference.new
(method_reference) @reference.value
`;

/**
 * The modifiers of a declaration as words (`public`, `static`, annotations left out).
 *
 * @param declaration - A class, interface, enum, method or constructor declaration.
 * @returns The modifier keywords.
 */
export function modifiersOf(declaration: Parser.SyntaxNode): Set<string> {
  const words = new Set<string>();
  for (const child of declaration.namedChildren) {
    if (child.type !== 'modifiers') continue;
    for (const modifier of child.children) if (!modifier.type.includes('annotation')) words.add(modifier.text);
  }
  return words;
}

/**
 * Parameter names of a method or constructor.
 *
 * @param parameters - Its `formal_parameters` node.
 * @returns The names in order.
 */
export function parameterNames(parameters: Parser.SyntaxNode | undefined): string[] {
  const names: string[] = [];
  for (const parameter of parameters?.namedChildren ?? []) {
    const name = parameter.childForFieldName('name') ?? parameter.namedChildren.find((c) => c.type === 'identifier');
    if (name != null) names.push(name.text);
  }
  return names;
}
