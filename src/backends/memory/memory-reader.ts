/**
 * Memory backend read session: loads the JSON snapshot once and answers every query from plain arrays and maps.
 *
 * @packageDocumentation
 */
import { fieldWordsOf, type StoredFieldWords } from '../../core/field-words.js';
import type { EdgeLookup, ListSymbolsOptions, ReadSession } from '../../core/contracts.js';
// The rows of the read contract, in the order of its methods.
import type {
  IndexMeta,
  FileRecord,
  FailedFile,
  SymbolRow,
  SymbolMetricsRow,
  EdgeKind,
  EdgeRow,
  FindingRow,
  EmbeddingBlocks,
  EmbeddingMatrix,
  RankedSymbolRow,
} from '../../core/model.js';
import { rankedRow } from '../../core/model.js';
import { compareSymbols, compareText, edgeOrder } from '../../core/text.js';
import type { MemorySnapshot, MemorySymbol } from './memory-schema.js';

/**
 * A stored symbol as a `SymbolRow` with a fixed key order and no extra fields, like the SQL backends return it.
 *
 * @param s - Stored symbol.
 * @param path - Its file.
 * @param module - Its module.
 * @param language - Its language.
 * @returns The row.
 */
function symbolRow(s: MemorySymbol, path: string, module: string, language: string): SymbolRow {
  return {
    id: s.id,
    qualifiedName: s.qualifiedName,
    name: s.name,
    kind: s.kind,
    path,
    module,
    language,
    startLine: s.startLine,
    endLine: s.endLine,
    signature: s.signature,
    docstring: s.docstring,
    exported: s.exported,
  };
}

/**
 * Strip metrics from a row for the methods that return plain `SymbolRow`s.
 *
 * @returns The row without `fanIn`/`fanOut`.
 */
const plain = ({ fanIn: _fanIn, fanOut: _fanOut, ...row }: SymbolMetricsRow): SymbolRow => row;

/** Read session over a loaded snapshot. */
export class MemoryReadSession implements ReadSession {
  private readonly snapshot: MemorySnapshot;
  private readonly symbols: SymbolMetricsRow[];
  private readonly byId = new Map<number, SymbolMetricsRow>();
  /** Every edge of each kind, in snapshot (analyzer) order. */
  private readonly edgesOf: Record<EdgeKind, EdgeRow[]> = { call: [], reference: [] };

  /**
   * @param snapshot - A validated snapshot.
   */
  constructor(snapshot: MemorySnapshot) {
    this.snapshot = snapshot;
    this.symbols = snapshot.files.flatMap((f) =>
      f.symbols.map((s) => ({ ...symbolRow(s, f.file.path, f.module, f.language), fanIn: s.fanIn, fanOut: s.fanOut })),
    );
    this.symbols.sort(compareSymbols);
    for (const symbol of this.symbols) this.byId.set(symbol.id, symbol);
    const name = (id: number | null): string | null =>
      id === null ? null : (this.byId.get(id)?.qualifiedName ?? null);
    for (const f of snapshot.files) {
      const edge = (ownerIndex: number, targetText: string, targetId: number | null, line: number): EdgeRow => {
        const ownerId = f.symbols[ownerIndex]!.id;
        const [ownerQualifiedName, targetQualifiedName] = [name(ownerId)!, name(targetId)];
        return { ownerId, ownerQualifiedName, targetText, targetId, targetQualifiedName, path: f.file.path, line };
      };
      for (const c of f.calls) this.edgesOf.call.push(edge(c.callerIndex, c.calleeText, c.targetId, c.line));
      for (const r of f.references) this.edgesOf.reference.push(edge(r.ownerIndex, r.targetText, r.targetId, r.line));
    }
  }

  /** @returns The stored inventory. */
  async meta(): Promise<IndexMeta> {
    return this.snapshot.meta;
  }

  /** @returns Indexed files by path. */
  async files(): Promise<readonly FileRecord[]> {
    return this.snapshot.files.map((f) => f.file);
  }

  /** @returns Stored failures by path. */
  async failures(): Promise<readonly FailedFile[]> {
    return this.snapshot.failures;
  }

  /**
   * @param names - Short or qualified names.
   * @param pathPrefix - Optional literal path prefix.
   * @returns Matching symbols in symbol order.
   */
  async symbolsByName(names: readonly string[], pathPrefix?: string): Promise<readonly SymbolRow[]> {
    const wanted = new Set(names);
    return this.symbols
      .filter((s) => (wanted.has(s.name) || wanted.has(s.qualifiedName)) && s.path.startsWith(pathPrefix ?? ''))
      .map(plain);
  }

  /**
   * @param ids - Symbol handles.
   * @returns Those symbols in symbol order.
   */
  async symbolsById(ids: readonly number[]): Promise<readonly SymbolRow[]> {
    const wanted = new Set(ids);
    return this.symbols.filter((s) => wanted.has(s.id)).map(plain);
  }

