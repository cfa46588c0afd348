/**
 * The stored word lists of a file's lexically scored fields: what `ctx`'s lexical signal reads instead of every
 * symbol's text.
 *
 * A symbol is scored on three fields (`fieldTextsOf`): its name, the container part of its qualified name and its
 * docstring. The lexical matcher credits a field through the words of it that contain a query term's search string,
 * a word being a maximal run of word units (ASCII letters and digits, every unit from U+0080 up), taken as written
 * (case splits camelCase). A search string is made of ASCII letters and digits only, so every occurrence lies inside
 * one word. So a file stores, once per run that writes it:
 *
 * - `words`: its distinct words (as written) that contain an ASCII letter or digit, in order of first appearance,
 *   each followed by a space (not a word unit, and lower-cased to itself, so a search never crosses it and offsets in
 *   the lower-cased list are offsets in the list);
 * - `postings`: a little-endian uint32 header `2W + wide` (`W` the word count), then `W + 1` offsets into `words`
 *   (where each word starts, then the list's length), so a match is placed without splitting the list; `W + 1`
 *   offsets into the slot list; then the slots: for word `w`, the fields it occurs in (symbol index in the file × 3 +
 *   field), ascending. The values are little-endian uint16 (`wide` = 0) unless one of them exceeds 65,535, and then
 *   all are int32 (`wide` = 1): every file of SymPy, networkx and this repository fits 16 bits, which halves the bytes
 *   `ctx` reads (SQLite schema 7, DuckDB layout 12; int32 before);
 * - `irregular`: fields whose lower-casing changes their length (a few exotic capitals), which the matcher scores as
 *   one whole text: a JSON array of `[slot, text]`, or `null` when there is none.
 *
 * Derived from the symbols alone, so a backend computes it when it writes a file and drops it with the file; the
 * memory reference derives it on read.
 *
 * @packageDocumentation
 */

/** The scored fields' texts need only these parts of a symbol. */
export interface WordSource {
  readonly name: string;
  readonly qualifiedName: string;
  readonly docstring: string | null;
}

/** One file's stored word lists (see the module documentation for the layout). */
export interface FieldWords {
  readonly words: string;
  readonly postings: Uint8Array;
  readonly irregular: string | null;
}

/** A file's word lists as a read session returns them, with the handle of the file's first symbol. */
export interface StoredFieldWords extends FieldWords {
  /** Handle of symbol index 0 of the file; a file's symbols have consecutive handles in file order. */
  readonly firstSymbolId: number;
}

/** Number of scored fields per symbol (name, qualified-name container, docstring). */
export const FIELD_COUNT = 3;

/**
 * The texts a symbol is scored on: the name, the container part of the qualified name (`pkg.mod.Class` of
 * `pkg.mod.Class.method`: the name is scored on its own) and the docstring.
 *
 * @param symbol - A symbol.
 * @returns Its three field texts.
 */
export function fieldTextsOf(symbol: WordSource): [string, string, string] {
  const container = symbol.qualifiedName.slice(0, Math.max(0, symbol.qualifiedName.length - symbol.name.length));
  return [symbol.name, container, symbol.docstring ?? ''];
}

/**
 * A maximal run of units that are not word units (a word unit is an ASCII letter or digit, or any unit from U+0080
 * up): splitting a text on it leaves its words, and empty strings at a text's ends.
 */
const NON_WORD_RUN = /[^A-Za-z0-9\u0080-\uffff]+/;
/** Any unit outside ASCII: only such a text can change its length when lower-cased. */
const NON_ASCII = /[\u0080-\uffff]/;
/** An ASCII letter or digit: a word without one can hold no search string. */
const ASCII_WORD_UNIT = /[A-Za-z0-9]/;

/**
 * Whether the matcher scores a field text as one whole (its lower-casing changes its length).
 *
 * @param text - Field text.
 * @returns `true` for such a text.
 */
export function isIrregularField(text: string): boolean {
  return NON_ASCII.test(text) && text.toLowerCase().length !== text.length;
}

/** The distinct words of a file's fields and the slots each occurs in, collected field by field. */
class WordCollector {
  /** Word number by word; `-1` for a word without an ASCII letter or digit (never stored). */
  private readonly ids = new Map<string, number>();
  readonly words: string[] = [];
  readonly lists: number[][] = [];
  readonly irregular: [number, string][] = [];

  /**
   * Add the words of one field: each maximal run of word units (ASCII letters and digits, every unit from U+0080
   * up), taken as written.
   *
   * @param text - The field text (not empty).
   * @param slot - The field's slot.
   */
  add(text: string, slot: number): void {
    if (isIrregularField(text)) {
      this.irregular.push([slot, text]);
      return;
    }
    // One native split per field instead of a match object per word: a file's docstrings hold most of its text.
    for (const word of text.split(NON_WORD_RUN)) if (word !== '') this.addWord(word, slot);
  }

