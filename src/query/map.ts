/**
 * `map`: a compact ranked overview of a repository — its most connected files, each with its most connected symbols,
 * within a character budget. Built from one `listSymbols` call (symbols with fan-in/fan-out).
 *
 * A file's score is the sum of its symbols' fan-in and fan-out: a file many others call into, or that orchestrates
 * much, is where an agent should look first. Files are added best first while the rendering stays within the budget.
 *
 * @packageDocumentation
 */
import type { ReadSession } from '../core/contracts.js';
import { compareText } from '../core/text.js';

/** One symbol line of the map. */
export interface MapSymbol {
  readonly qualifiedName: string;
  readonly kind: string;
  readonly line: number;
  readonly fanIn: number;
  readonly fanOut: number;
}

/** One file of the map. */
export interface MapFile {
  readonly path: string;
  /** Sum of fan-in and fan-out over the file's symbols. */
  readonly score: number;
  /** Number of symbols in the file. */
  readonly symbolCount: number;
  /** The file's most connected symbols (listSymbols order), at most `symbolsPerFile`. */
  readonly symbols: readonly MapSymbol[];
}

/** Result of `codira map`. */
export interface MapResult {
  readonly prefix: string | null;
  /** Character budget of the text rendering. */
  readonly budget: number;
  readonly symbolsPerFile: number;
  /** Files with at least one symbol under the prefix. */
  readonly totalFiles: number;
  /** `true` when files were left out to stay within the budget. */
  readonly truncated: boolean;
  readonly files: readonly MapFile[];
}

/** Options of a map query. */
export interface MapQuery {
  /** Character budget of the text rendering (at least the header). */
  readonly budget: number;
  readonly symbolsPerFile: number;
  readonly pathPrefix?: string;
}

function header(r: Pick<MapResult, 'prefix' | 'totalFiles'>, shown: number): string {
  return `repository map${r.prefix ? ` of '${r.prefix}'` : ''}: ${shown} of ${r.totalFiles} files, most connected first`;
}

function marker(left: number): string {
  return `[truncated: ${left} more files beyond the budget]`;
}

function renderFile(f: MapFile): string {
  const out = [`${f.path}  (score ${f.score}, ${f.symbolCount} symbols)`];
  for (const s of f.symbols) out.push(`  ${s.kind} ${s.qualifiedName}:${s.line}  in ${s.fanIn} out ${s.fanOut}`);
  return out.join('\n');
}

/**
 * Rank files by connectedness and keep the best that fit the budget.
 *
 * @param reader - Open read session.
 * @param q - Budget, symbols per file and prefix.
 * @returns The map.
 */
export async function repoMap(reader: ReadSession, q: MapQuery): Promise<MapResult> {
  const rows = await reader.listSymbols({ pathPrefix: q.pathPrefix });
  const byPath = new Map<string, { score: number; count: number; symbols: MapSymbol[] }>();
  for (const row of rows) {
    let file = byPath.get(row.path);
    if (!file) byPath.set(row.path, (file = { score: 0, count: 0, symbols: [] }));
    file.score += row.fanIn + row.fanOut;
    file.count++;
    if (file.symbols.length < q.symbolsPerFile) {
      file.symbols.push({
        qualifiedName: row.qualifiedName,
        kind: row.kind,
        line: row.startLine,
        fanIn: row.fanIn,
        fanOut: row.fanOut,
      });
    }
  }
  const ranked = [...byPath.entries()]
    .map(([path, f]) => ({ path, score: f.score, symbolCount: f.count, symbols: f.symbols }))
    .sort((a, b) => b.score - a.score || compareText(a.path, b.path));
  const base = { prefix: q.pathPrefix ?? null, totalFiles: ranked.length };
  // The header's count and the truncation marker depend on how many files fit; reserve room for their longest forms.
  let used = header(base, ranked.length).length + 1 + marker(ranked.length).length;
  const files: MapFile[] = [];
  for (const file of ranked) {
    const cost = renderFile(file).length + 1;
    if (used + cost > q.budget) break;
    used += cost;
    files.push(file);
  }
  return {
    ...base,
    budget: q.budget,
    symbolsPerFile: q.symbolsPerFile,
    truncated: files.length < ranked.length,
    files,
  };
}

/**
 * `map` text: a header line, then each file with its symbols; at most `budget` characters.
 *
 * @param r - A map result.
 * @returns The text.
 */
export function renderMap(r: MapResult): string {
  const out = [header(r, r.files.length), ...r.files.map(renderFile)];
  if (r.truncated) out.push(marker(r.totalFiles - r.files.length));
  return out.join('\n');
}
