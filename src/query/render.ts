/**
 * Plain-text renderings of query results, shared by the CLI and the MCP server: compact aligned columns, no colours
 * (output is often piped to an agent).
 *
 * @packageDocumentation
 */
import { escapeControl } from '../core/text.js';
import type { EdgeResult, EdgeTreeNode, EdgeTreeResult } from './calls.js';
import type { EmbResult } from './emb.js';
import type { SymlistResult, SymResult } from './symbols.js';

/**
 * Align rows into columns separated by two spaces; the last column is not padded. Control characters in cells are
 * escaped so every row stays one line.
 *
 * @param rows - Cells per row.
 * @returns The table text, one line per row.
 */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths: number[] = [];
  const safe = rows.map((row) => row.map(escapeControl));
  for (const row of safe) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return safe
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

/**
 * `path:line` location text.
 *
 * @param path - File path.
 * @param line - 1-based line.
 * @returns The location.
 */
export function at(path: string, line: number): string {
  return `${escapeControl(path)}:${line}`;
}

/**
 * `sym` text: one aligned row per definition.
 *
 * @param r - A `sym` result.
 * @returns The text.
 */
export function renderSym(r: SymResult): string {
  return r.symbols.length === 0
    ? `no symbol named '${r.query}'`
    : table(r.symbols.map((s) => [at(s.path, s.startLine), s.kind, s.qualifiedName, s.signature]));
}

/**
 * `symlist` text: a header and one row per symbol.
 *
 * @param r - A `symlist` result.
 * @returns The text.
 */
export function renderSymlist(r: SymlistResult): string {
  return table([
    ['fan-in', 'fan-out', 'kind', 'symbol', 'location'],
    ...r.symbols.map((s) => [String(s.fanIn), String(s.fanOut), s.kind, s.qualifiedName, at(s.path, s.startLine)]),
  ]);
}

/**
 * Flat `calls`/`refs` text: one row per edge.
 *
 * @param r - An edge result.
 * @returns The text.
 */
export function renderEdges(r: EdgeResult): string {
  if (r.matches.length === 0) return `no symbol named '${r.query}'`;
  if (r.edges.length === 0)
    return `no ${r.direction} ${r.kind === 'calls' ? 'calls' : 'references'} for ${r.matches.join(', ')}`;
  const arrow = r.kind === 'calls' ? '->' : '~>';
  return table(r.edges.map((e) => [at(e.path, e.line), e.from, arrow, e.resolved ? e.to : `${e.to} (unresolved)`]));
}

/**
 * `--tree` text: one indented line per node.
 *
 * @param r - A tree result.
 * @returns The text.
 */
export function renderEdgeTree(r: EdgeTreeResult): string {
  if (r.trees.length === 0) return `no symbol named '${r.query}'`;
  const lines: string[] = [];
  // Depth first without recursion: a call chain can be thousands of levels deep.
  const stack: { node: EdgeTreeNode; indent: string }[] = [...r.trees].reverse().map((node) => ({ node, indent: '' }));
  while (stack.length > 0) {
    const { node, indent } = stack.pop()!;
    const note = node.cycle ? ' (cycle)' : node.resolved ? '' : ' (unresolved)';
    lines.push(`${indent}${escapeControl(node.symbol)}  ${at(node.path, node.line)}${note}`);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, indent: `${indent}  ` });
  }
  return lines.join('\n');
}

/**
 * `emb` text: score, kind, name and location per match.
 *
 * @param r - An `emb` result.
 * @returns The text.
 */
export function renderEmb(r: EmbResult): string {
  return r.matches.length === 0
    ? `no embedding matches for '${r.query}'`
    : table(r.matches.map((m) => [m.score.toFixed(6), m.kind, m.qualifiedName, at(m.path, m.startLine)]));
}
