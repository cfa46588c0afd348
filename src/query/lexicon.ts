/**
 * What `ctx` reads, kept in memory by a long-lived read session (the MCP server) so that a query is a few tight loops
 * instead of a scan of every symbol's text: every symbol row in symbol order, the embedding matrix, and an inverted
 * index from the words of the scored fields to the symbols they occur in.
 *
 * Answers are those of the scanning path, by construction:
 *
 * - The lexical credits of a field are the best credits of its words that contain a term's search string
 *   (`FieldMatcher.credits`), a word being a maximal run of word units of the lower-cased field. A search string is
 *   made of ASCII letters and digits only, so every occurrence lies inside one word; the index lists each field's
 *   distinct words, and a query looks the search strings up in the vocabulary (a few megabytes, not the corpus)
 *   and merges the credits of the matching words into their fields. Rows left out have no credit, which is exactly
 *   the rows `rankLexical` may ignore. Fields whose lower-casing changes their length are scored as a whole by the
 *   scanning matcher (as it does).
 * - Embedding winners are the same top rows of the same ranking (`topRows`), filtered by the prefix on the resident
 *   rows instead of fetched in widening windows.
 *
 * Built once per session on the first `ctx` (the whole table is read once); a new session (a newly published index)
 * builds its own.
 *
 * @packageDocumentation
 */
import type { ReadSession } from '../core/contracts.js';
import type { EmbeddingMatrix, SymbolRow } from '../core/model.js';
import { scoreColumns, topRows, transposeMatrix, type ScoredRow } from './emb.js';
import { FIELDS, FieldMatcher, fieldTexts, rankLexical, type LexicalHit, type QueryTerm } from './lexical.js';

/**
 * A maximal run of word units (`isWordUnit`: ASCII letters and digits, every unit from U+0080 up). Taken on the text
 * as written: lower-casing a field that keeps its length maps word units to word units and nothing else to them, so
 * the runs are those `FieldMatcher` finds in the lower-cased field, and the words come out with their case (which
 * `wordCredits` needs) without slicing.
 */
const WORD_RUN = /[A-Za-z0-9\u0080-\uffff]+/g;

/** Any unit outside ASCII: only such a text can change its length when lower-cased. */
const NON_ASCII = /[\u0080-\uffff]/;

/** Separator of the vocabulary's words in its search string: not a word unit, so no search string crosses it. */
const WORD_SEPARATOR = '\u0001';

/**
 * Whether a lower-cased word can contain a search string (which is made of ASCII letters and digits).
 *
 * @param lower - Lower-cased word.
 * @returns `true` when it has an ASCII letter or digit.
 */
function hasAsciiWordUnit(lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    if ((code >= 48 && code <= 57) || (code >= 97 && code <= 122)) return true;
  }
  return false;
}

/** Builder of the word → (row, field) postings. */
class PostingsBuilder {
  readonly words: string[] = [];
  readonly lowers: string[] = [];
  readonly lists: number[][] = [];
  /** Word number by word as written; -1 for a word no search string can be inside. */
  private readonly ids = new Map<string, number>();

  /**
   * Note the words of one field whose lower-casing keeps its length.
   *
   * @param text - Field text (case kept).
   * @param slot - `row × 3 + field`.
   */
  add(text: string, slot: number): void {
    WORD_RUN.lastIndex = 0;
    for (let match = WORD_RUN.exec(text); match !== null; match = WORD_RUN.exec(text)) {
      const word = match[0];
      let id = this.ids.get(word);
      if (id === undefined) {
        const lower = word.toLowerCase();
        id = hasAsciiWordUnit(lower) ? this.words.length : -1;
        this.ids.set(word, id);
        if (id >= 0) {
          this.words.push(word);
          this.lowers.push(lower);
          this.lists.push([]);
        }
      }
      if (id < 0) continue;
      const list = this.lists[id]!;
      if (list[list.length - 1] !== slot) list.push(slot); // a field's words are noted once each
    }
  }
}

