/**
 * The logical data model of a codira index, defined once and shared by the analyzers, the core pipeline, the query
 * layer and every storage backend.
 *
 * Analyzers produce {@link AnalyzedFile} values; backends persist them and answer queries with the `*Row` types. Row
 * `id` fields are backend-local handles for follow-up lookups within one read session: they are never printed, so two
 * backends may number rows differently and still produce identical query output.
 *
 * @packageDocumentation
 */

/**
 * Every kind of symbol an analyzer may emit (backends derive stored enumerations from this list). Beyond the
 * Python/TypeScript kinds: `struct`, `union`, `trait`, `namespace` and `macro` (a function-like macro: callable) for
 * C, C++, Go and Rust; `section` (a Markdown heading) and `key` (a JSON object member) for documentation and
 * configuration files.
 */
export const SYMBOL_KINDS = Object.freeze([
  'module',
  'class',
  'function',
  'method',
  'interface',
  'type',
  'enum',
  'variable',
  'struct',
  'union',
  'trait',
  'namespace',
  'macro',
  'section',
  'key',
] as const);

/** Kinds of symbol an analyzer may emit. */
export type SymbolKind = (typeof SYMBOL_KINDS)[number];

/** Symbol kinds that can be the target of a call edge or a callable reference (resolution rule 1). */
export const CALLABLE_KINDS: readonly SymbolKind[] = Object.freeze(['class', 'function', 'method', 'macro']);

/** Symbol kinds an unqualified name resolves to when exactly one symbol of them has that name (resolution rule 2). */
export const NAME_RESOLVABLE_KINDS: readonly SymbolKind[] = Object.freeze(['class', 'function']);

/**
 * Kinds the callee part of a deferred candidate answers among (rule 1): callables, variables (their declared type),
 * interfaces and type aliases (their heritage, the types an alias of a union names, declared property types).
 */
export const SLOT_HOLDER_KINDS: readonly SymbolKind[] = Object.freeze([
  ...CALLABLE_KINDS,
  'variable',
  'interface',
  'type',
]);

/** Kinds the callee part of a deferred candidate answers among by a one-segment suffix (rule 2). */
export const NAME_RESOLVABLE_HOLDER_KINDS: readonly SymbolKind[] = Object.freeze([
  ...NAME_RESOLVABLE_KINDS,
  'variable',
]);

/** One symbol definition as an analyzer reports it. */
export interface SymbolRecord {
  /** Dotted qualified name, e.g. `pkg.mod.Class.method` (Python) or `src/util/map.map` (TypeScript). */
  readonly qualifiedName: string;
  /** Short name: the last segment of the qualified name. */
  readonly name: string;
  readonly kind: SymbolKind;
  /** 1-based first line of the definition (decorators excluded). */
  readonly startLine: number;
  /** 1-based last line of the definition. */
  readonly endLine: number;
  /** One-line signature as written, e.g. `def get(url, params=None, **kwargs)`. */
  readonly signature: string;
  /** Documentation text with comment markers removed, or `null` when the symbol has none. */
  readonly docstring: string | null;
  /** Whether the symbol is part of the file's public surface (exported in TS, not `_`-prefixed in Python). */
  readonly exported: boolean;
  /**
   * Declared types of a callable's slots, for deferred candidates (`docs/architecture/index-semantics.md`): entries
   * `;slot=T1,T2;` where `slot` is `r` (the return type) or `a<i>.p<j>` (parameter `j` of the function passed as
   * argument `i`) and `T1,T2` are the type's candidates (qualified names or `prefix*suffix`), most specific first.
   * Absent when the analyzer records none.
   */
  readonly slotTypes?: string;
}

/** Separates the candidates of a {@link CallSite.targetHint}. */
export const HINT_SEPARATOR = '|';

/** Separates the three parts of a deferred candidate `callees~slot~member`. */
export const DEFERRED_SEPARATOR = '~';

/** Separates the callee candidates of a deferred candidate and the type candidates of a slot entry. */
export const LIST_SEPARATOR = ',';

/** Opens a value candidate `=Q`: the variable named `Q` (a constant bound to a class or a factory's result). */
export const VALUE_PREFIX = '=';

/** The kind a value candidate answers among (resolution rule 1b). */
export const VALUE_KIND: SymbolKind = 'variable';

