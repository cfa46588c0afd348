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
import { nativeChildren, nativeMatches, nativeNodeList, type NativeNodes } from './native-nodes.js';

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
  /** The main node's start row (`node.startPosition.row`). */
  readonly row: number;
  /**
   * A part read without its node where the tag can.
   *
   * @param name - The capture name.
   * @returns The part, or `undefined` when the match has none of that name.
   */
  part(name: string): TagPart | undefined;
}

/** One of a tag's parts. */
export interface TagPart {
  /** Its node type. */
  readonly type: string;
  /** Its node (made on first read). */
  readonly node: Node;
  /**
   * Its text.
   *
   * @param source - The file's source (what the tree was parsed from).
   * @returns `node.text`.
   */
  text(source: string): string;
}

/** A part of a {@link NodeTag}. */
class NodePart implements TagPart {
  constructor(readonly node: Node) {}

  get type(): string {
    return this.node.type;
  }

  text(): string {
    return this.node.text;
  }
}

/** A part of a {@link NativeTag}. */
class NativePart implements TagPart {
  constructor(
    private readonly nodes: NativeNodes,
    private readonly index: number,
  ) {}

  get type(): string {
    return this.nodes.type(this.index);
  }

  get node(): Node {
    return this.nodes.node(this.index);
  }

  text(source: string): string {
    return source.slice(this.nodes.start(this.index), this.nodes.end(this.index));
  }
}

/** A tag over a node object (typed matchers, the package's query API). */
class NodeTag implements Tag {
  /**
   * @param role - The role.
   * @param node - The main node.
   * @param parts - The other captures.
   * @param start - The main node's start index.
   * @param endIndex - Its end index, `-1` to read on first use.
   * @param startRow - Its start row, `-1` to read on first use.
   */
  constructor(
    readonly role: string,
    readonly node: Node,
    readonly parts: Readonly<Record<string, Node>>,
    readonly start: number,
    private endIndex: number,
    private startRow = -1,
  ) {}

  get end(): number {
    if (this.endIndex < 0) this.endIndex = this.node.endIndex;
    return this.endIndex;
  }

  get row(): number {
    if (this.startRow < 0) this.startRow = this.node.startPosition.row;
    return this.startRow;
  }

  part(name: string): TagPart | undefined {
    const node = this.parts[name];
    return node === undefined ? undefined : new NodePart(node);
  }
}

/**
 * A tag of a query match read through the binding ({@link nativeMatches}): its start and row read from the
 * transferred fields; its end, node and parts made on first read.
 */
class NativeTag implements Tag {
  readonly start: number;
  private endIndex = -1;
  private mainNode: Node | undefined;
  private partNodes: Record<string, Node> | undefined;

  /**
   * @param role - The main capture's name.
   * @param nodes - The match call's nodes.
   * @param main - The main node's position among them.
   * @param partNames - The other captures' names (the first of each), in capture order.
   * @param partIndexes - Their positions among the nodes.
   */
  constructor(
    readonly role: string,
    private readonly nodes: NativeNodes,
    private readonly main: number,
    private readonly partNames: readonly string[],
    private readonly partIndexes: readonly number[],
  ) {
    this.start = nodes.start(main);
  }

  get row(): number {
    return this.nodes.row(this.main);
  }

  get end(): number {
    if (this.endIndex < 0) this.endIndex = this.nodes.end(this.main);
    return this.endIndex;
  }

  get node(): Node {
    this.mainNode ??= this.nodes.node(this.main);
    return this.mainNode;
  }

  get parts(): Readonly<Record<string, Node>> {
    if (this.partNodes === undefined) {
      const parts: Record<string, Node> = {};
      for (let i = 0; i < this.partNames.length; i++) {
        parts[this.partNames[i] as string] = this.nodes.node(this.partIndexes[i] as number);
      }
      this.partNodes = parts;
    }
    return this.partNodes;
  }

  part(name: string): TagPart | undefined {
    const at = this.partNames.indexOf(name);
    return at < 0 ? undefined : new NativePart(this.nodes, this.partIndexes[at] as number);
  }

  /**
   * Whether this tag has the role and the parts' starts of another (of the same span).
   *
   * @param other - A tag read from the same matches.
   * @returns `true` when they match.
   */
  repeats(other: NativeTag): boolean {
    if (other.role !== this.role || other.partIndexes.length !== this.partIndexes.length) return false;
    for (let i = 0; i < this.partIndexes.length; i++) {
      if (this.nodes.start(this.partIndexes[i] as number) !== other.nodes.start(other.partIndexes[i] as number)) {
        return false;
      }
    }
    return true;
  }
}