/** A session's resident copy of what `ctx` reads. */
export class Lexicon {
  private readonly rowOf = new Map<number, number>();
  /** Offset of each word in {@link Lexicon.vocabulary}, plus the end. */
  private readonly starts: Int32Array;
  /** The lower-cased words joined by {@link WORD_SEPARATOR}. */
  private readonly vocabulary: string;
  /** Postings of word `w`: `slots[first[w]] … slots[first[w + 1] - 1]`, each `row × 3 + field`. */
  private readonly first: Int32Array;
  private readonly slots: Int32Array;
  /** The embedding matrix column by column (the embedding signal reads a few columns whole). */
  private readonly columns: Float32Array;

  /**
   * @param rows - Every symbol, in symbol order (the matrix's row order).
   * @param matrix - The embedding matrix.
   * @param words - The vocabulary as written (word numbers index it).
   * @param postings - Words of the regular fields.
   * @param irregular - Slots of fields whose lower-casing changes their length, scored by the scanning matcher.
   */
  private constructor(
    readonly rows: readonly SymbolRow[],
    readonly matrix: EmbeddingMatrix,
    private readonly words: readonly string[],
    postings: PostingsBuilder,
    private readonly irregular: readonly number[],
  ) {
    rows.forEach((row, i) => this.rowOf.set(row.id, i));
    this.columns = transposeMatrix(matrix);
    this.vocabulary = postings.lowers.join(WORD_SEPARATOR);
    this.starts = new Int32Array(words.length + 1);
    this.first = new Int32Array(words.length + 1);
    let offset = 0;
    let count = 0;
    postings.lowers.forEach((lower, w) => {
      this.starts[w] = offset;
      offset += lower.length + 1;
      this.first[w] = count;
      count += postings.lists[w]!.length;
    });
    this.starts[words.length] = offset;
    this.first[words.length] = count;
    this.slots = new Int32Array(count);
    postings.lists.forEach((list, w) => this.slots.set(list, this.first[w]!));
  }

  /**
   * Read every symbol and the embedding matrix, and index the words of the scored fields.
   *
   * @param reader - The session (with its embedding cache in front, if any).
   * @returns The lexicon, or `null` when the stored embeddings and symbols do not line up (the scanning path then
   *   answers).
   */
  static async load(reader: ReadSession): Promise<Lexicon | null> {
    // The matrix has one row per symbol (core stores a vector with every symbol), in symbol order; the rows by handle
    // come back in the same order. Anything else and the scanning path answers.
    const matrix = await reader.embeddings();
    const rows = await reader.symbolsById(matrix.symbolIds);
    if (rows.length !== matrix.symbolIds.length || rows.some((row, i) => row.id !== matrix.symbolIds[i])) return null;
    const postings = new PostingsBuilder();
    const irregular: number[] = [];
    rows.forEach((row, r) => {
      fieldTexts(row).forEach((text, f) => {
        if (NON_ASCII.test(text) && text.toLowerCase().length !== text.length) irregular.push(r * FIELDS.length + f);
        else postings.add(text, r * FIELDS.length + f);
      });
    });
    return new Lexicon(rows, matrix, postings.words, postings, irregular);
  }