/** A call site inside a file. */
export interface CallSite {
  /** Index into the same file's `symbols` of the innermost enclosing symbol (the module symbol at top level). */
  readonly callerIndex: number;
  /** The callee as written, e.g. `foo`, `self.save`, `np.array`. */
  readonly calleeText: string;
  /**
   * Resolution candidates in order of preference, joined by {@link HINT_SEPARATOR}: qualified names,
   * `prefix*suffix` for "the only callable under `prefix` whose qualified name ends with `.suffix`", or deferred
   * `callees~slot~member` for "`member` of the type another callable declares for `slot`"
   * (`docs/architecture/index-semantics.md`); `null` when the callee cannot be a symbol of the code base (a local, a
   * parameter, another package).
   */
  readonly targetHint: string | null;
  /** 1-based line of the call. */
  readonly line: number;
}

/** A callable used as a value: passed as an argument, assigned, or registered (e.g. `map(fn, xs)`). */
export interface CallableReference {
  /** Index into the same file's `symbols` of the innermost enclosing symbol. */
  readonly ownerIndex: number;
  /** The referenced name as written. */
  readonly targetText: string;
  /** Resolution candidates of the referenced callable, as {@link CallSite.targetHint}, or `null`. */
  readonly targetHint: string | null;
  /** 1-based line of the reference. */
  readonly line: number;
}

/** A documentation finding computed at index time so that `audit` is a cheap read. */
export interface AuditFinding {
  /** Stable rule id, e.g. `PY001` or `TS002`. */
  readonly rule: string;
  /** 1-based line the finding points at. */
  readonly line: number;
  /** Qualified name of the symbol the finding is about. */
  readonly symbol: string;
  /** Human-readable explanation. */
  readonly message: string;
}

/** What an analyzer extracts from one source file. */
export interface FileAnalysis {
  /** Language tag, e.g. `python` or `typescript`. */
  readonly language: string;
  /** Dotted module name of the file. */
  readonly module: string;
  /** Symbols in source order; index 0 is the module symbol. */
  readonly symbols: readonly SymbolRecord[];
  readonly calls: readonly CallSite[];
  readonly references: readonly CallableReference[];
  readonly findings: readonly AuditFinding[];
}

/** Identity and freshness data of one indexed file. */
export interface FileRecord {
  /** Repository-relative path with `/` separators. */
  readonly path: string;
  /** Hex content hash. */
  readonly hash: string;
  /** Size in bytes. */
  readonly size: number;
  /** Modification time in milliseconds (integer), used for the stat shortcut on warm runs. */
  readonly mtimeMs: number;
  /** Name of the analyzer that owns the file. */
  readonly analyzer: string;
}

/** A successfully analyzed file, ready to persist: the unit of a write batch. */
export interface AnalyzedFile {
  readonly file: FileRecord;
  readonly analysis: FileAnalysis;
  /**
   * One L2-normalised float32 vector per symbol, concatenated in symbol order
   * (`symbols.length × dimension` values).
   */
  readonly embeddings: Float32Array;
}

/** A file that could not be indexed. It is reported and stored as a failure, never as partial rows. */
export interface FailedFile {
  readonly file: FileRecord;
  /** Why it failed, e.g. `parse error at line 3` or `binary file`. */
  readonly reason: string;
}

/** A symbol row as backends return it. */
export interface SymbolRow extends SymbolRecord {
  /** Backend-local handle; never printed. */
  readonly id: number;
  readonly path: string;
  readonly module: string;
  readonly language: string;
}

/**
 * The fields of a {@link SymbolRow} that place and order it (`compareSymbols`) and name it: what a ranking needs of its
 * candidates before it knows which it will print (`ReadSession.symbolOutlinesById`).
 */
export type SymbolOutline = Pick<SymbolRow, 'id' | 'path' | 'qualifiedName' | 'kind' | 'startLine' | 'endLine'>;

/**
 * A {@link SymbolOutline} with the texts a context pack prints of it (`ReadSession.symbolCardsById`): a symbol row
 * without its short name, export flag, module and language.
 */
export type SymbolCard = SymbolOutline & Pick<SymbolRow, 'signature' | 'docstring'>;

/**
 * What a listing shows of a symbol with its metrics ({@link SymbolMetricsRow}'s fields without its file's module and
 * language and without name, end line, signature, docstring and export flag).
 */
export type RankedSymbolRow = Pick<
  SymbolMetricsRow,
  'id' | 'qualifiedName' | 'kind' | 'path' | 'startLine' | 'fanIn' | 'fanOut'
>;

