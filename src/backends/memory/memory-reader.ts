/**
 * Memory backend read session: loads the JSON snapshot once and answers every query from plain arrays and maps.
 *
 * @packageDocumentation
 */
import type { ListSymbolsOptions, ReadSession } from '../../core/contracts.js';
import type {
  CallEdgeRow,
  EmbeddingMatrix,
  FailedFile,
  FileRecord,
  FindingRow,
  IndexMeta,
  ReferenceRow,
  SymbolMetricsRow,
  SymbolRow,
} from '../../core/model.js';
import { compareSymbols, compareText } from '../../core/text.js';
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

const byPathLine =
  <T extends { path: string; line: number }>(third: (row: T) => string) =>
  (a: T, b: T) =>
    compareText(a.path, b.path) || a.line - b.line || compareText(third(a), third(b));

/** Read session over a loaded snapshot. */
export class MemoryReadSession implements ReadSession {
  private readonly snapshot: MemorySnapshot;
  private readonly symbols: SymbolMetricsRow[];
  private readonly byId = new Map<number, SymbolMetricsRow>();
  private readonly calls: CallEdgeRow[] = [];
  private readonly references: ReferenceRow[] = [];

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
      for (const c of f.calls) {
        const callerId = f.symbols[c.callerIndex]!.id;
        this.calls.push({
          callerId,
          callerQualifiedName: name(callerId)!,
          calleeText: c.calleeText,
          targetId: c.targetId,
          targetQualifiedName: name(c.targetId),
          path: f.file.path,
          line: c.line,
        });
      }
      for (const r of f.references) {
        const ownerId = f.symbols[r.ownerIndex]!.id;
        this.references.push({
          ownerId,
          ownerQualifiedName: name(ownerId)!,
          targetText: r.targetText,
          targetId: r.targetId,
          targetQualifiedName: name(r.targetId),
          path: f.file.path,
          line: r.line,
        });
      }
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
   * @param callerIds - Caller handles.
   * @returns Their call edges by path, line, callee text.
   */
  async callsFrom(callerIds: readonly number[]): Promise<readonly CallEdgeRow[]> {
    const wanted = new Set(callerIds);
    return this.calls.filter((c) => wanted.has(c.callerId)).sort(byPathLine((c) => c.calleeText));
  }

  /**
   * @param targetIds - Target handles.
   * @returns Call edges resolved to them by path, line, caller.
   */
  async callsTo(targetIds: readonly number[]): Promise<readonly CallEdgeRow[]> {
    const wanted = new Set(targetIds);
    return this.calls
      .filter((c) => c.targetId !== null && wanted.has(c.targetId))
      .sort(byPathLine((c) => c.callerQualifiedName));
  }

  /**
   * @param ownerIds - Owner handles.
   * @returns Their references by path, line, target text.
   */
  async referencesFrom(ownerIds: readonly number[]): Promise<readonly ReferenceRow[]> {
    const wanted = new Set(ownerIds);
    return this.references.filter((r) => wanted.has(r.ownerId)).sort(byPathLine((r) => r.targetText));
  }

  /**
   * @param targetIds - Target handles.
   * @returns References resolved to them by path, line, owner.
   */
  async referencesTo(targetIds: readonly number[]): Promise<readonly ReferenceRow[]> {
    const wanted = new Set(targetIds);
    return this.references
      .filter((r) => r.targetId !== null && wanted.has(r.targetId))
      .sort(byPathLine((r) => r.ownerQualifiedName));
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
