/**
 * `calls` and `refs`: static call edges and callable references of a symbol, flat, as a tree, or as Graphviz DOT.
 *
 * @packageDocumentation
 */
import type { ReadSession } from '../core/contracts.js';
import type { EdgeRow, SymbolRow } from '../core/model.js';
import { compareText } from '../core/text.js';

/** Which side of the edge the named symbol is on. */
export type Direction = 'outgoing' | 'incoming';

/** One printed edge. */
export interface EdgeView {
  /** Qualified name of the calling (or referencing) symbol. */
  readonly from: string;
  /** Qualified name of the resolved target, or the text as written when unresolved. */
  readonly to: string;
  readonly resolved: boolean;
  /** File and line of the call site or reference. */
  readonly path: string;
  readonly line: number;
}

/** A node of `--tree` output. */
export interface EdgeTreeNode {
  readonly symbol: string;
  readonly path: string;
  readonly line: number;
  readonly resolved: boolean;
  /** Further edges from this node; empty at the depth limit or on a cycle (see `cycle`). */
  readonly children: readonly EdgeTreeNode[];
  /** `true` when the symbol already appears on the path from the root (children omitted). */
  readonly cycle: boolean;
}

/** Result of `codira calls` / `codira refs`. */
export interface EdgeResult {
  readonly kind: 'calls' | 'refs';
  readonly query: string;
  readonly direction: Direction;
  /** Qualified names of the symbols the query matched. */
  readonly matches: readonly string[];
  readonly edges: readonly EdgeView[];
}

/** Options shared by `calls` and `refs`. */
export interface EdgeQuery {
  readonly kind: 'calls' | 'refs';
  readonly name: string;
  readonly direction: Direction;
  /** Restrict matches to this module (or its submodules). */
  readonly module?: string;
  readonly pathPrefix?: string;
}

/** Result of `codira calls --tree` / `codira refs --tree`. */
export interface EdgeTreeResult {
  readonly kind: 'calls' | 'refs';
  readonly query: string;
  readonly direction: Direction;
  readonly depth: number;
  /** One tree per matched symbol. */
  readonly trees: readonly EdgeTreeNode[];
}

/**
 * The reader's edges of the query's kind and direction with one end among `ids`.
 *
 * @param reader - Open read session.
 * @param q - The query.
 * @param ids - Symbol handles on the named end.
 * @returns Edges in the reader's order for the direction.
 */
function fetchEdges(reader: ReadSession, q: EdgeQuery, ids: readonly number[]): Promise<readonly EdgeRow[]> {
  return reader.edges({
    kind: q.kind === 'calls' ? 'call' : 'reference',
    direction: q.direction === 'outgoing' ? 'from' : 'to',
    ids,
  });
}

/**
 * What an edge points at, as printed: the resolved target's qualified name, else the text as written.
 *
 * @param edge - A stored edge.
 * @returns The printed target.
 */
function targetName(edge: EdgeRow): string {
  return edge.targetQualifiedName ?? edge.targetText;
}

/**
 * Symbols a query names, optionally restricted to a module and a path prefix.
 *
 * @param reader - Open read session.
 * @param q - Name, module and prefix.
 * @returns Matching rows in symbol order.
 */
export async function matchSymbols(
  reader: ReadSession,
  q: Pick<EdgeQuery, 'name' | 'module' | 'pathPrefix'>,
): Promise<SymbolRow[]> {
  const rows = await reader.symbolsByName([q.name], q.pathPrefix);
  const module = q.module;
  return module === undefined
    ? [...rows]
    : rows.filter((r) => r.module === module || r.module.startsWith(`${module}.`));
}

function view(edge: EdgeRow): EdgeView {
  return {
    from: edge.ownerQualifiedName,
    to: targetName(edge),
    resolved: edge.targetId !== null,
    path: edge.path,
    line: edge.line,
  };
}

/**
 * Flat edges of every symbol matching the query.
 *
 * @param reader - Open read session.
 * @param q - The query.
 * @returns Matches and their edges (ordered by path, line, then the other end).
 */
export async function queryEdges(reader: ReadSession, q: EdgeQuery): Promise<EdgeResult> {
  const matches = await matchSymbols(reader, q);
  const edges = await fetchEdges(
    reader,
    q,
    matches.map((m) => m.id),
  );
  return {
    kind: q.kind,
    query: q.name,
    direction: q.direction,
    matches: matches.map((m) => m.qualifiedName),
    edges: edges.map(view),
  };
}

