/**
 * Renderings of a context pack: the compact `--prompt` block meant to be pasted into an agent's context, and the
 * human table.
 *
 * @packageDocumentation
 */
import { escapeControl } from '../core/text.js';
import type { CtxResult } from './ctx.js';

// Paths and names are escaped so a newline in a file name cannot break a one-line record.
const lines = (path: string, start: number, end: number): string =>
  start === end ? `${escapeControl(path)}:${start}` : `${escapeControl(path)}:${start}-${end}`;

/**
 * Render a context pack as a compact prompt block: files first, then each symbol with its location, signature and
 * summary. No scores: an agent needs the order, not the numbers.
 *
 * @param result - A context pack.
 * @returns The prompt text, ending with a newline.
 */
export function renderPrompt(result: CtxResult): string {
  const out = [`Context for: ${result.query}`];
  if (result.symbols.length === 0) return `${out[0]}\n(no matching symbols)\n`;
  out.push('', 'Files:');
  for (const f of result.files) out.push(`- ${escapeControl(f.path)}`);
  out.push('', 'Symbols:');
  for (const s of result.symbols) {
    out.push(`- ${escapeControl(s.qualifiedName)} (${s.kind}) ${lines(s.path, s.startLine, s.endLine)}`);
    if (s.signature) out.push(`  ${s.signature}`);
    if (s.summary) out.push(`  ${s.summary}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * Render a context pack for people: ranked files, then ranked symbols with score, location and reasons.
 *
 * @param result - A context pack.
 * @returns The text.
 */
export function renderContext(result: CtxResult): string {
  if (result.symbols.length === 0) return `no context found for '${result.query}'`;
  const out = ['files:'];
  result.files.forEach((f, i) =>
    out.push(`  ${String(i + 1).padStart(2)}. ${f.score.toFixed(6)}  ${escapeControl(f.path)}`),
  );
  out.push('symbols:');
  result.symbols.forEach((s, i) => {
    out.push(
      `  ${String(i + 1).padStart(2)}. ${s.score.toFixed(6)}  ${escapeControl(s.qualifiedName)} (${s.kind})  ${lines(s.path, s.startLine, s.endLine)}`,
    );
    if (s.signature) out.push(`      ${s.signature}`);
    if (s.summary) out.push(`      ${s.summary}`);
    out.push(`      why: ${s.why.join(', ')}`);
  });
  return out.join('\n');
}
