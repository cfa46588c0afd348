/**
 * Resolution hints of C++ calls and function values: a name is looked up through the enclosing classes and
 * namespaces among the file's definitions (the way unqualified lookup climbs scopes), `this->f()` targets the
 * current class, qualified names are taken as written.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import { plainName } from './cpp-definitions.js';

/** Cast operators look like calls of template functions but target nothing. */
const CASTS = new Set(['static_cast', 'dynamic_cast', 'reinterpret_cast', 'const_cast']);

/** Where a use sits: the enclosing scopes' qualified names, innermost first (the global scope is `''`). */
export interface CppContext {
  readonly scopes: readonly string[];
  /** The class of the enclosing member function, or `null`. */
  readonly selfPath: string | null;
}

/**
 * Hint for a callee or a function used as a value.
 *
 * @param node - The expression.
 * @param context - Where it is written.
 * @param defined - Qualified names of the file's callable definitions.
 * @returns The qualified name, or `null` when the target cannot be named (a call through an object).
 */
export function cppHint(node: Parser.SyntaxNode, context: CppContext, defined: ReadonlySet<string>): string | null {
  switch (node.type) {
    case 'identifier':
    case 'qualified_identifier':
    case 'template_function': {
      const name = plainName(node.text).replace(/^::/, '');
      if (CASTS.has(name)) return null;
      for (const scope of context.scopes) {
        const candidate = scope.length > 0 ? `${scope}::${name}` : name;
        if (defined.has(candidate)) return candidate;
      }
      return name;
    }
    case 'field_expression': {
      if (node.childForFieldName('argument')?.type !== 'this' || context.selfPath === null) return null;
      return `${context.selfPath}::${plainName(node.childForFieldName('field')?.text ?? '')}`;
    }
    default:
      return null;
  }
}
