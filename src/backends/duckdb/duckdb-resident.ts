/**
 * How a long-lived DuckDB read session (`keepResident`: the MCP server) builds its resident indexes: on a second
 * connection to the same database, so that requests neither queue behind a build nor hold it up (DuckDB runs the two
 * connections' queries on two threads), and each on first demand, so that a session pays only for what it is asked:
 * the name index at once (every lookup uses it), the resolved edges when a lookup first wants them, the listing order
 * when `listSymbols` is first called. The request that asks first is answered from the store, like every request until
 * the index is in place.
 *
 * @packageDocumentation
 */
import type { NativeReadConnection } from './duckdb-native.js';
import type { ResidentIndexes } from './duckdb-read-files.js';

/** Name of one resident index. */
export type ResidentName = keyof ResidentIndexes;

/** How each resident index is read, given the connection to read it on. */
export type ResidentBuilders = {
  readonly [K in ResidentName]-?: (db: NativeReadConnection) => Promise<NonNullable<ResidentIndexes[K]>>;
};

/** Builds a session's resident indexes in the background, each once, and stops with the session. */
export class ResidentLoader {
  private kept = false;
  private closing = false;
  private sibling: Promise<NativeReadConnection> | undefined;
  private readonly loads = new Map<ResidentName, Promise<void>>();

  /**
   * @param db - The session's connection (the second connection is opened on its database).
   * @param views - Statements giving the second connection the session's tables (the overlay's views), if any.
   * @param resident - Where each index is set once built.
   * @param builders - How each index is read.
   */
  constructor(
    private readonly db: NativeReadConnection,
    private readonly views: string | null,
    private readonly resident: ResidentIndexes,
    private readonly builders: ResidentBuilders,
  ) {}

  /** @returns Whether the session was declared long-lived ({@link ResidentLoader.start}). */
  get longLived(): boolean {
    return this.kept;
  }

  /**
   * The session is long-lived: start the name index.
   *
   * @returns Resolves when the name index is in place.
   */
  start(): Promise<void> {
    if (this.closing) return Promise.reject(new Error('the DuckDB read session is closing'));
    this.kept = true;
    return this.want('names');
  }

  /**
   * Ask for an index; nothing happens unless the session is long-lived.
   *
   * @param name - The index.
   * @returns Resolves when it is in place (or at once when it will not be built).
   */
  want(name: ResidentName): Promise<void> {
    if (!this.kept || this.closing) return Promise.resolve();
    let load = this.loads.get(name);
    if (!load) {
      load = this.build(name);
      this.loads.set(name, load);
      load.catch(() => undefined); // a failed build leaves the reads on the store
    }
    return load;
  }

  /** @returns Resolves when every build started so far has finished or failed. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.loads.values()]);
  }

  /** Stop: interrupt the running build, wait for the started ones, close the second connection. */
  async close(): Promise<void> {
    this.closing = true;
    const sibling = await this.sibling?.catch(() => undefined);
    sibling?.interrupt();
    await this.settled();
    sibling?.close();
  }

  private async build<K extends ResidentName>(name: K): Promise<void> {
    this.sibling ??= this.db.sibling(this.views);
    const db = await this.sibling;
    if (this.closing) throw new Error('the DuckDB read session is closing');
    const built = await this.builders[name](db);
    if (!this.closing) (this.resident as Record<ResidentName, unknown>)[name] = built;
  }
}
