/**
 * Docstring text from string literals (`inspect.cleandoc` semantics) and the NumPy-style sections inside it.
 *
 * @packageDocumentation
 */

/**
 * Value of a docstring literal such as `r"""Text."""` with quotes removed and indentation cleaned.
 *
 * @param literal - Source text of one string literal, prefix and quotes included.
 * @returns The cleaned text, or `null` for byte strings, f-strings (Python does not treat them as docstrings) and
 *   blank docstrings.
 */
export function docstringValue(literal: string): string | null {
  let start = 0;
  while (start < literal.length && /[A-Za-z]/.test(literal[start] ?? '')) start++;
  const prefix = literal.slice(0, start).toLowerCase();
  if (prefix.includes('b') || prefix.includes('f')) return null;
  const quote = literal.startsWith('"""', start) || literal.startsWith("'''", start) ? 3 : 1;
  let body = literal.slice(start + quote, Math.max(start + quote, literal.length - quote));
  if (!prefix.includes('r') && body.includes('\\')) body = unescape(body);
  const cleaned = cleandoc(body);
  return cleaned.length > 0 ? cleaned : null;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t' };

/**
 * The common escapes of a non-raw literal; others stay as written (Python keeps unknown escapes too).
 *
 * @param body - Literal body between the quotes.
 * @returns The body with those escapes applied.
 */
function unescape(body: string): string {
  return body.replace(/\\(\r\n|\n|.)/g, (whole: string, next: string) => {
    if (next === '\n' || next === '\r\n') return '';
    return SIMPLE_ESCAPES[next] ?? whole;
  });
}

/**
 * Dedent like Python's `inspect.cleandoc`: tabs expanded, the first line's leading space removed, the common
 * indentation of the other lines removed, blank lines at both ends dropped.
 *
 * @param text - Raw docstring body.
 * @returns The cleaned text with `\n` line ends.
 */
export function cleandoc(text: string): string {
  const lines = text.split(/\r\n|\r|\n/).map(expandTabs);
  let margin = Number.POSITIVE_INFINITY;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const content = line.trimStart().length;
    if (content > 0) margin = Math.min(margin, line.length - content);
  }
  lines[0] = (lines[0] ?? '').trimStart();
  if (margin !== Number.POSITIVE_INFINITY) {
    for (let i = 1; i < lines.length; i++) lines[i] = (lines[i] ?? '').slice(margin);
  }
  let first = 0;
  let last = lines.length;
  while (first < last && (lines[first] ?? '').trim() === '') first++;
  while (last > first && (lines[last - 1] ?? '').trim() === '') last--;
  return lines.slice(first, last).join('\n');
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const char of line) out += char === '\t' ? ' '.repeat(8 - (out.length % 8)) : char;
  return out;
}

/** NumPy-style sections of a docstring: lower-cased title → the lines between its underline and the next title. */
export type NumpySections = ReadonlyMap<string, readonly string[]>;

/**
 * Split a cleaned docstring into NumPy sections. A section starts with a title line followed by a line of at least
 * three dashes.
 *
 * @param doc - Cleaned docstring text.
 * @returns The sections by lower-cased title (first occurrence wins).
 */
export function numpySections(doc: string): NumpySections {
  const sections = new Map<string, readonly string[]>();
  if (!doc.includes('---')) return sections;
  const lines = doc.split('\n');
  const starts: number[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (/^\s*-{3,}\s*$/.test(lines[i + 1] ?? '') && (lines[i] ?? '').trim().length > 0) starts.push(i);
  }
  starts.forEach((start, k) => {
    const title = (lines[start] ?? '').trim().toLowerCase();
    const end = starts[k + 1] ?? lines.length;
    if (!sections.has(title)) sections.set(title, lines.slice(start + 2, end));
  });
  return sections;
}

/**
 * Parameter names listed in a `Parameters` section: the lines at the section's base indentation, name part before
 * ` : type`, several names per line allowed (`x, y : int`), stars and escaping backslashes dropped (`\*args` → `args`).
 *
 * @param lines - Lines of the section.
 * @returns The documented names.
 */
export function documentedNames(lines: readonly string[]): Set<string> {
  const names = new Set<string>();
  let base = -1;
  for (const line of lines) {
    const text = line.trimStart();
    if (text.length === 0) continue;
    const indent = line.length - text.length;
    if (base < 0) base = indent;
    if (indent !== base) continue;
    const colon = text.indexOf(':');
    const head = colon >= 0 ? text.slice(0, colon) : text;
    for (const part of head.split(',')) {
      const name = part
        .trim()
        .replace(/^[\\*]+/, '')
        .replace(/^`+|`+$/g, '');
      if (name.length > 0) names.add(name);
    }
  }
  return names;
}