  /**
   * The lexical signal: what `scoreLexical` gives over the candidates `symbolsMatching` would return.
   *
   * @param terms - Query terms.
   * @param pathPrefix - Optional literal path prefix.
   * @param limit - Most hits wanted (the best ones); all by default.
   * @returns Symbols with a positive score, best first, ties in symbol order.
   */
  lexicalHits(terms: readonly QueryTerm[], pathPrefix?: string, limit?: number): LexicalHit[] {
    if (terms.length === 0) return [];
    const matcher = new FieldMatcher(terms);
    const stride = FIELDS.length * terms.length;
    const under = (row: number): boolean => !pathPrefix || this.rows[row]!.path.startsWith(pathPrefix);
    // Candidate rows by first touch; credits grow with them.
    const slotOf = new Map<number, number>();
    let credits = new Float64Array(64 * stride);
    const candidate = (row: number): number => {
      let c = slotOf.get(row);
      if (c === undefined) {
        c = slotOf.size;
        slotOf.set(row, c);
        if ((c + 1) * stride > credits.length) {
          const grown = new Float64Array(credits.length * 2);
          grown.set(credits);
          credits = grown;
        }
      }
      return c;
    };
    const merge = (from: Float64Array, at: number): void => {
      for (let t = 0; t < from.length; t++) if (from[t]! > credits[at + t]!) credits[at + t] = from[t]!;
    };
    for (const w of this.matchingWords(terms)) {
      const wordCredits = matcher.wordCredits(this.words[w]!);
      for (let p = this.first[w]!; p < this.first[w + 1]!; p++) {
        const slot = this.slots[p]!;
        const row = Math.floor(slot / FIELDS.length);
        if (!under(row)) continue;
        merge(wordCredits, candidate(row) * stride + (slot % FIELDS.length) * terms.length);
      }
    }
    const scratch = new Float64Array(terms.length);
    for (const slot of this.irregular) {
      const row = Math.floor(slot / FIELDS.length);
      if (!under(row)) continue;
      scratch.fill(0);
      matcher.credits(fieldTexts(this.rows[row]!)[slot % FIELDS.length]!, scratch, 0);
      if (scratch.some((credit) => credit > 0))
        merge(scratch, candidate(row) * stride + (slot % FIELDS.length) * terms.length);
    }
    // Candidates in symbol order, credits laid out in that order.
    const order = [...slotOf.keys()].sort((a, b) => a - b);
    const ordered = new Float64Array(order.length * stride);
    order.forEach((row, i) => {
      const from = slotOf.get(row)! * stride;
      for (let k = 0; k < stride; k++) ordered[i * stride + k] = credits[from + k]!;
    });
    return rankLexical(
      terms,
      order.map((row) => this.rows[row]!),
      ordered,
      this.matrix.symbolIds.length,
      limit,
    );
  }

  /**
   * Words whose lower-cased form contains a term's search string.
   *
   * @param terms - Query terms.
   * @returns Word numbers, each once.
   */
  private matchingWords(terms: readonly QueryTerm[]): Set<number> {
    const found = new Set<number>();
    for (const { search } of terms) {
      for (let i = this.vocabulary.indexOf(search); i >= 0;) {
        const w = this.wordAt(i);
        found.add(w);
        i = this.vocabulary.indexOf(search, this.starts[w + 1]!);
      }
    }
    return found;
  }

  /**
   * @param offset - An offset in the vocabulary string.
   * @returns The number of the word it falls in.
   */
  private wordAt(offset: number): number {
    let lo = 0;
    let hi = this.words.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * The embedding signal: the best rows under the prefix, as `nearestSymbols` ranks them.
   *
   * @param query - L2-normalised query vector.
   * @param limit - Maximum rows.
   * @param pathPrefix - Optional literal path prefix.
   * @returns Rows with scores, best first, ties in symbol order.
   */
  nearest(query: Float32Array, limit: number, pathPrefix?: string): ScoredRow[] {
    const scores = scoreColumns(this.matrix, this.columns, query);
    const keep = pathPrefix ? (row: number) => this.rows[row]!.path.startsWith(pathPrefix) : undefined;
    return topRows(scores, limit, keep).map(({ row, score }) => ({ row: this.rows[row]!, score }));
  }

  /**
   * Symbols by handle, as `ReadSession.symbolsById` returns them.
   *
   * @param ids - Symbol handles.
   * @returns Those symbols in symbol order; unknown handles are skipped.
   */
  symbolsById(ids: readonly number[]): SymbolRow[] {
    const rows = [...new Set(ids)].map((id) => this.rowOf.get(id)).filter((row): row is number => row !== undefined);
    return rows.sort((a, b) => a - b).map((row) => this.rows[row]!);
  }
}
