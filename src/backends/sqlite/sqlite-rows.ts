/**
 * Row insertion for the write session: one prepared statement per table, reused for every row of the run, and ids
 * allocated in JavaScript so child rows never wait for a `lastInsertRowid` round trip.
 *
 * @packageDocumentation
 */
import type { Database, Statement } from 'better-sqlite3';
import type { AnalyzedFile, FailedFile } from '../../core/model.js';

/** Inserts analyzed files and failures into an open transaction. */
export class SqliteRowWriter {
  /** Next file id to allocate. */
  private nextFileId: number;
  /** Next symbol id to allocate. */
  private nextSymbolId: number;
  /** Id of the first symbol this writer allocated. */
  readonly firstSymbolId: number;
  private readonly dimension: number;
  private readonly insertFile: Statement;
  private readonly insertSymbol: Statement;
  private readonly insertCall: Statement;
  private readonly insertRef: Statement;
  private readonly insertFinding: Statement;
  private readonly insertEmbedding: Statement;
  private readonly insertFailure: Statement;

  /**
   * @param db - Writer connection; tables must exist.
   * @param dimension - Embedding dimension from the run's inventory (0: no embeddings are stored).
   */
  constructor(db: Database, dimension: number) {
    const next = (table: string): number =>
      (db.prepare(`SELECT coalesce(max(id), 0) + 1 FROM ${table}`).pluck().get() as number) ?? 1;
    this.nextFileId = next('files');
    this.nextSymbolId = next('symbols');
    this.firstSymbolId = this.nextSymbolId;
    this.dimension = dimension;
    this.insertFile = db.prepare(
      'INSERT INTO files (id, path, hash, size, mtime_ms, analyzer, language, module) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertSymbol = db.prepare(
      `INSERT INTO symbols (id, file_id, qualified_name, name, kind, start_line, end_line, signature, docstring, exported)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertCall = db.prepare('INSERT INTO calls (caller_id, callee_text, target_hint, line) VALUES (?, ?, ?, ?)');
    this.insertRef = db.prepare('INSERT INTO refs (owner_id, target_text, target_hint, line) VALUES (?, ?, ?, ?)');
    this.insertFinding = db.prepare(
      'INSERT INTO findings (file_id, rule, line, symbol, message) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertEmbedding = db.prepare('INSERT INTO embeddings (symbol_id, vector) VALUES (?, ?)');
    this.insertFailure = db.prepare(
      'INSERT INTO failures (path, hash, size, mtime_ms, analyzer, reason) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  /**
   * Insert every row of one analyzed file.
   *
   * @param analyzed - The file; its embeddings must hold one vector per symbol (or none when the dimension is 0).
   */
  writeFile(analyzed: AnalyzedFile): void {
    const { file, analysis, embeddings } = analyzed;
    const symbolCount = analysis.symbols.length;
    const expected = symbolCount * this.dimension;
    if (embeddings.length !== expected) {
      throw new RangeError(
        `${file.path}: expected ${expected} embedding values (${symbolCount} symbols × ${this.dimension}), got ${embeddings.length}`,
      );
    }
    // Validate before the first insert so a bad file never leaves rows behind, even inside the transaction.
    const badIndex = (index: number): boolean => !Number.isInteger(index) || index < 0 || index >= symbolCount;
    const badEdge =
      analysis.calls.find((c) => badIndex(c.callerIndex)) ?? analysis.references.find((r) => badIndex(r.ownerIndex));
    if (badEdge) throw new RangeError(`${file.path}: edge at line ${badEdge.line} points at no symbol of the file`);
    const fileId = this.nextFileId++;
    const firstId = this.nextSymbolId;
    this.nextSymbolId += symbolCount;

    this.insertFile.run(
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
      this.insertSymbol.run(
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
      );
    });
    for (const c of analysis.calls) {
      this.insertCall.run(firstId + c.callerIndex, c.calleeText, c.targetHint, c.line);
    }
    for (const r of analysis.references) {
      this.insertRef.run(firstId + r.ownerIndex, r.targetText, r.targetHint, r.line);
    }
    for (const f of analysis.findings) this.insertFinding.run(fileId, f.rule, f.line, f.symbol, f.message);
    if (this.dimension > 0) {
      const bytes = this.dimension * 4;
      for (let i = 0; i < symbolCount; i++) {
        // A view, not a copy: SQLite copies the bytes when it binds the blob. Float32Array is little-endian here.
        const view = Buffer.from(embeddings.buffer, embeddings.byteOffset + i * bytes, bytes);
        this.insertEmbedding.run(firstId + i, view);
      }
    }
  }

  /**
   * Insert one failure row.
   *
   * @param failure - The failed file and its reason.
   */
  writeFailure(failure: FailedFile): void {
    const { file, reason } = failure;
    this.insertFailure.run(file.path, file.hash, file.size, file.mtimeMs, file.analyzer, reason);
  }
}
