/**
 * Row insertion for the write session. Statements are prepared once per run and reused for every row; rows are
 * bound `ROWS_PER_STATEMENT` at a time through a multi-row `VALUES` statement, which measured about twice as fast as
 * one `run()` per row (the per-call cost of the binding layer dominates small rows). Ids are allocated in JavaScript
 * so child rows never wait for a `lastInsertRowid` round trip. With the phase recorder on, each table's statements are
 * timed as `persist <table>` (off, a mark is one boolean test per 64 rows).
 *
 * @packageDocumentation
 */
import type { Database, Statement } from 'better-sqlite3';
import type { AnalyzedFile, CallSite, FailedFile, SymbolRecord } from '../../core/model.js';
import { markPhase } from '../../core/phases.js';
import { fieldWordsOf } from '../../core/field-words.js';
import { EmbeddingColumnWriter } from './sqlite-embeddings.js';

/** Rows bound per execution of the multi-row statement. */
const ROWS_PER_STATEMENT = 64;

/** Buffers rows of one table and inserts them in multi-row statements. */
export class BatchedInsert {
  private readonly width: number;
  private readonly many: Statement;
  private readonly one: Statement;
  private readonly pending: unknown[] = [];
  /** Phase of this table's inserts (`persist symbols`, …); the row building around them stays in `persist`. */
  private readonly phase: string;

  /**
   * @param db - Writer connection.
   * @param table - Table name.
   * @param columns - Column names, in the order values are added.
   * @param verb - `INSERT` or `INSERT OR IGNORE` (rows that may already be stored).
   */
  constructor(db: Database, table: string, columns: readonly string[], verb = 'INSERT') {
    this.width = columns.length;
    const row = `(${columns.map(() => '?').join(', ')})`;
    const head = `${verb} INTO ${table} (${columns.join(', ')}) VALUES `;
    this.many = db.prepare(head + Array<string>(ROWS_PER_STATEMENT).fill(row).join(', '));
    this.one = db.prepare(head + row);
    this.phase = `persist ${table}`;
  }

  /**
   * Queue one row.
   *
   * @param values - One value per column.
   */
  add(...values: unknown[]): void {
    this.pending.push(...values);
    if (this.pending.length === this.width * ROWS_PER_STATEMENT) {
      markPhase(this.phase);
      this.many.run(this.pending);
      markPhase('persist');
      this.pending.length = 0;
    }
  }

  /** Insert the queued remainder. */
  flush(): void {
    if (this.pending.length === 0) return;
    markPhase(this.phase);
    for (let i = 0; i < this.pending.length; i += this.width) this.one.run(this.pending.slice(i, i + this.width));
    markPhase('persist');
    this.pending.length = 0;
  }
}

/** The handles a removed file's symbols had: consecutive from `first`, one per entry of `symbols` (`kind qualifiedName`). */
export interface SymbolBlock {
  readonly first: number;
  readonly symbols: string[];
}

/** The target each hint of an incremental run's removed edges had, per edge table. */
export interface PriorTargets {
  readonly calls: Map<string, number | null>;
  readonly refs: Map<string, number | null>;
}

