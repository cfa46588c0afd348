/**
 * Documentation inside JSON: a schema or configuration object describes itself with a `description` (or `title`)
 * string member.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';

/**
 * The description of an object value.
 *
 * @param value - Any JSON value node.
 * @returns Its `description` or `title` string, or `null`.
 */
export function describedBy(value: Parser.SyntaxNode | null): string | null {
  if (value === null || value.type !== 'object') return null;
  let title: string | null = null;
  for (const pair of value.namedChildren) {
    if (pair.type !== 'pair') continue;
    const key = stringValue(pair.childForFieldName('key'));
    const text = stringValue(pair.childForFieldName('value'));
    if (text === null || text.trim().length === 0) continue;
    if (key === 'description') return text.trim();
    if (key === 'title') title = text.trim();
  }
  return title;
}

/**
 * The value of a string node, escapes decoded.
 *
 * @param node - A node.
 * @returns The string, or `null` when the node is not a string.
 */
export function stringValue(node: Parser.SyntaxNode | null): string | null {
  if (node === null || node.type !== 'string') return null;
  try {
    return JSON.parse(node.text) as string;
  } catch {
    return node.text.slice(1, -1);
  }
}