  /**
   * @param terms - Lower-case terms.
   * @param pathPrefix - Optional literal path prefix.
   * @returns Symbols whose name, qualified name or docstring contains a term, in symbol order.
   */
  async symbolsMatching(terms: readonly string[], pathPrefix?: string): Promise<readonly SymbolRow[]> {
    if (terms.length === 0) return [];
    return this.symbols
      .filter((s) => {
        if (!s.path.startsWith(pathPrefix ?? '')) return false;
        const fields = [s.name.toLowerCase(), s.qualifiedName.toLowerCase(), (s.docstring ?? '').toLowerCase()];
        return terms.some((term) => fields.some((field) => field.includes(term)));
      })
      .map(plain);
  }

  /**
   * @param options - Filters and limit.
   * @returns Symbols with metrics, most connected first.
   */
  async listSymbols(options: ListSymbolsOptions): Promise<readonly SymbolMetricsRow[]> {
    const kinds = options.kinds ? new Set(options.kinds) : null;
    const rows = this.symbols.filter(
      (s) => s.path.startsWith(options.pathPrefix ?? '') && (kinds === null || kinds.has(s.kind)),
    );
    rows.sort(
      (a, b) =>
        b.fanIn - a.fanIn ||
        b.fanOut - a.fanOut ||
        compareText(a.qualifiedName, b.qualifiedName) ||
        compareText(a.path, b.path) ||
        a.startLine - b.startLine,
    );
    return options.limit === undefined ? rows : rows.slice(0, options.limit);
  }

  /**
   * @param options - Filters and limit.
   * @returns The listing's rows cut to their ranked fields.
   */
  async rankSymbols(options: ListSymbolsOptions): Promise<readonly RankedSymbolRow[]> {
    return (await this.listSymbols(options)).map(rankedRow);
  }

  /**
   * @param lookup - Kind, direction and handles.
   * @returns The matching edges in the direction's order.
   */
  async edges({ kind, direction, ids, resolvedOnly }: EdgeLookup): Promise<readonly EdgeRow[]> {
    const wanted = new Set(ids);
    const named = (e: EdgeRow): boolean =>
      direction === 'from'
        ? wanted.has(e.ownerId) && (!resolvedOnly || e.targetId !== null)
        : e.targetId !== null && wanted.has(e.targetId);
    return this.edgesOf[kind].filter(named).sort(edgeOrder(direction));
  }

  /**
   * @param pathPrefix - Optional literal path prefix.
   * @returns Findings by path, line, rule, symbol.
   */
  async findings(pathPrefix?: string): Promise<readonly FindingRow[]> {
    const rows = this.snapshot.files
      .filter((f) => f.file.path.startsWith(pathPrefix ?? ''))
      .flatMap((f) => f.findings.map((finding) => ({ ...finding, path: f.file.path })));
    return rows.sort(
      (a, b) =>
        compareText(a.path, b.path) ||
        a.line - b.line ||
        compareText(a.rule, b.rule) ||
        compareText(a.symbol, b.symbol),
    );
  }

  /**
   * Derived from the stored symbols on each call: the reference states what the other backends store.
   *
   * @param pathPrefix - Optional literal path prefix.
   * @returns The word lists of the files under it that have symbols, in path order.
   */
  async fieldWords(pathPrefix?: string): Promise<readonly StoredFieldWords[]> {
    return this.snapshot.files
      .filter((f) => f.symbols.length > 0 && f.file.path.startsWith(pathPrefix ?? ''))
      .map((f) => ({ firstSymbolId: f.symbols[0]!.id, ...fieldWordsOf(f.symbols) }));
  }

  /** @returns Every embedding with its handle; symbol order is as good as any here (the reference keeps it). */
  async embeddingsAnyOrder(): Promise<EmbeddingBlocks> {
    const { dimension, symbolIds, vectors } = await this.embeddings();
    return { dimension, symbolIds, blocks: [vectors] };
  }

  /** @returns Every embedding, rows in symbol order. */
  async embeddings(): Promise<EmbeddingMatrix> {
    const dimension = this.snapshot.meta.embedder.dimension;
    const perId = new Map<number, Float32Array>();
    for (const f of this.snapshot.files) {
      const bytes = Buffer.from(f.embeddings, 'base64');
      const vectors = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      f.symbols.forEach((s, i) => perId.set(s.id, vectors.subarray(i * dimension, (i + 1) * dimension)));
    }
    const vectors = new Float32Array(this.symbols.length * dimension);
    this.symbols.forEach((s, row) => vectors.set(perId.get(s.id)!, row * dimension));
    return { dimension, symbolIds: this.symbols.map((s) => s.id), vectors };
  }

  /** Nothing to release. */
  async close(): Promise<void> {}
}