/**
 * Tags in document order: by start, outer (longer) before inner at the same start; equal spans keep their order.
 *
 * @param tags - Tags in match order.
 * @returns The same array, sorted.
 */
function inDocumentOrder<T extends Tag>(tags: T[]): T[] {
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
  const native = nativeMatches(query, root);
  if (native === null) return collectNodeTags(query, root);
  const { matches, nodes } = native;
  const tags: NativeTag[] = [];
  let i = 0;
  let next = 0;
  while (i < matches.length) {
    i++; // the pattern index
    let main = -1;
    let role = '';
    const partNames: string[] = [];
    const partIndexes: number[] = [];
    while (i < matches.length && typeof matches[i] === 'string') {
      const name = matches[i++] as string;
      const index = next++;
      if (name.includes('.')) {
        main = index;
        role = name;
      } else if (!partNames.includes(name)) {
        partNames.push(name);
        partIndexes.push(index);
      }
    }
    if (main >= 0) tags.push(new NativeTag(role, nodes, main, partNames, partIndexes));
  }
  // Ordered first, then repeated matches dropped: a repeat has the span of the match it repeats, so the stable sort
  // puts it after that match in the same run of equal spans, and dropping it there leaves the order a sort of the
  // kept tags would give.
  inDocumentOrder(tags);
  const kept: Tag[] = [];
  let run = 0; // where the run of tags with the current span starts in `kept`
  for (const tag of tags) {
    const last = kept[kept.length - 1];
    if (last === undefined || last.start !== tag.start || last.end !== tag.end) run = kept.length;
    else if (repeats(tag, kept, run)) continue;
    kept.push(tag);
  }
  return kept;
}

/**
 * Whether a tag repeats one of the kept tags of its span: the same role and the same parts' starts (what
 * {@link collectNodeTags} keys a tag by, beside its span).
 *
 * @param tag - The tag.
 * @param kept - Tags kept so far.
 * @param from - Where the tags of the tag's span start in `kept`.
 * @returns `true` for a repeat.
 */
function repeats(tag: NativeTag, kept: readonly Tag[], from: number): boolean {
  for (let k = from; k < kept.length; k++) if (tag.repeats(kept[k] as NativeTag)) return true;
  return false;
}

/**
 * {@link collectTags} through the package's `query.matches` (a binding this module does not read, a query with
 * predicates).
 *
 * @param query - Compiled query.
 * @param root - Root node.
 * @returns Tags in document order.
 */
export function collectNodeTags(query: Parser.Query, root: Node): Tag[] {
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
    tags.push(new NodeTag(main.name, main.node, parts, start, end));
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
  const nodes = nativeNodeList(root, 'descendantsOfType', types, undefined, undefined);
  if (nodes === null) return collectNodeTypedTags(root, types, match);
  const tags: Tag[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes.node(i);
    const start = nodes.start(i);
    const row = nodes.row(i);
    // The matchers' main node is almost always the node itself: its start and row are known.
    match(node, nodes.type(i), (role, main, parts) => {
      tags.push(
        main === node
          ? new NodeTag(role, main, parts, start, -1, row)
          : new NodeTag(role, main, parts, main.startIndex, -1),
      );
    });
  }
  return inDocumentOrder(tags);
}

/**
 * {@link collectTypedTags} through the package's API (a binding this module does not read).
 *
 * @param root - Root node.
 * @param types - The main node types of the patterns.
 * @param match - Adds the tags of one node.
 * @returns Tags in document order.
 */
function collectNodeTypedTags(
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
      tags.push(new NodeTag(role, main, parts, start, end));
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
  const children = nativeChildren(node, 'childrenForFieldName', field);
  if (children === null) return node.childrenForFieldName(field).filter((child) => matchesStep(child, types));
  const found: Node[] = [];
  for (let i = 0; i < children.nodes.length; i++) {
    if (children.named[i] === true && (types === null || types.has(children.types[i] as string))) {
      found.push(children.nodes[i] as Node);
    }
  }
  return found;
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
  const children = nativeChildren(node, 'namedChildren');
  if (children === null) return node.namedChildren.filter((child) => types.has(child.type));
  return children.nodes.filter((_, i) => types.has(children.types[i] as string));
}

/**
 * The named children of a node, each with its type, read without a native call per child where the binding allows.
 *
 * @param node - The parent.
 * @returns Children and their types, in order.
 */
export function namedChildrenTyped(node: Node): { readonly nodes: Node[]; readonly types: string[] } {
  const children = nativeChildren(node, 'namedChildren');
  if (children !== null) return children;
  const nodes = node.namedChildren;
  return { nodes, types: nodes.map((child) => child.type) };
}