/** Inserts analyzed files and failures into an open transaction. */
export class SqliteRowWriter {
  /** Next file id to allocate. */
  private nextFileId: number;
  /** Next symbol id to allocate. */
  private nextSymbolId: number;
  /** The first symbol id this writer allocates: every symbol (and edge owner) of the run is at or above it. */
  readonly firstSymbolId: number;
  private readonly dimension: number;
  /** Blocks an incremental run removed, by path: a re-analysed file with the same symbol sequence takes its own back. */
  private offered = new Map<string, SymbolBlock>();
  /**
   * Incremental runs: the target each hint of a removed call or reference had (`null`: none), written as the first
   * target of a new edge with that hint. The derived step re-resolves every edge of the run and writes only those whose
   * target differs (`sqlite-derived.ts`' `reresolve`), so a file analysed again after an edit that leaves its hints'
   * answers alone has nothing rewritten; any other value is corrected there.
   */
  private priorTargets: PriorTargets = { calls: new Map(), refs: new Map() };
  private readonly incremental: boolean;
  private readonly db: Database;
  /** `[first, last]` handles of the block the file being written took back, else `null` (set by `firstHandle`). */
  private takenBack: [number, number] | null = null;
  /** Whether {@link SqliteRowWriter.finish} ran. */
  private finished = false;
  /**
   * `[first, last]` handles of the blocks taken back. Edges of other files that named these symbols keep their
   * targets (no rewrite of a file's fan-in when an edit leaves its symbols in place); the run re-resolves the edges
   * these symbols own and recounts their metrics like those of new symbols.
   */
  readonly reusedBlocks: [number, number][] = [];
  private tables: readonly BatchedInsert[];
  private readonly files: BatchedInsert;
  private readonly symbols: BatchedInsert;
  private readonly calls: BatchedInsert;
  private readonly refs: BatchedInsert;
  private readonly findings: BatchedInsert;
  private readonly embeddings: EmbeddingColumnWriter;
  private readonly fieldWords: BatchedInsert;
  /**
   * Incremental runs: each stored word list again, in the trigram index that finds the lists holding a search string
   * (schema 8). A full run fills that index in one statement once every list is stored (`SqliteWriteSession`).
   */
  private readonly fieldTrigrams: BatchedInsert | null;
  private readonly failures: BatchedInsert;

  /**
   * @param db - Writer connection; tables must exist.
   * @param dimension - Embedding dimension from the run's inventory (0: no embeddings are stored).
   * @param incremental - Whether the tables hold a previous run's rows.
   */
  constructor(db: Database, dimension: number, incremental: boolean) {
    const next = (table: string): number =>
      db.prepare(`SELECT coalesce(max(id), 0) + 1 FROM ${table}`).pluck().get() as number;
    this.nextFileId = next('files');
    this.nextSymbolId = next('symbols');
    this.firstSymbolId = this.nextSymbolId;
    this.dimension = dimension;
    const table = (name: string, columns: string): BatchedInsert => new BatchedInsert(db, name, columns.split(' '));
    this.files = table('files', 'id path hash size mtime_ms analyzer language module');
    this.symbols = table(
      'symbols',
      'id file_id qualified_name name kind start_line end_line signature docstring exported slot_types',
    );
    this.incremental = incremental;
    this.db = db;
    // Only incremental runs write a first target (a full run resolves every edge with one `UPDATE`).
    const target = incremental ? ' target_id' : '';
    this.calls = table('calls', `caller_id callee_text target_hint line${target}`);
    this.refs = table('refs', `owner_id target_text target_hint line${target}`);
    this.findings = table('findings', 'file_id rule line symbol message');
    const verb = incremental ? 'INSERT OR REPLACE' : 'INSERT';
    this.embeddings = new EmbeddingColumnWriter(
      db,
      dimension,
      incremental,
      (name, columns) => new BatchedInsert(db, name, columns, verb),
    );
    this.fieldWords = table('field_words', 'file_id first_symbol_id words postings irregular');
    this.fieldTrigrams = incremental ? table('field_trigrams', 'rowid words') : null;
    this.failures = table('failures', 'path hash size mtime_ms analyzer reason');
    this.tables = [this.files, this.symbols, this.calls, this.refs, this.findings, this.fieldWords, this.failures];
    if (this.fieldTrigrams !== null) this.tables = [...this.tables, this.fieldTrigrams];
  }

  /**
   * Offer the handle blocks of the files an incremental run removed (before any file is written).
   *
   * @param blocks - By path.
   */
  offerBlocks(blocks: Map<string, SymbolBlock>): void {
    this.offered = blocks;
  }

