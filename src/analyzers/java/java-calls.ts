/**
 * Resolution hints of Java calls, constructions and method references: unqualified calls target the enclosing
 * classes' methods, `this.m()` the current class, `Type.m()` and `new Type()` a type named by an import, the
 * file or the package.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';

/** Types of `java.lang`, visible in every file without an import. */
const JAVA_LANG = new Set(
  (
    'Object String StringBuilder System Math Integer Long Short Byte Double Float Boolean Character Number Void ' +
    'Class Enum Record Thread Runnable Iterable Throwable Exception RuntimeException Error ' +
    'IllegalArgumentException IllegalStateException NullPointerException UnsupportedOperationException'
  ).split(' '),
);

/** What the file knows when hinting. */
export interface JavaNames {
  readonly packageName: string;
  /** Simple name to qualified name, from single-type imports. */
  readonly imports: ReadonlyMap<string, string>;
  /** Simple name to qualified name of the file's own types. */
  readonly types: ReadonlyMap<string, string>;
  /** Qualified names of the file's methods and constructors. */
  readonly methods: ReadonlySet<string>;
}

/**
 * The qualified name of a type written by its simple name.
 *
 * @param name - The simple name (type arguments dropped).
 * @param names - What the file knows.
 * @returns The file's or an imported type, `java.lang`'s, else the package's.
 */
export function typePath(name: string, names: JavaNames): string {
  const simple = name.replace(/<.*$/s, '').trim();
  const qualified = names.types.get(simple) ?? names.imports.get(simple);
  if (qualified !== undefined) return qualified;
  if (simple.includes('.')) return simple;
  if (JAVA_LANG.has(simple)) return `java.lang.${simple}`;
  return names.packageName.length > 0 ? `${names.packageName}.${simple}` : simple;
}

/**
 * Hint for a method invocation.
 *
 * @param object - The receiver expression, absent for an unqualified call.
 * @param method - The method name.
 * @param classes - Qualified names of the enclosing classes, innermost first.
 * @param names - What the file knows.
 * @returns The qualified name, or `null` when the receiver is an arbitrary value.
 */
export function callHint(
  object: Parser.SyntaxNode | undefined,
  method: string,
  classes: readonly string[],
  names: JavaNames,
): string | null {
  if (object === undefined) {
    // Java finds an unqualified method in the innermost enclosing class that declares one of that name.
    for (const owner of classes) if (names.methods.has(`${owner}.${method}`)) return `${owner}.${method}`;
    return classes[0] !== undefined ? `${classes[0]}.${method}` : null;
  }
  if (object.type === 'this') return classes[0] !== undefined ? `${classes[0]}.${method}` : null;
  if (object.type === 'identifier' && /^[A-Z]/.test(object.text)) return `${typePath(object.text, names)}.${method}`;
  if (object.type === 'scoped_identifier' || object.type === 'field_access') {
    const text = object.text.replace(/\s+/g, '');
    if (/^[a-z_][\w.]*\.[A-Z]\w*$/.test(text)) return `${text}.${method}`;
  }
  return null;
}

/**
 * Hint for a method reference (`Type::method`, `this::method`, `Type::new`).
 *
 * @param reference - The `method_reference` node.
 * @param classes - Qualified names of the enclosing classes, innermost first.
 * @param names - What the file knows.
 * @returns The qualified name, or `null` for a reference through an arbitrary value.
 */
export function referenceHint(
  reference: Parser.SyntaxNode,
  classes: readonly string[],
  names: JavaNames,
): string | null {
  const [target, member] = reference.text.replace(/\s+/g, '').split('::');
  if (target === undefined || member === undefined) return null;
  const owner =
    target === 'this'
      ? classes[0]
      : /^[A-Z]/.test(target) || target.includes('.')
        ? typePath(target, names)
        : undefined;
  if (owner === undefined) return null;
  return member === 'new' ? owner : `${owner}.${member}`;
}
