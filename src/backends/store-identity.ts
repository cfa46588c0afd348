/**
 * Store identities: a cheap, `stat`-only answer to "is the committed index still the one I described?", which lets a
 * warm no-op index run trust the stored-state snapshot (`src/core/stored-state.ts`) instead of loading the engine and
 * opening the index. Nothing here opens a store file: a raw `open`/`close` of a SQLite file would drop the POSIX locks
 * of every SQLite connection of the process (e.g. the MCP server's reader).
 *
 * A file's identity is its device, inode, size and modification time in nanoseconds. A publish by rename brings a
 * new inode; an in-place change (SQLite's incremental commit) writes pages, which moves the modification time.
 * `ctime` is left out on purpose: the rename that publishes a staged file changes it, so the identity taken from the
 * staged file before the rename would never match the published one.
 *
 * @packageDocumentation
 */
import { existsSync, lstatSync } from 'node:fs';

/** The identity of a file that does not exist (e.g. no DuckDB overlay). */
export const ABSENT = '-';

/**
 * Identity of one store file.
 *
 * @param path - The file.
 * @returns `dev:ino:size:mtimeNs`, {@link ABSENT} when there is no such file, `null` when it is something other than
 *   a regular file or cannot be inspected (doubt: the caller must not trust a snapshot).
 */
export function fileIdentity(path: string): string | null {
  try {
    const stat = lstatSync(path, { bigint: true });
    return stat.isFile() ? `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}` : null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? ABSENT : null;
  }
}

/**
 * Identity of a single-file store whose absence means "no index": `null` when missing, when in doubt, or when any of
 * the sidecars exists (a SQLite `-journal` means a write transaction is in progress or was interrupted).
 *
 * @param path - The store file.
 * @param sidecars - Suffixes of files beside it whose presence makes the state uncertain.
 * @returns The identity, or `null`.
 */
export function singleFileIdentity(path: string, sidecars: readonly string[] = []): string | null {
  if (sidecars.some((suffix) => existsSync(`${path}${suffix}`))) return null;
  const identity = fileIdentity(path);
  return identity === ABSENT ? null : identity;
}