  /**
   * Offer the targets the hints of an incremental run's removed edges had (before any file is written).
   *
   * @param targets - By hint, per edge table.
   */
  offerTargets(targets: PriorTargets): void {
    this.priorTargets = targets;
  }

  /**
   * The first handle of a file's symbols: its removed block when the symbols are the same `(kind, qualified name)`
   * sequence (the same symbols, so every edge that named one still names it), else a new block above every handle.
   * When the block is the highest one (no handle above it, none allocated yet by this run) and the old sequence is a
   * prefix of the new one (symbols added at the end: what repeated edits of one file often do, and once a file has
   * been re-analysed its block is the highest), the block is taken back and extended: the old symbols keep their
   * handles and the added ones take the next handles above every handle, as a new block would.
   *
   * @param path - The file.
   * @param symbols - Its symbols, in order.
   * @returns The first handle.
   */
  private firstHandle(path: string, symbols: readonly SymbolRecord[]): number {
    this.takenBack = null;
    const block = this.offered.get(path);
    this.offered.delete(path);
    if (block !== undefined && symbols.length > 0) {
      const kept = block.symbols.length;
      const end = block.first + kept;
      const grows = kept < symbols.length && end === this.nextSymbolId && end === this.firstSymbolId;
      if (
        (kept === symbols.length || grows) &&
        block.symbols.every((key, i) => key === `${symbols[i]!.kind} ${symbols[i]!.qualifiedName}`)
      ) {
        this.reusedBlocks.push([block.first, end - 1]);
        this.takenBack = [block.first, end - 1];
        // The added symbols' handles are at or above `firstSymbolId`, where the run's new blocks are.
        if (grows) this.nextSymbolId = block.first + symbols.length;
        return block.first;
      }
    }
    const first = this.nextSymbolId;
    this.nextSymbolId += symbols.length;
    return first;
  }

  /**
   * Queue every row of one analyzed file; {@link SqliteRowWriter.flush} completes the insert.
   *
   * @param analyzed - The file; its embeddings must hold one vector per symbol (or none when the dimension is 0).
   * @returns The handle of its first symbol (the others follow in order).
   */
  writeFile(analyzed: AnalyzedFile): number {
    const { file, analysis, embeddings } = analyzed;
    const symbolCount = analysis.symbols.length;
    const expected = symbolCount * this.dimension;
    if (embeddings.length !== expected) {
      throw new RangeError(
        `${file.path}: expected ${expected} embedding values (${symbolCount} symbols × ${this.dimension}), got ${embeddings.length}`,
      );
    }
    // Validate before queueing anything, so a bad file never leaves rows behind, even inside the transaction.
    const badIndex = (index: number): boolean => !Number.isInteger(index) || index < 0 || index >= symbolCount;
    const badEdge =
      analysis.calls.find((c) => badIndex(c.callerIndex)) ?? analysis.references.find((r) => badIndex(r.ownerIndex));
    if (badEdge) throw new RangeError(`${file.path}: edge at line ${badEdge.line} points at no symbol of the file`);

    const fileId = this.nextFileId++;
    const firstId = this.firstHandle(file.path, analysis.symbols);
    this.files.add(
      fileId,
      file.path,
      file.hash,
      file.size,
      file.mtimeMs,
      file.analyzer,
      analysis.language,
      analysis.module,
    );
    analysis.symbols.forEach((s, i) => {
      this.symbols.add(
        firstId + i,
        fileId,
        s.qualifiedName,
        s.name,
        s.kind,
        s.startLine,
        s.endLine,
        s.signature,
        s.docstring,
        s.exported ? 1 : 0,
        s.slotTypes ?? null,
      );
    });
    if (this.incremental) {
      const { calls, refs } = this.priorTargets;
      const prior = (map: Map<string, number | null>, hint: string | null): number | null =>
        hint === null ? null : (map.get(hint) ?? null);
      const kept = this.keptCalls(firstId, analysis.calls);
      for (let i = kept; i < analysis.calls.length; i++) {
        const c = analysis.calls[i]!;
        this.calls.add(firstId + c.callerIndex, c.calleeText, c.targetHint, c.line, prior(calls, c.targetHint));
      }
      for (const r of analysis.references) {
        this.refs.add(firstId + r.ownerIndex, r.targetText, r.targetHint, r.line, prior(refs, r.targetHint));
      }
    } else {
      for (const c of analysis.calls) this.calls.add(firstId + c.callerIndex, c.calleeText, c.targetHint, c.line);
      for (const r of analysis.references) this.refs.add(firstId + r.ownerIndex, r.targetText, r.targetHint, r.line);
    }
    for (const f of analysis.findings) this.findings.add(fileId, f.rule, f.line, f.symbol, f.message);
    if (symbolCount > 0) {
      const words = fieldWordsOf(analysis.symbols);
      const postings = Buffer.from(words.postings.buffer, words.postings.byteOffset, words.postings.byteLength);
      this.fieldWords.add(fileId, firstId, words.words, postings, words.irregular);
      this.fieldTrigrams?.add(fileId, words.words);
    }
    if (expected > 0) this.embeddings.add(fileId, firstId, embeddings);
    return firstId;
  }

