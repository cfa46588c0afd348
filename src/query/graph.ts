/**
 * `graph`: the whole call and reference graph in one read, for external tools (Graphviz, notebooks) and the
 * accuracy measurement, which would otherwise need one process per symbol.
 *
 * @packageDocumentation
 */
import type { ReadSession } from '../core/contracts.js';
import type { EdgeKind, SymbolRow } from '../core/model.js';
import { compareSymbols, compareText } from '../core/text.js';

/** One call site or callable reference. */
export interface GraphEdge {
  /** `call` for a call site, `reference` for a callable used as a value. */
  readonly kind: EdgeKind;
  /** Qualified name of the enclosing (calling or referencing) symbol. */
  readonly caller: string;
  /** The callee or referenced name as written. */
  readonly text: string;
  /** Qualified name of the resolved target, or `null` when unresolved. */
  readonly target: string | null;
  /** File and definition line of the resolved target, or `null` when unresolved. */
  readonly targetPath: string | null;
  readonly targetLine: number | null;
  /** File and line of the site. */
  readonly path: string;
  readonly line: number;
}

/** One symbol (graph node). */
export interface GraphNode {
  readonly qualifiedName: string;
  readonly name: string;
  readonly kind: string;
  readonly path: string;
  /** 1-based first and last line of the definition. */
  readonly startLine: number;
  readonly endLine: number;
}

/** Result of `codira graph`. */
export interface GraphResult {
  /** Every indexed symbol, in symbol order. */
  readonly nodes: readonly GraphNode[];
  /** Edges ordered by path, line, kind, written text. */
  readonly edges: readonly GraphEdge[];
  /** Resolved and unresolved counts per kind. */
  readonly counts: Readonly<Record<EdgeKind, { resolved: number; unresolved: number }>>;
}

/**
 * Every call and reference edge of the index, optionally only for sites under a path prefix.
 *
 * @param reader - Open read session.
 * @param pathPrefix - Only sites in files whose path starts with this prefix.
 * @returns The edges with their resolved targets and counts.
 */
export async function queryGraph(reader: ReadSession, pathPrefix?: string): Promise<GraphResult> {
  const all = await reader.listSymbols({});
  const byId = new Map<number, SymbolRow>(all.map((s) => [s.id, s]));
  const owners = all.filter((s) => pathPrefix === undefined || s.path.startsWith(pathPrefix)).map((s) => s.id);
  const calls = await reader.edges({ kind: 'call', direction: 'from', ids: owners });
  const references = await reader.edges({ kind: 'reference', direction: 'from', ids: owners });
  const edge = (
    kind: GraphEdge['kind'],
    caller: string,
    text: string,
    targetId: number | null,
    path: string,
    line: number,
  ): GraphEdge => {
    const target = targetId === null ? undefined : byId.get(targetId);
    return {
      kind,
      caller,
      text,
      target: target?.qualifiedName ?? null,
      targetPath: target?.path ?? null,
      targetLine: target?.startLine ?? null,
      path,
      line,
    };
  };
  const edges = [
    ...calls.map((c) => edge('call', c.ownerQualifiedName, c.targetText, c.targetId, c.path, c.line)),
    ...references.map((r) => edge('reference', r.ownerQualifiedName, r.targetText, r.targetId, r.path, r.line)),
  ];
  edges.sort(
    (a, b) =>
      compareText(a.path, b.path) || a.line - b.line || compareText(a.kind, b.kind) || compareText(a.text, b.text),
  );
  const counts = { call: { resolved: 0, unresolved: 0 }, reference: { resolved: 0, unresolved: 0 } };
  for (const e of edges) counts[e.kind][e.target === null ? 'unresolved' : 'resolved'] += 1;
  const nodes = [...all].sort(compareSymbols).map((s): GraphNode => ({
    qualifiedName: s.qualifiedName,
    name: s.name,
    kind: s.kind,
    path: s.path,
    startLine: s.startLine,
    endLine: s.endLine,
  }));
  return { nodes, edges, counts };
}
