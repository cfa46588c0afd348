/**
 * Tags of a tree: the nodes an analyzer reads, each under a dotted role such as `definition.function` or
 * `reference.call`, with its parts (`@name`, `@callee`, …), in document order. Two ways to collect them, with the same
 * result shape and order: a tags-style query (language support as data), or — where compiling the query costs more
 * than the file's analysis (C++ ~20 ms, Bash ~7 ms of CPU per process; issue 12 ledger, session 22) — a matcher per
 * node type over the nodes of those types, which states the same patterns in code.
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
  /** The main node's start index (read once: every read of a node's index is a call into the native binding). */
  readonly start: number;
  /** The main node's end index. */
  readonly end: number;
}

/**
 * Tags in document order: by start, outer (longer) before inner at the same start; equal spans keep their order.
 *
 * @param tags - Tags in match order.
 * @returns The same array, sorted.
 */
function inDocumentOrder(tags: Tag[]): Tag[] {
  // Stable: equal spans keep the match order (a query's pattern order).
  return tags.sort((a, b) => a.start - b.start || b.end - a.end);
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
    const start = main.node.startIndex;
    const end = main.node.endIndex;
    let key = `${main.name}:${start}:${end}`;
    for (const name in parts) key += `:${(parts[name] as Node).startIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    tags.push({ role: main.name, node: main.node, parts, start, end });
  }
  return inDocumentOrder(tags);
}

/** Adds one tag: its role, main node and parts. */
export type AddTag = (role: string, node: Node, parts: Record<string, Node>) => void;

/**
 * Tags found by matchers instead of a query: every node of the given types (one native search of the tree, in
 * document order) is handed to `match` with its type, which adds a tag per match of the patterns it stands for, in
 * the order the query would report them; the tags are then ordered as {@link collectTags} orders a query's.
 *
 * @param root - Root node.
 * @param types - The main node types of the patterns.
 * @param match - Adds the tags of one node.
 * @returns Tags in document order.
 */
export function collectTypedTags(
  root: Node,
  types: readonly string[],
  match: (node: Node, type: string, add: AddTag) => void,
): Tag[] {
  const tags: Tag[] = [];
  for (const node of root.descendantsOfType(types as string[])) {
    // The matchers' main node is almost always the node itself: its span is read once per main node.
    let spanOf: Node | undefined;
    let start = -1;
    let end = -1;
    match(node, node.type, (role, main, parts) => {
      if (main !== spanOf) {
        spanOf = main;
        start = main.startIndex;
        end = main.endIndex;
      }
      tags.push({ role, node: main, parts, start, end });
    });
  }
  return inDocumentOrder(tags);
}

/** Node types a pattern step accepts; `null` stands for `(_)`, any named node. */
export type StepTypes = ReadonlySet<string> | null;

/**
 * Whether a node matches a pattern step `(type)` / `[(a) (b)]` / `(_)`: a named node of one of the types.
 *
 * @param node - The node.
 * @param types - The step's types, `null` for any.
 * @returns `true` when it matches.
 */
export function matchesStep(node: Node, types: StepTypes): boolean {
  // The type first: a set holds named types only, and most children fail it without the second native call.
  return types === null ? node.isNamed : types.has(node.type) && node.isNamed;
}

/**
 * The children of a node in a field that match a step, as `field: (type)` matches them.
 *
 * @param node - The parent.
 * @param field - The field name.
 * @param types - The step's types.
 * @returns The matching children in order.
 */
export function fieldMatches(node: Node, field: string, types: StepTypes): Node[] {
  return node.childrenForFieldName(field).filter((child) => matchesStep(child, types));
}

/**
 * Add the tags of a pattern `(parent first: (a) @first second: (b) @second) @role`: one per pair of matching field
 * children with the second after the first, as a query reports them (by the first, then the second).
 *
 * @param node - The parent (the main node).
 * @param role - The role.
 * @param first - Field, types and capture name of the first child.
 * @param second - Field, types and capture name of the second child.
 * @param add - Where tags go.
 */
export function addFieldPairs(
  node: Node,
  role: string,
  first: readonly [string, StepTypes, string],
  second: readonly [string, StepTypes, string],
  add: AddTag,
): void {
  const seconds = fieldMatches(node, second[0], second[1]);
  if (seconds.length === 0) return;
  for (const a of fieldMatches(node, first[0], first[1])) {
    const end = a.endIndex;
    for (const b of seconds) if (b.startIndex >= end) add(role, node, { [first[2]]: a, [second[2]]: b });
  }
}

/**
 * Add the tags of a pattern `(parent field: (a) @capture) @role`: one per matching field child.
 *
 * @param node - The parent (the main node).
 * @param role - The role.
 * @param field - The field.
 * @param types - The child's types.
 * @param capture - The child's capture name.
 * @param add - Where tags go.
 */
export function addFieldChildren(
  node: Node,
  role: string,
  field: string,
  types: StepTypes,
  capture: string,
  add: AddTag,
): void {
  for (const child of fieldMatches(node, field, types)) add(role, node, { [capture]: child });
}

/**
 * The named children of a node of the given types, as a field-less child step `(parent (a) @capture)` matches them.
 *
 * @param node - The parent.
 * @param types - The step's types.
 * @returns The matching children in order.
 */
export function childMatches(node: Node, types: ReadonlySet<string>): Node[] {
  return node.namedChildren.filter((child) => types.has(child.type));
}