/**
 * A {@link SymbolMetricsRow} cut to its {@link RankedSymbolRow} fields.
 *
 * @param row - A listed row.
 * @returns Its ranked fields only.
 */
export function rankedRow(row: SymbolMetricsRow): RankedSymbolRow {
  const { id, qualifiedName, kind, path, startLine, fanIn, fanOut } = row;
  return { id, qualifiedName, kind, path, startLine, fanIn, fanOut };
}

/** A symbol row with call-graph metrics (derived state). */
export interface SymbolMetricsRow extends SymbolRow {
  /** Number of distinct symbols with a resolved call edge to this one. */
  readonly fanIn: number;
  /** Number of distinct symbols this one has a resolved call edge to. */
  readonly fanOut: number;
}

/** The two edge relations: static call sites and callables used as values. */
export type EdgeKind = 'call' | 'reference';

/**
 * Which end of an edge a lookup names: `from` the symbol whose body holds the call site or reference (its owner),
 * `to` the symbol the edge resolved to.
 */
export type EdgeDirection = 'from' | 'to';

/**
 * A stored call edge or callable reference with its derived resolution. Both relations have this one shape: the
 * owner is the caller (calls) or the referencing symbol (references), the target text is the callee or the
 * referenced name as written.
 */
export interface EdgeRow {
  /** Innermost symbol enclosing the call site or reference. */
  readonly ownerId: number;
  readonly ownerQualifiedName: string;
  /** The target as written, e.g. `self.save` or `np.array`. */
  readonly targetText: string;
  /** Resolved target symbol, or `null` when the text does not resolve to an indexed symbol. */
  readonly targetId: number | null;
  readonly targetQualifiedName: string | null;
  /** Path of the file holding the call site or reference. */
  readonly path: string;
  readonly line: number;
}

/** An {@link EdgeRow} without the names at its ends (`ReadSession.callEdgeEnds`). */
export type EdgeEnds = Pick<EdgeRow, 'ownerId' | 'targetId' | 'path' | 'line'>;

/** A stored audit finding. */
export interface FindingRow extends AuditFinding {
  readonly path: string;
}

/** All stored embeddings as one matrix, so similarity search is a single pass over typed memory. */
export interface EmbeddingMatrix {
  /** Vector length. */
  readonly dimension: number;
  /** Symbol handle of each row of `vectors`. */
  readonly symbolIds: readonly number[];
  /** Row-major `symbolIds.length × dimension` float32 values. */
  readonly vectors: Float32Array;
}

/**
 * Stored embeddings as blocks of rows in any order (`ReadSession.embeddingsAnyOrder`): a store hands its own buffers
 * over instead of copying tens of megabytes into one array. Row `r` of the whole is the blocks' rows concatenated.
 */
export interface EmbeddingBlocks {
  /** Vector length. */
  readonly dimension: number;
  /** Symbol handle of each row, across the blocks in order. */
  readonly symbolIds: readonly number[];
  /** Row-major float32 values, each block a whole number of rows. */
  readonly blocks: readonly Float32Array[];
}

/**
 * Embedding similarities scored by the store (`ReadSession.nearestEmbeddings`): the rows that can rank, in any order.
 */
export interface NearestEmbeddings {
  /** Number of stored embeddings (one per symbol). */
  readonly total: number;
  /** Handle of each row returned. */
  readonly symbolIds: readonly number[];
  /** Each row's dot product with the query, bit-identical to the sum `scoreBlocks` takes in JavaScript. */
  readonly dots: Float64Array;
}

/** The analyzer inventory entry stored with an index: a change forces a full rebuild. */
export interface AnalyzerInventoryEntry {
  readonly name: string;
  readonly version: string;
  /** File extensions the analyzer claims, e.g. `.py`. */
  readonly extensions: readonly string[];
}

/** Everything about how an index was built; any difference from the current runtime forces a full rebuild. */
export interface IndexMeta {
  /** {@link CONTRACT_VERSION} at build time. */
  readonly contractVersion: number;
  /** Runtime inventory: the backend that wrote the index and its storage version. */
  readonly runtime: { readonly backend: string; readonly backendVersion: string };
  readonly analyzers: readonly AnalyzerInventoryEntry[];
  /** Embedder name, version and dimension. */
  readonly embedder: { readonly name: string; readonly version: string; readonly dimension: number };
}

/**
 * Contract and logical schema version. Stored in every index; an index written under another version is never read
 * (queries fail with a clear message, `codira index` rebuilds it).
 */
export const CONTRACT_VERSION = 6;
