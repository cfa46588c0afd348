/**
 * `impact`: what a change to a symbol can reach — its transitive callers and referencing symbols, level by level up
 * to a depth, with the files they sit in. One batched incoming-calls and one incoming-references lookup per level.
 *
 * @packageDocumentation
 */
import type { ReadSession } from '../core/contracts.js';
import { compareSymbols, compareText } from '../core/text.js';
import { matchSymbols } from './calls.js';

/** How an impacted symbol reaches the queried one on its shortest path's last step. */
export type ImpactVia = 'call' | 'reference';

/** One impacted symbol. */
export interface ImpactEntry {
  readonly symbol: string;
  readonly kind: string;
  /** Where the impacted symbol is defined. */
  readonly path: string;
  readonly line: number;
  /** Number of edges between it and the queried symbol (1 = direct caller or referrer). */
  readonly distance: number;
  /** Edge kinds that reach it at that distance, sorted. */
  readonly via: readonly ImpactVia[];
}

/** A file holding impacted symbols. */
export interface ImpactFile {
  readonly path: string;
  /** Impacted symbols in the file. */
  readonly symbols: number;
  /** Smallest distance of its impacted symbols. */
  readonly nearest: number;
}

/** Result of `codira impact`. */
export interface ImpactResult {
  readonly query: string;
  readonly depth: number;
  /** Qualified names of the symbols the query matched. */
  readonly matches: readonly string[];
  /** Impacted symbols by distance, then symbol order. */
  readonly symbols: readonly ImpactEntry[];
  /** Files by nearest distance, then most impacted symbols, then path. */
  readonly files: readonly ImpactFile[];
}

/** Options of an impact query. */
export interface ImpactQuery {
  readonly name: string;
  /** Levels to follow (at least 1). */
  readonly depth: number;
  /** Restrict matches to this module (or its submodules). */
  readonly module?: string;
  /** Restrict matches to files under this prefix (impacted symbols may be anywhere). */
  readonly pathPrefix?: string;
}

/**
 * Transitive callers and referrers of the symbols matching a name.
 *
 * @param reader - Open read session.
 * @param q - The query.
 * @returns The impacted symbols and files.
 */
export async function queryImpact(reader: ReadSession, q: ImpactQuery): Promise<ImpactResult> {
  const depth = Math.max(1, q.depth);
  const matches = await matchSymbols(reader, { name: q.name, module: q.module, pathPrefix: q.pathPrefix });
  const seen = new Set(matches.map((m) => m.id));
  const reached = new Map<number, { distance: number; via: Set<ImpactVia> }>();
  let frontier = [...seen].sort((a, b) => a - b);
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const [calls, refs] = await Promise.all([
      reader.edges({ kind: 'call', direction: 'to', ids: frontier }),
      reader.edges({ kind: 'reference', direction: 'to', ids: frontier }),
    ]);
    const next = new Set<number>();
    const visit = (fromId: number, via: ImpactVia): void => {
      const found = reached.get(fromId);
      if (found) {
        if (found.distance === level) found.via.add(via);
        return;
      }
      if (seen.has(fromId)) return;
      seen.add(fromId);
      reached.set(fromId, { distance: level, via: new Set([via]) });
      next.add(fromId);
    };
    for (const edge of calls) visit(edge.ownerId, 'call');
    for (const edge of refs) visit(edge.ownerId, 'reference');
    frontier = [...next].sort((a, b) => a - b);
  }
  const rows = await reader.symbolsById([...reached.keys()].sort((a, b) => a - b));
  const symbols = rows
    .map((row) => {
      const { distance, via } = reached.get(row.id)!;
      return { row, distance, via: [...via].sort(compareText) };
    })
    .sort((a, b) => a.distance - b.distance || compareSymbols(a.row, b.row))
    .map(({ row, distance, via }) => ({
      symbol: row.qualifiedName,
      kind: row.kind,
      path: row.path,
      line: row.startLine,
      distance,
      via,
    }));
  return { query: q.name, depth, matches: matches.map((m) => m.qualifiedName), symbols, files: filesOf(symbols) };
}

function filesOf(symbols: readonly ImpactEntry[]): ImpactFile[] {
  const byPath = new Map<string, { symbols: number; nearest: number }>();
  for (const s of symbols) {
    const file = byPath.get(s.path);
    if (file) file.symbols++;
    else byPath.set(s.path, { symbols: 1, nearest: s.distance });
  }
  return [...byPath.entries()]
    .map(([path, f]) => ({ path, symbols: f.symbols, nearest: f.nearest }))
    .sort((a, b) => a.nearest - b.nearest || b.symbols - a.symbols || compareText(a.path, b.path));
}

/**
 * `impact` text: the files first, then the symbols by distance.
 *
 * @param r - An impact result.
 * @returns The text.
 */
export function renderImpact(r: ImpactResult): string {
  if (r.matches.length === 0) return `no symbol named '${r.query}'`;
  if (r.symbols.length === 0) return `nothing calls or references ${r.matches.join(', ')}`;
  const out = [
    `impact of ${r.matches.join(', ')} (depth ${r.depth}): ${r.symbols.length} symbols in ${r.files.length} files`,
  ];
  for (const f of r.files) out.push(`  ${f.path}  (${f.symbols}, nearest ${f.nearest})`);
  out.push('');
  for (const s of r.symbols) out.push(`  ${s.distance}  ${s.symbol}  ${s.path}:${s.line}  ${s.via.join('+')}`);
  return out.join('\n');
}