  /**
   * Incremental runs: how many of a file's calls are stored already. The calls of removed symbols stay until
   * {@link SqliteRowWriter.finish} (`temp.gone_call_owners`); a file that took its block back keeps them when they
   * are, in insertion order, the first of its new calls (same owner handle, text, hint and line: an edit below the
   * last call, a comment, a function appended), and only the rest is inserted, so the table holds the file's calls in
   * the order a fresh insert would. Otherwise its old calls are deleted here (their handles are the new calls' too).
   *
   * @param firstId - The file's first handle.
   * @param calls - Its calls, in order.
   * @returns How many of them are kept (0 when its block is new).
   */
  private keptCalls(firstId: number, calls: readonly CallSite[]): number {
    const block = this.takenBack;
    if (block === null) return 0;
    const [lo, hi] = block;
    const old = this.db
      .prepare(
        'SELECT caller_id, callee_text, target_hint, line FROM calls WHERE caller_id BETWEEN ? AND ? ORDER BY rowid',
      )
      .raw()
      .all(lo, hi) as [number, string, string | null, number][];
    const same =
      old.length <= calls.length &&
      old.every(([caller, text, hint, line], i) => {
        const c = calls[i]!;
        return caller === firstId + c.callerIndex && text === c.calleeText && hint === c.targetHint && line === c.line;
      });
    if (!same) this.db.prepare('DELETE FROM calls WHERE caller_id BETWEEN ? AND ?').run(lo, hi);
    this.db.prepare('DELETE FROM temp.gone_call_owners WHERE id BETWEEN ? AND ?').run(lo, hi);
    return same ? old.length : 0;
  }

  /**
   * Queue one failure row.
   *
   * @param failure - The failed file and its reason.
   */
  writeFailure(failure: FailedFile): void {
    const { file, reason } = failure;
    this.failures.add(file.path, file.hash, file.size, file.mtimeMs, file.analyzer, reason);
  }

  /**
   * Files whose rows an incremental run deleted: their vectors leave their embedding chunks at {@link finish}.
   *
   * @param fileIds - Their handles.
   */
  removeFiles(fileIds: readonly number[]): void {
    this.embeddings.removeFiles(fileIds);
  }

  /** Write the embedding chunks; call once, after the run's last file and before the derived state is rebuilt. */
  finish(): void {
    this.embeddings.finish();
    if (this.incremental && !this.finished) {
      this.db.exec(`DELETE FROM calls WHERE caller_id IN (SELECT id FROM temp.gone_call_owners);
        DROP TABLE temp.gone_call_owners;`);
    }
    this.finished = true;
  }

  /** Insert every queued row; call before anything reads the tables and before the caller's batch is released. */
  flush(): void {
    for (const table of this.tables) table.flush();
  }
}
