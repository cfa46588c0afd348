/**
 * `ctx`: a deterministic context pack for a natural-language query.
 *
 * Three signals produce ranked candidate lists, fused by weighted reciprocal-rank fusion (see {@link CTX_METHOD}):
 * lexical matches scored here over the stored word lists, embedding similarity, and call-graph neighbours
 * (callers and callees) of the strongest hits of the first two. Round trips: `nearestEmbeddings` (or
 * `embeddingsAnyOrder`), `fieldWords`, the lexical and embedding winners by handle (one batch), call `edges` from and
 * to the strong hits (one batch each, or one `callEdgeEnds` where the store offers it), then `symbolsById` of the new
 * neighbours — with, where the store reads candidates as outlines (`symbolOutlinesById`), the printable fields of every
 * candidate that can still be printed (`symbolCardsById` where the store offers it).
 *
 * Determinism: every list comes from rows in a documented order, every sort ends with symbol order, and ids are
 * never used to order anything, so the same query on the same repository state gives the same bytes on every backend.
 *
 * @packageDocumentation
 */
import type { ReadSession } from '../core/contracts.js';
import { embedQuery } from '../core/embeddings.js';
import type { EdgeEnds, SymbolCard, SymbolOutline } from '../core/model.js';
import { compareSymbols, compareText } from '../core/text.js';
import { firstWindow, nearestSymbols, rankEmbeddings, roundScore, type ScoredRow } from './emb.js';
import { queryTerms, type LexicalHit } from './lexical.js';
import { lexicalHitsFromWords } from './lexical-words.js';
import type { Lexicon } from './lexicon.js';
import { summaryOf, type SymbolView } from './symbols.js';

/**
 * The fusion rule and its constants; printed as the `method` field so a reader of the JSON can check a ranking.
 *
 * Why these values (tuned on 43 documentation-style questions over the requests and networkx corpora, general rules
 * only): k = 5 rather than the customary 60 because each list is short and its first ranks carry the evidence; the
 * embedding (hashed bag of words and trigrams, with collisions) is a weaker witness than the rarity-weighted lexical
 * score, so it mostly breaks ties and adds recall; test code is damped because questions about behaviour want the
 * implementation first.
 */
export const CTX_METHOD = Object.freeze({
  fusion: 'weighted reciprocal-rank fusion',
  rule:
    'score(s) = sum over the signal lists containing s of weight(signal) * damp(s) / (k + rank), rank 1-based; ' +
    'damp(s) = testFiles for a symbol in a test file unless the query mentions tests, else 1; ties by symbol order',
  k: 5,
  weights: Object.freeze({ lexical: 1, embedding: 0.3, graph: 0.3 }),
  /** Weight multiplier for symbols in test files (see {@link isTestPath}), unless the query mentions tests. */
  testFiles: 0.5,
  /** Length of each signal's ranked list. */
  depth: Object.freeze({ lexical: 50, embedding: 50 }),
  /** Top fused lexical+embedding hits whose callers and callees form the graph list. */
  strongHits: 5,
  /** Callees and callers taken per strong hit (each), in edge order. */
  neighboursPerHit: 8,
  files: "file score = sum of its symbols' scores, best first, the i-th (0-based) weighted 0.5^i; ties by path",
});

/** One ranked symbol of a context pack. */
export interface CtxSymbol extends Omit<SymbolView, 'name' | 'exported'> {
  /** Fused score, rounded to 6 decimals. */
  readonly score: number;
  /**
   * Signals that chose it: `lexical:name`, `lexical:qualified-name`, `lexical:docstring`, `embedding`,
   * `callee-of:<strong hit>`, `caller-of:<strong hit>`.
   */
  readonly why: readonly string[];
}

/** One ranked file of a context pack. */
export interface CtxFile {
  readonly path: string;
  /** Aggregated score, rounded to 6 decimals. */
  readonly score: number;
  /** Qualified names of its ranked symbols, best first. */
  readonly symbols: readonly string[];
}

/** Result of `codira ctx`. */
export interface CtxResult {
  readonly query: string;
  readonly prefix: string | null;
  readonly limit: number;
  readonly method: typeof CTX_METHOD;
  /** Stemmed query terms used for lexical matching. */
  readonly terms: readonly string[];
  readonly files: readonly CtxFile[];
  readonly symbols: readonly CtxSymbol[];
}

interface Candidate {
  /** A full row, or an outline where the store gives outlines (the printed ones are then read in full). */
  readonly row: SymbolOutline;
  score: number;
  readonly why: string[];
}

