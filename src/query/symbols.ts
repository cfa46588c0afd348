/**
 * `sym` and `symlist`: exact definition sites and the symbol inventory with graph metrics.
 *
 * @packageDocumentation
 */
import type { ReadSession } from '../core/contracts.js';
import type { SymbolKind, SymbolRow } from '../core/model.js';

/** A definition site as printed by `sym` and embedded in other results. */
export interface SymbolView {
  readonly qualifiedName: string;
  readonly name: string;
  readonly kind: SymbolKind;
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly signature: string;
  /** First line of the docstring, or `null`. */
  readonly summary: string | null;
  readonly exported: boolean;
}

/** Result of `codira sym NAME`. */
export interface SymResult {
  readonly query: string;
  readonly symbols: readonly SymbolView[];
}

/** One row of `codira symlist`. */
export interface SymlistEntry {
  readonly qualifiedName: string;
  readonly kind: SymbolKind;
  readonly path: string;
  readonly startLine: number;
  /** Distinct callers with a resolved edge to this symbol. */
  readonly fanIn: number;
  /** Distinct resolved callees of this symbol. */
  readonly fanOut: number;
}

/** Result of `codira symlist`. */
export interface SymlistResult {
  /** Applied limit, or `null` for all. */
  readonly limit: number | null;
  readonly symbols: readonly SymlistEntry[];
}

/**
 * First non-empty line of a docstring.
 *
 * @param docstring - Docstring or `null`.
 * @returns The summary line, or `null`.
 */
export function summaryOf(docstring: string | null): string | null {
  if (!docstring) return null;
  const line = docstring.split('\n').find((l) => l.trim().length > 0);
  return line ? line.trim() : null;
}

/**
 * Project a stored symbol into its printed form.
 *
 * @param row - Symbol row.
 * @returns The view without backend handles.
 */
export function symbolView(row: SymbolRow): SymbolView {
  return {
    qualifiedName: row.qualifiedName,
    name: row.name,
    kind: row.kind,
    path: row.path,
    startLine: row.startLine,
    endLine: row.endLine,
    signature: row.signature,
    summary: summaryOf(row.docstring),
    exported: row.exported,
  };
}

/**
 * Definition sites of a name (short or qualified).
 *
 * @param reader - Open read session.
 * @param name - Symbol name.
 * @param pathPrefix - Optional path prefix filter.
 * @returns Matching definitions in symbol order.
 */
export async function findSymbol(reader: ReadSession, name: string, pathPrefix?: string): Promise<SymResult> {
  const rows = await reader.symbolsByName([name], pathPrefix);
  return { query: name, symbols: rows.map(symbolView) };
}

/**
 * Symbol inventory, most connected first.
 *
 * @param reader - Open read session.
 * @param limit - Maximum rows, or `null` for all.
 * @param pathPrefix - Optional path prefix filter.
 * @returns The inventory.
 */
export async function listSymbols(
  reader: ReadSession,
  limit: number | null,
  pathPrefix?: string,
): Promise<SymlistResult> {
  const rows = await reader.rankSymbols({ pathPrefix, limit: limit ?? undefined });
  return {
    limit,
    symbols: rows.map((r) => ({
      qualifiedName: r.qualifiedName,
      kind: r.kind,
      path: r.path,
      startLine: r.startLine,
      fanIn: r.fanIn,
      fanOut: r.fanOut,
    })),
  };
}