  /**
   * Record one occurrence of a word.
   *
   * @param word - The word as written.
   * @param slot - The field's slot (slots only grow).
   */
  private addWord(word: string, slot: number): void {
    let id = this.ids.get(word);
    if (id === undefined) {
      // Tested on the lower-cased word: a few capitals outside ASCII lower-case into it (U+212A into `k`).
      id = ASCII_WORD_UNIT.test(word.toLowerCase()) ? this.words.length : -1;
      this.ids.set(word, id);
      if (id >= 0) {
        this.words.push(word);
        this.lists.push([]);
      }
    }
    if (id < 0) return;
    const list = this.lists[id]!;
    if (list[list.length - 1] !== slot) list.push(slot); // slots only grow, so a repeat is the last one
  }
}

/**
 * The word lists of one file.
 *
 * @param symbols - The file's symbols in file order (the order their handles are allocated in).
 * @returns Its stored form.
 */
export function fieldWordsOf(symbols: readonly WordSource[]): FieldWords {
  const collector = new WordCollector();
  for (let index = 0; index < symbols.length; index++) {
    const texts = fieldTextsOf(symbols[index]!);
    for (let field = 0; field < FIELD_COUNT; field++) {
      const text = texts[field]!;
      if (text !== '') collector.add(text, index * FIELD_COUNT + field);
    }
  }
  const { words, lists, irregular } = collector;
  let slots = 0;
  let wide = false;
  for (const list of lists) {
    slots += list.length;
    if (list.length > 0 && list[list.length - 1]! > MAX_NARROW) wide = true; // slots ascend: the last is the largest
  }
  const count = words.length;
  let chars = 0;
  for (const word of words) chars += word.length + 1;
  // The largest offsets are the list's length and the slot count (the last of each run of offsets).
  if (chars > MAX_NARROW || slots > MAX_NARROW) wide = true;
  const length = 2 * (count + 1) + slots;
  const postings = new Uint8Array(4 + length * (wide ? 4 : 2));
  // The values in the platform's order, as the int32 layout always was: little-endian on every platform Node runs on.
  const values = wide ? new Int32Array(postings.buffer, 4, length) : new Uint16Array(postings.buffer, 4, length);
  const slotBase = 2 * (count + 1);
  let at = 0;
  chars = 0;
  for (let w = 0; w < count; w++) {
    values[w] = chars;
    chars += words[w]!.length + 1;
    values[1 + count + w] = at;
    // Copied one by one: `TypedArray.set` from a plain array takes a slow generic path, and a file has thousands of
    // (mostly one-slot) lists.
    const list = lists[w]!;
    for (let k = 0; k < list.length; k++) values[slotBase + at + k] = list[k]!;
    at += list.length;
  }
  values[count] = chars;
  values[1 + 2 * count] = slots;
  new DataView(postings.buffer).setUint32(0, 2 * count + (wide ? 1 : 0), true);
  return {
    words: words.length === 0 ? '' : `${words.join(' ')} `,
    postings,
    irregular: irregular.length > 0 ? JSON.stringify(irregular) : null,
  };
}

/** Largest value the narrow (uint16) postings hold. */
const MAX_NARROW = 0xffff;

/** Reader of one file's postings (either width, any byte alignment). */
export class PostingsView {
  private readonly view: DataView;
  /** Number of words. */
  readonly words: number;
  /** Whether the values are int32 (else uint16). */
  private readonly wide: boolean;

  /** @param postings - The stored postings bytes. */
  constructor(postings: Uint8Array) {
    this.view = new DataView(postings.buffer, postings.byteOffset, postings.byteLength);
    const header = this.view.getUint32(0, true);
    this.words = header >>> 1;
    this.wide = (header & 1) === 1;
  }

  /**
   * @param k - Position among the values after the header.
   * @returns The value there.
   */
  private value(k: number): number {
    return this.wide ? this.view.getInt32(4 + 4 * k, true) : this.view.getUint16(4 + 2 * k, true);
  }

  /**
   * @param w - Word number (0 … `words`).
   * @returns Where word `w` starts in the `words` list (`words`: the list's length).
   */
  start(w: number): number {
    return this.value(w);
  }

  /**
   * @param offset - An offset inside the `words` list.
   * @returns The number of the word it falls in.
   */
  wordAt(offset: number): number {
    let lo = 0;
    let hi = this.words - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.start(mid) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * @param word - Word number.
   * @param visit - Called with each slot of the word, ascending.
   */
  forEachSlot(word: number, visit: (slot: number) => void): void {
    for (let i = this.slotsFrom(word), end = this.slotsFrom(word + 1); i < end; i++) visit(this.slot(i));
  }

  /**
   * @param word - Word number (0 … `words`).
   * @returns Where word `word`'s slots start in the slot list (`words`: the list's length); they end where the next
   *   word's start.
   */
  slotsFrom(word: number): number {
    return this.value(1 + this.words + word);
  }

  /**
   * @param i - Position in the slot list.
   * @returns The slot there.
   */
  slot(i: number): number {
    return this.value(2 + 2 * this.words + i);
  }
}

/**
 * The decoded irregular fields of a file.
 *
 * @param irregular - The stored JSON, or `null`.
 * @returns `[slot, text]` pairs.
 */
export function irregularFields(irregular: string | null): readonly (readonly [number, string])[] {
  return irregular === null ? [] : (JSON.parse(irregular) as [number, string][]);
}
