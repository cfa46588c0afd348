/**
 * The symbol every analysis starts with: the file itself as a module.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { SymbolRecord } from '../../core/model.js';

/**
 * The module symbol of a file.
 *
 * @param qualifiedName - Module name as the language spells it (a path, a package import path, a crate path).
 * @param root - Root of the file's tree (for the last line).
 * @param docstring - File-level documentation, or `null`.
 * @param exported - Whether the file is part of the public surface.
 * @returns The symbol, named by the last `/` or `::` segment.
 */
export function moduleSymbol(
  qualifiedName: string,
  root: Parser.SyntaxNode,
  docstring: string | null,
  exported = true,
): SymbolRecord {
  const end = root.endPosition;
  const lastLine = Math.max(1, end.row + (end.column > 0 ? 1 : 0));
  const name = qualifiedName.split(/\/|::/).pop() || qualifiedName;
  return {
    qualifiedName,
    name,
    kind: 'module',
    startLine: 1,
    endLine: lastLine,
    signature: `module ${qualifiedName}`,
    docstring,
    exported,
  };
}
