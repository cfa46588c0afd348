/**
 * Memory backend write session: applies a run to an in-process snapshot and commits it by writing a staged JSON
 * file and publishing it over the active one (`../publish.ts`).
 *
 * @packageDocumentation
 */
import { statSync } from 'node:fs';
import type { CommitInfo, IndexSessionOptions, WriteSession } from '../../core/contracts.js';
import { CONTRACT_VERSION, type AnalyzedFile, type FailedFile } from '../../core/model.js';
import { compareText } from '../../core/text.js';
import { StagedFile } from '../publish.js';
import { rebuildDerivedState } from './memory-derived.js';
import type { MemoryFile, MemorySnapshot } from './memory-schema.js';
import { loadSnapshot, snapshotPath } from './memory-schema.js';

/** Write session over a JSON snapshot. */
export class MemoryWriteSession implements WriteSession {
  private snapshot: MemorySnapshot | null = null;
  private readonly options: IndexSessionOptions;
  private readonly staged: StagedFile;
  /** An incremental run's change: the removed rows and the files it stored. */
  private change: { gone: MemoryFile[]; fresh: Set<MemoryFile> } | null = null;

  /**
   * @param options - The run's options.
   */
  constructor(options: IndexSessionOptions) {
    this.options = options;
    this.staged = new StagedFile(snapshotPath(options.location));
  }

  /** Start from an empty snapshot (full) or the active one minus changed and deleted paths (incremental). */
  async prepare(): Promise<void> {
    const { mode, paths, location, meta } = this.options;
    if (mode === 'full') {
      this.snapshot = { contractVersion: CONTRACT_VERSION, meta, nextId: 1, files: [], failures: [] };
    } else {
      const previous = loadSnapshot(location);
      const gone = new Set([...paths.changed, ...paths.deleted]);
      this.change = { gone: previous.files.filter((f) => gone.has(f.file.path)), fresh: new Set() };
      this.snapshot = {
        contractVersion: CONTRACT_VERSION,
        meta,
        nextId: previous.nextId,
        files: previous.files.filter((f) => !gone.has(f.file.path)),
        failures: previous.failures.filter((f) => !gone.has(f.file.path)),
      };
    }
    await this.staged.prepare();
  }

  /**
   * Store a batch, allocating symbol handles in arrival order.
   *
   * @param batch - Analyzed files.
   */
  async persist(batch: readonly AnalyzedFile[]): Promise<void> {
    const snapshot = this.require();
    for (const { file, analysis, embeddings } of batch) {
      const symbols = analysis.symbols.map((symbol) => ({ ...symbol, id: snapshot.nextId++, fanIn: 0, fanOut: 0 }));
      const stored: MemoryFile = {
        file,
        language: analysis.language,
        module: analysis.module,
        symbols,
        calls: analysis.calls.map((call) => ({ ...call, targetId: null })),
        references: analysis.references.map((reference) => ({ ...reference, targetId: null })),
        findings: [...analysis.findings],
        embeddings: Buffer.from(embeddings.buffer, embeddings.byteOffset, embeddings.byteLength).toString('base64'),
      };
      snapshot.files.push(stored);
      this.change?.fresh.add(stored);
    }
  }

  /**
   * Store failures.
   *
   * @param failures - Files that failed in this run.
   */
  async recordFailures(failures: readonly FailedFile[]): Promise<void> {
    this.require().failures.push(...failures);
  }

  /** Resolve edges (an incremental run: only those it can affect) and recompute metrics. */
  async rebuildDerived(): Promise<void> {
    rebuildDerivedState(this.require().files, this.change ?? undefined);
  }

  /**
   * Write the snapshot to the staged file and publish it.
   *
   * @returns The snapshot's size.
   */
  async commit(): Promise<CommitInfo> {
    const snapshot = this.require();
    snapshot.files.sort((a, b) => compareText(a.file.path, b.file.path));
    snapshot.failures.sort((a, b) => compareText(a.file.path, b.file.path));
    await this.staged.write(JSON.stringify(snapshot));
    const identity = await this.staged.publish();
    this.snapshot = null;
    return { sizeBytes: statSync(this.staged.activePath).size, ...(identity === null ? {} : { identity }) };
  }

  /** Drop the run's state; the active snapshot was never touched. */
  async abort(): Promise<void> {
    this.snapshot = null;
    await this.staged.discard();
  }

  /** Nothing to release beyond what `abort` does. */
  async close(): Promise<void> {
    await this.abort();
  }

  private require(): MemorySnapshot {
    if (!this.snapshot) throw new Error('memory write session used before prepare() or after commit()');
    return this.snapshot;
  }
}