/**
 * Edges followed transitively up to `depth` levels, one batched lookup per level.
 *
 * @param reader - Open read session.
 * @param q - The query.
 * @param depth - Levels to expand (1 = direct edges only).
 * @returns One tree per matched symbol.
 */
export async function queryEdgeTree(reader: ReadSession, q: EdgeQuery, depth: number): Promise<EdgeTreeNode[]> {
  const matches = await matchSymbols(reader, q);
  const outgoing = q.direction === 'outgoing';
  const edgesBy = new Map<number, EdgeRow[]>();
  let frontier = matches.map((m) => m.id);
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const edges = await fetchEdges(reader, q, frontier);
    const next = new Set<number>();
    for (const edge of edges) {
      const key = outgoing ? edge.ownerId : edge.targetId!;
      if (!edgesBy.has(key)) edgesBy.set(key, []);
      edgesBy.get(key)!.push(edge);
      const other = outgoing ? edge.targetId : edge.ownerId;
      if (other !== null && !edgesBy.has(other)) next.add(other);
    }
    frontier = [...next].sort((a, b) => a - b);
  }
  return matches.map((m) => ({
    symbol: m.qualifiedName,
    path: m.path,
    line: m.startLine,
    resolved: true,
    cycle: false,
    children: buildTree(m.id, edgesBy, q.direction, depth),
  }));
}

/** A node under construction: its children are filled while the walk is below it. */
interface PendingNode extends EdgeTreeNode {
  readonly children: EdgeTreeNode[];
}

/**
 * Expand the edges below one root, depth first, without recursion: call chains can be thousands of levels long.
 * `ancestors` is the current path from the root, so a symbol already on it is marked as a cycle.
 *
 * @param rootId - The matched symbol.
 * @param edgesBy - Edges by the id they leave from (outgoing) or lead to (incoming).
 * @param direction - Which side of the edges the tree follows.
 * @param depth - Levels to expand.
 * @returns The root's children.
 */
function buildTree(
  rootId: number,
  edgesBy: ReadonlyMap<number, readonly EdgeRow[]>,
  direction: Direction,
  depth: number,
): EdgeTreeNode[] {
  const roots: EdgeTreeNode[] = [];
  const ancestors = new Set<number>([rootId]);
  // Each frame lists the edges of one expanded node; `exit` is the id to take off the path when it is done.
  const stack: { edges: readonly EdgeRow[]; next: number; into: EdgeTreeNode[]; level: number; exit: number }[] = [
    { edges: edgesBy.get(rootId) ?? [], next: 0, into: roots, level: 0, exit: -1 },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next >= frame.edges.length) {
      stack.pop();
      ancestors.delete(frame.exit);
      continue;
    }
    const edge = frame.edges[frame.next++]!;
    const outgoing = direction === 'outgoing';
    const otherId = outgoing ? edge.targetId : edge.ownerId;
    const cycle = otherId !== null && ancestors.has(otherId);
    const node: PendingNode = {
      symbol: outgoing ? targetName(edge) : edge.ownerQualifiedName,
      path: edge.path,
      line: edge.line,
      resolved: edge.targetId !== null,
      children: [],
      cycle,
    };
    frame.into.push(node);
    if (otherId !== null && !cycle && frame.level + 1 < depth) {
      ancestors.add(otherId);
      stack.push({
        edges: edgesBy.get(otherId) ?? [],
        next: 0,
        into: node.children,
        level: frame.level + 1,
        exit: otherId,
      });
    }
  }
  return roots;
}

/**
 * The `--tree` result: the trees with the query that produced them.
 *
 * @param reader - Open read session.
 * @param q - The query.
 * @param depth - Levels to expand (at least 1).
 * @returns The result printed by `--tree --json`.
 */
export async function edgeTreeResult(reader: ReadSession, q: EdgeQuery, depth: number): Promise<EdgeTreeResult> {
  const trees = await queryEdgeTree(reader, q, Math.max(1, depth));
  return { kind: q.kind, query: q.name, direction: q.direction, depth, trees };
}

/**
 * Render edges as a Graphviz digraph; nodes and edges are sorted so the text is deterministic.
 *
 * @param result - Flat edge result.
 * @returns DOT source.
 */
export function edgesToDot(result: EdgeResult): string {
  const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = new Set<string>();
  for (const e of result.edges) {
    lines.add(`  ${quote(e.from)} -> ${quote(e.to)}${e.resolved ? '' : ' [style=dashed]'};`);
  }
  const body = [...lines].sort(compareText);
  return [`digraph ${result.kind} {`, '  rankdir=LR;', ...body, '}', ''].join('\n');
}
