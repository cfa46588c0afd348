/**
 * Runs a tags-style query (language support as data) and returns its matches as tags in document order. Each
 * pattern captures one main node under a dotted role such as `definition.function` or `reference.call`; its other
 * captures (`@name`, `@callee`, …) are parts of that tag.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';

type Node = Parser.SyntaxNode;

/** One query match. */
export interface Tag {
  /** The dotted capture name of the main node, e.g. `definition.function`. */
  readonly role: string;
  readonly node: Node;
  /** The match's other captures by name (the first node of each). */
  readonly parts: Readonly<Record<string, Node>>;
}

/**
 * All tags of a tree, ordered by start (outer before inner at the same start); the same node and parts matched
 * twice under the same role (by overlapping patterns) yield one tag, the first pattern's.
 *
 * @param query - Compiled query whose patterns each have exactly one dotted capture.
 * @param root - Root node to run it on.
 * @returns Tags in document order.
 */
export function collectTags(query: Parser.Query, root: Node): Tag[] {
  const tags: Tag[] = [];
  const seen = new Set<string>();
  for (const match of query.matches(root)) {
    let main: Parser.QueryCapture | undefined;
    const parts: Record<string, Node> = {};
    for (const capture of match.captures) {
      if (capture.name.includes('.')) main = capture;
      else parts[capture.name] ??= capture.node;
    }
    if (main === undefined) continue;
    let key = `${main.name}:${main.node.startIndex}:${main.node.endIndex}`;
    for (const name in parts) key += `:${(parts[name] as Node).startIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    tags.push({ role: main.name, node: main.node, parts });
  }
  // Stable: equal spans keep the query's pattern order.
  return tags.sort((a, b) => a.node.startIndex - b.node.startIndex || b.node.endIndex - a.node.endIndex);
}