/** Accumulates fused scores; insertion follows the (ordered) signal lists, never an unordered source. */
class Fusion {
  readonly byId = new Map<number, Candidate>();
  /** Multiplier for symbols in test files. */
  private readonly damp: number;

  constructor(damp: number) {
    this.damp = damp;
  }

  add(row: SymbolOutline, weight: number, rank: number, why: string[]): void {
    if (isTestPath(row.path)) weight *= this.damp;
    let candidate = this.byId.get(row.id);
    if (!candidate) {
      candidate = { row, score: 0, why: [] };
      this.byId.set(row.id, candidate);
    }
    candidate.score += weight / (CTX_METHOD.k + rank);
    for (const reason of why) if (!candidate.why.includes(reason)) candidate.why.push(reason);
  }

  ranked(): Candidate[] {
    return [...this.byId.values()].sort((a, b) => b.score - a.score || compareSymbols(a.row, b.row));
  }
}

/**
 * Whether a path is test code: a `test`/`tests`/`__tests__` folder, `test_*.py`, `*_test.py`, `conftest.py`, or
 * `*.test.*` / `*.spec.*`.
 *
 * @param path - Repository-relative path.
 * @returns `true` for test code.
 */
export function isTestPath(path: string): boolean {
  const parts = path.split('/');
  const file = parts.pop() ?? '';
  return (
    parts.some((p) => p === 'test' || p === 'tests' || p === '__tests__') ||
    /^test_.*\.py$|_test\.py$|^conftest\.py$|\.(test|spec)\.[cm]?[jt]sx?$/.test(file)
  );
}

interface Neighbour {
  readonly id: number;
  readonly why: string;
}

/**
 * Callees then callers of each strong hit, strong hits in rank order, edges in reader order, first mention wins
 * the rank; self-edges and the strong hits themselves are skipped.
 *
 * @param strong - Strong hits, best first.
 * @param callees - Call edges from the strong hits.
 * @param callers - Call edges to the strong hits.
 * @returns Neighbour handle → reasons, in rank order.
 */
function neighboursOf(
  strong: readonly Candidate[],
  callees: readonly EdgeEnds[],
  callers: readonly EdgeEnds[],
): Map<number, string[]> {
  const strongIds = new Set(strong.map((c) => c.row.id));
  const out = new Map<number, string[]>();
  const push = ({ id, why }: Neighbour): void => {
    if (strongIds.has(id)) return;
    const reasons = out.get(id) ?? [];
    if (!reasons.includes(why)) reasons.push(why);
    out.set(id, reasons);
  };
  for (const hit of strong) {
    const name = hit.row.qualifiedName;
    const take = (edges: readonly Neighbour[]): void => {
      const seen = new Set<number>();
      for (const n of edges) {
        if (seen.size >= CTX_METHOD.neighboursPerHit) break;
        if (seen.has(n.id)) continue;
        seen.add(n.id);
        push(n);
      }
    };
    take(
      callees
        .filter((e) => e.ownerId === hit.row.id && e.targetId !== null && e.targetId !== hit.row.id)
        .map((e) => ({ id: e.targetId!, why: `callee-of:${name}` })),
    );
    take(
      callers
        .filter((e) => e.targetId === hit.row.id && e.ownerId !== hit.row.id)
        .map((e) => ({ id: e.ownerId, why: `caller-of:${name}` })),
    );
  }
  return out;
}

/**
 * The call edges of the strong hits: resolved callees (only those can be neighbours, and asking for those alone lets a
 * long-lived session answer from memory) and callers, in `edges` order. A store that offers `callEdgeEnds` reads both
 * in one call without naming the ends (their rows are read afterwards anyway); a session with a resident lexicon uses
 * `edges`, which it answers from memory.
 *
 * @param reader - Open read session.
 * @param ids - The strong hits' handles.
 * @param lexicon - The session's resident lexicon, if any.
 * @returns Callees and callers.
 */
async function callEdges(
  reader: ReadSession,
  ids: readonly number[],
  lexicon: Lexicon | null | undefined,
): Promise<{ callees: readonly EdgeEnds[]; callers: readonly EdgeEnds[] }> {
  if (!lexicon && reader.callEdgeEnds) {
    const { from, to } = await reader.callEdgeEnds(ids);
    return { callees: from, callers: to };
  }
  const callees = await reader.edges({ kind: 'call', direction: 'from', ids, resolvedOnly: true });
  const callers = await reader.edges({ kind: 'call', direction: 'to', ids });
  return { callees, callers };
}

