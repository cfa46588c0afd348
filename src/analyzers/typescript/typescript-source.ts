/**
 * One source file as the TypeScript analyzer reads it: offsets to 1-based lines through a line-start table built
 * once, and whitespace-collapsed header text for signatures. Offsets are UTF-16 code units (JavaScript string
 * indices), which is what oxc-parser reports.
 *
 * @packageDocumentation
 */

/** Longest signature kept; longer headers are cut and end with `…`. */
export const SIGNATURE_CAP = 300;

/** Raw characters read for one header before collapsing, so a huge type alias costs no more than a short one. */
const OPEN_THEN_BREAK = /([([])\s*\n\s*/g;
const BREAK_THEN_CLOSE = /,?\s*\n\s*([)\]])/g;
const HEADER_SCAN_LIMIT = 4 * SIGNATURE_CAP;

/** Source text with a precomputed line table. */
export class SourceText {
  /** The file content as given to the analyzer. */
  readonly text: string;
  private readonly lineStarts: number[];

  /**
   * @param text - File content (UTF-8 decoded; a BOM, CRLF or lone CR are all fine).
   */
  constructor(text: string) {
    this.text = text;
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  /**
   * 1-based line holding an offset (binary search over the line table).
   *
   * @param offset - UTF-16 offset into the text.
   * @returns The line number, at least 1.
   */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /**
   * Line of the last character of a node that ends (exclusive) at `end`.
   *
   * @param end - Exclusive end offset.
   * @returns The 1-based line of the node's last character.
   */
  endLineOf(end: number): number {
    return this.lineOf(end > 0 ? end - 1 : 0);
  }

  /** Last line of the file; a trailing newline does not open a new line. */
  get lastLine(): number {
    return this.endLineOf(this.text.length);
  }

  /**
   * Whether only whitespace lies between two offsets.
   *
   * @param from - Inclusive start.
   * @param to - Exclusive end.
   * @returns `true` when `[from, to)` is blank.
   */
  isBlank(from: number, to: number): boolean {
    const text = this.text;
    for (let i = from; i < to; i++) {
      if (!isSpace(text.charCodeAt(i))) return false;
    }
    return true;
  }

  /**
   * First non-whitespace offset at or after `offset`.
   *
   * @param offset - Where to start.
   * @returns The offset of the next visible character (or the text length).
   */
  skipBlank(offset: number): number {
    const text = this.text;
    let i = offset;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    return i;
  }

  /**
   * Header text between two offsets with runs of whitespace collapsed to one space, trimmed, a trailing `;`
   * dropped, and capped at {@link SIGNATURE_CAP} characters. Line breaks just inside brackets (one parameter per
   * line) vanish with a trailing comma, so `f(\n  a,\n  b,\n)` reads `f(a, b)`. An optional hole (decorators) is
   * cut out.
   *
   * @param from - Start of the header (e.g. the `export` keyword).
   * @param to - End of the header (usually the start of the body).
   * @param holeFrom - Start of a span to leave out, or -1.
   * @param holeTo - End of the span to leave out.
   * @returns The one-line signature.
   */
  header(from: number, to: number, holeFrom = -1, holeTo = -1): string {
    const limit = Math.min(to, from + HEADER_SCAN_LIMIT);
    const raw =
      holeFrom >= from && holeTo <= limit
        ? `${this.text.slice(from, holeFrom)} ${this.text.slice(holeTo, limit)}`
        : this.text.slice(from, limit);
    let line = raw.replace(OPEN_THEN_BREAK, '$1').replace(BREAK_THEN_CLOSE, '$1').replace(/\s+/g, ' ').trim();
    if (line.endsWith(';')) line = line.slice(0, -1).trimEnd();
    return line.length > SIGNATURE_CAP ? `${line.slice(0, SIGNATURE_CAP - 1)}…` : line;
  }

  /**
   * The last characters of a header, whitespace collapsed, for checks on the declared return type that must not
   * be defeated by the signature cap.
   *
   * @param from - Start of the header.
   * @param to - End of the header (start of the body).
   * @returns At most the last 200 raw characters, collapsed and trimmed.
   */
  headerTail(from: number, to: number): string {
    return this.text
      .slice(Math.max(from, to - 200), to)
      .replace(/\s+/g, ' ')
      .trim();
  }
}

/**
 * Whether a UTF-16 code unit is whitespace for layout purposes.
 *
 * @param code - A code unit.
 * @returns `true` for space, tab, CR, LF, vertical tab, form feed, BOM, NBSP and the line/paragraph separators.
 */
function isSpace(code: number): boolean {
  return (
    code === 32 || (code >= 9 && code <= 13) || code === 0xfeff || code === 0xa0 || code === 0x2028 || code === 0x2029
  );
}