function rankFiles(candidates: readonly Candidate[], limit: number): CtxFile[] {
  const byPath = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byPath.get(c.row.path) ?? [];
    list.push(c); // candidates arrive best first, so each list is best first
    byPath.set(c.row.path, list);
  }
  const files = [...byPath.entries()].map(([path, list]) => ({
    path,
    raw: list.reduce((sum, c, i) => sum + c.score * 0.5 ** i, 0),
    symbols: list.map((c) => c.row.qualifiedName),
  }));
  files.sort((a, b) => b.raw - a.raw || compareText(a.path, b.path));
  return files.slice(0, limit).map((f) => ({ path: f.path, score: roundScore(f.raw), symbols: f.symbols }));
}

/**
 * The lexical and embedding signals read through the session: the matrix, the stored word lists scored here (the
 * hits `scoreLexical` would rank first over the `symbolsMatching` candidates), and the winners of both fetched by
 * handle.
 *
 * @param reader - Open read session.
 * @param query - Natural-language query.
 * @param terms - Its terms.
 * @param pathPrefix - Optional literal path prefix.
 * @returns Both ranked lists.
 */
async function readSignals(
  reader: ReadSession,
  query: string,
  terms: ReturnType<typeof queryTerms>,
  pathPrefix: string | undefined,
): Promise<{ lexical: LexicalHit<SymbolOutline>[]; embedded: ScoredRow<SymbolOutline>[] }> {
  const ranking = await rankEmbeddings(reader, embedQuery(query), firstWindow(CTX_METHOD.depth.embedding, pathPrefix));
  const files = terms.length > 0 ? await reader.fieldWords(pathPrefix, [...new Set(terms.map((t) => t.search))]) : [];
  // Both signals score synchronously up to their fetch of winners, so the two fetches meet in one round trip.
  const fetch = batchedFetch(outlineFetch(reader));
  const [lexical, embedded] = await Promise.all([
    terms.length > 0
      ? lexicalHitsFromWords(terms, files, ranking.total, CTX_METHOD.depth.lexical, fetch)
      : Promise.resolve([]),
    nearestSymbols(ranking, CTX_METHOD.depth.embedding, pathPrefix, fetch),
  ]);
  return { lexical, embedded };
}

/** Rows by handle in symbol order, as `ReadSession.symbolsById` returns them (or their outlines). */
type Fetch = (ids: readonly number[]) => Promise<readonly SymbolOutline[]>;

/**
 * @param reader - Open read session.
 * @returns How candidates are read: as outlines where the store offers them, else as full rows.
 */
function outlineFetch(reader: ReadSession): Fetch {
  return reader.symbolOutlinesById ? (ids) => reader.symbolOutlinesById!(ids) : (ids) => reader.symbolsById(ids);
}

/**
 * A fetch with the requests made in one synchronous stretch answered by one call: the union is fetched (in symbol
 * order) and each request gets its own rows in that order, which is what a call of its own would return.
 *
 * @param fetch - Rows by handle in symbol order.
 * @returns The batching fetch.
 */
function batchedFetch(fetch: Fetch): Fetch {
  let pending: {
    ids: readonly number[];
    resolve: (rows: SymbolOutline[]) => void;
    reject: (error: unknown) => void;
  }[] = [];
  const flush = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    try {
      const rows = await fetch([...new Set(batch.flatMap((request) => request.ids))]);
      for (const request of batch) {
        const wanted = new Set(request.ids);
        request.resolve(rows.filter((row) => wanted.has(row.id)));
      }
    } catch (error) {
      for (const request of batch) request.reject(error);
    }
  };
  return (ids) =>
    new Promise((resolve, reject) => {
      if (pending.length === 0) queueMicrotask(() => void flush());
      pending.push({ ids, resolve, reject });
    });
}

/**
 * @param row - A candidate's row.
 * @returns Whether it holds what a pack prints (a full row or a card, not an outline).
 */
function isFullRow(row: SymbolOutline): row is SymbolCard {
  return 'signature' in row;
}

/**
 * @param reader - Open read session.
 * @returns How printable rows are read: as cards where the store offers them, else as full rows.
 */
function cardFetch(reader: ReadSession): (ids: readonly number[]) => Promise<readonly SymbolCard[]> {
  return reader.symbolCardsById ? (ids) => reader.symbolCardsById!(ids) : (ids) => reader.symbolsById(ids);
}

/**
 * The printed candidates with their full rows: the outlines among them not read yet are read by handle in one call.
 *
 * @param reader - Open read session.
 * @param candidates - The printed candidates, best first.
 * @param known - Full rows read already, by handle.
 * @returns Each candidate's full row, score and reasons, in the same order.
 */
async function fullRows(
  reader: ReadSession,
  candidates: readonly Candidate[],
  known: ReadonlyMap<number, SymbolCard>,
): Promise<{ row: SymbolCard; score: number; why: readonly string[] }[]> {
  const outlined = candidates.filter((c) => !isFullRow(c.row) && !known.has(c.row.id)).map((c) => c.row.id);
  const read = new Map((outlined.length === 0 ? [] : await cardFetch(reader)(outlined)).map((row) => [row.id, row]));
  return candidates.map(({ row, score, why }) => {
    const full = isFullRow(row) ? row : (known.get(row.id) ?? read.get(row.id));
    if (full === undefined) throw new Error(`symbol ${row.id} has an outline but no row`);
    return { row: full, score, why };
  });
}

/**
 * Build a context pack.
 *
 * @param reader - Open read session.
 * @param query - Natural-language query.
 * @param limit - Maximum symbols (and files) returned.
 * @param pathPrefix - Optional literal path prefix.
 * @param lexicon - The session's resident copy of what the lexical and embedding signals read, when it keeps one
 *   (a long-lived server): the same answer without scanning the symbols.
 * @returns Ranked files and symbols with the reasons they were chosen.
 */
export async function buildContext(
  reader: ReadSession,
  query: string,
  limit: number,
  pathPrefix?: string,
  lexicon?: Lexicon | null,
): Promise<CtxResult> {
  const terms = queryTerms(query);
  const signals = lexicon
    ? {
        lexical: lexicon.lexicalHits(terms, pathPrefix, CTX_METHOD.depth.lexical),
        embedded: lexicon.nearest(embedQuery(query), CTX_METHOD.depth.embedding, pathPrefix),
      }
    : await readSignals(reader, query, terms, pathPrefix);
  const lexical = signals.lexical.slice(0, CTX_METHOD.depth.lexical);
  const embedded = signals.embedded;

  const fusion = new Fusion(terms.some((t) => t.stem === 'test') ? 1 : CTX_METHOD.testFiles);
  const { weights } = CTX_METHOD;
  lexical.forEach((hit, i) =>
    fusion.add(
      hit.row,
      weights.lexical,
      i + 1,
      hit.fields.map((f) => `lexical:${f}`),
    ),
  );
  embedded.forEach(({ row }, i) => fusion.add(row, weights.embedding, i + 1, ['embedding']));

  const ranking = fusion.ranked();
  const strong = ranking.slice(0, CTX_METHOD.strongHits);
  /** Full rows read so far of candidates held as outlines. */
  const full = new Map<number, SymbolCard>();
  if (strong.length > 0) {
    const strongIds = strong.map((c) => c.row.id);
    const { callees, callers } = await callEdges(reader, strongIds, lexicon);
    const neighbours = neighboursOf(strong, callees, callers);
    // The graph only adds to its neighbours' scores: a symbol printed in the end is one of the first `limit` now or a
    // neighbour. Their full rows come with the new neighbours' in one read (only new neighbours where every candidate
    // is a full row already).
    const printable = [...ranking.slice(0, limit).map((c) => c.row.id), ...neighbours.keys()];
    const missing = [...new Set(printable)].filter((id) => {
      const row = fusion.byId.get(id)?.row;
      return row === undefined || !isFullRow(row);
    });
    const fetched =
      missing.length === 0 ? [] : lexicon ? lexicon.symbolsById(missing) : await cardFetch(reader)(missing);
    const rows = new Map<number, SymbolCard>(fetched.map((r) => [r.id, r]));
    for (const [id, row] of rows) full.set(id, row);
    let rank = 0;
    for (const [id, why] of neighbours) {
      const row = fusion.byId.get(id)?.row ?? rows.get(id);
      if (!row || !row.path.startsWith(pathPrefix ?? '')) continue;
      fusion.add(row, weights.graph, ++rank, why);
    }
  }

  const ranked = fusion.ranked();
  const printed = await fullRows(reader, ranked.slice(0, limit), full);
  return {
    query,
    prefix: pathPrefix ?? null,
    limit,
    method: CTX_METHOD,
    terms: terms.map((t) => t.stem),
    files: rankFiles(ranked, limit),
    symbols: printed.map(({ row, score, why }) => ({
      qualifiedName: row.qualifiedName,
      kind: row.kind,
      path: row.path,
      startLine: row.startLine,
      endLine: row.endLine,
      signature: row.signature,
      summary: summaryOf(row.docstring),
      score: roundScore(score),
      why,
    })),
  };
}
