/**
 * A record of one directory walk, so that a later walk of an unchanged tree costs one `lstat` per folder instead of
 * listing every folder (on a tree of 2,400 folders, Django's locale folders, listing and the entries' objects cost
 * ~60 ms of CPU against ~8 ms for the `lstat`s).
 *
 * A folder's entries change only with its modification time (creating, removing or renaming an entry updates it), so
 * a walk whose every folder and every `.gitignore` it read still has the recorded identity (device, inode, size,
 * modification time in ns) would find exactly the recorded files. The replay is all or nothing: one difference and the
 * caller walks the tree. A record is not made when the walk met anything it reports (an unreadable folder, a name
 * that is not text), nor when a folder or `.gitignore` was modified within {@link RACY_MS} before the walk started:
 * the file system's clock is coarse, so a change in the same tick as the walk would leave the same time behind (git's
 * "racily clean" rule). The record is kept in the stored-state snapshot (`stored-state.ts`).
 *
 * The record keeps the files the scan's claim test accepted, not every file found: on a tree of many unclaimed files
 * (Django: 3,500 files, 944 claimed) asking ten analyzers about every path was ~14 ms of CPU per warm no-op, more
 * than replaying the folders. So a record replays only for the same claim test; the indexer keeps it in the snapshot,
 * which it trusts only under the same analyzer inventory (names and versions, which cover what each claims).
 *
 * @packageDocumentation
 */
import { identityStat } from './fast-stat.js';

/** Changes this close to (or after) the walk's start make its record untrustworthy. */
export const RACY_MS = 2000;

/** What a directory walk saw. */
export interface WalkRecord {
  /** Every folder listed and every `.gitignore` read, as `[repository-relative path, identity]`. */
  readonly entries: readonly (readonly [path: string, identity: string])[];
  /** The files the walk found that the scan's claim test accepted. */
  readonly claimed: readonly string[];
  /**
   * Why `git ls-files` need not run again (`scanner.ts`, {@link GitGuard}): absent when none was tried for this
   * record, `null` when none could be made.
   */
  readonly git?: GitGuard | null;
}

/**
 * The evidence that git lists nothing in the repository: it lies inside an enclosing work tree's ignored folder
 * (`git check-ignore` said so), and nothing git's answer depends on has changed since — the identity of every folder
 * from the root up to the work tree's top (a `.git` or `.gitignore` created or removed in one), each `.gitignore` in
 * the folders above the root, the work tree's `.git/index` (files added to it by force), `.git/info/exclude`,
 * `.git/config`, the user's and system's git configuration and global ignore file, and the `GIT_*` variables. Made
 * only when none of those variables moves the repository, index or configuration and no configuration file names an
 * `excludesFile` or an `include`.
 */
export interface GitGuard {
  /**
   * `[absolute path, identity or 'absent']`, in the order the scanner lists them; the first is `env:` and the `GIT_*`
   * variables, its own identity.
   */
  readonly entries: readonly (readonly [path: string, identity: string])[];
}

/**
 * The identity of a folder or file, or `null` when it cannot be inspected.
 *
 * @param absolute - Absolute path.
 * @returns Identity and modification time in ms.
 */
export function identityOf(absolute: string): { identity: string; mtimeMs: number } | null {
  return identityStat(absolute);
}

/** Collects a {@link WalkRecord} while a walk runs. */
export class WalkRecorder {
  private readonly entries: [string, string][] = [];
  private readonly startedMs = Date.now();
  private spoiled = false;

  /**
   * Note a folder about to be listed or a `.gitignore` about to be read (before, so a change during the walk moves
   * the time past the recorded one).
   *
   * @param path - Repository-relative path.
   * @param absolute - Absolute path.
   */
  saw(path: string, absolute: string): void {
    if (this.spoiled) return;
    const seen = identityOf(absolute);
    if (seen === null || seen.mtimeMs >= this.startedMs - RACY_MS) this.spoiled = true;
    else this.entries.push([path, seen.identity]);
  }

  /** The walk reported something (a replay could not report it again): make no record. */
  spoil(): void {
    this.spoiled = true;
  }

  /**
   * The record of the finished walk.
   *
   * @param claimed - The files it found that the claim test accepted.
   * @returns The record, or `null` when none may be made.
   */
  finish(claimed: readonly string[]): WalkRecord | null {
    return this.spoiled ? null : { entries: this.entries, claimed };
  }
}

/**
 * The claimed files of a recorded walk, if every recorded folder and `.gitignore` is unchanged.
 *
 * @param base - What makes a repository-relative path a path to inspect: the absolute root with a trailing `/`, or
 *   `''` when the working folder is the root (`scanner.ts`'s `fromRoot`).
 * @param record - A record (possibly malformed: it comes from a file).
 * @returns The recorded claimed files, or `null` when anything differs and the tree must be walked.
 */
export function replayWalk(base: string, record: WalkRecord): string[] | null {
  if (!Array.isArray(record.entries) || !Array.isArray(record.claimed)) return null;
  const rootPath = base === '' ? '.' : base;
  for (const entry of record.entries) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') return null;
    const seen = identityOf(entry[0] === '' ? rootPath : `${base}${entry[0]}`);
    if (seen === null || seen.identity !== entry[1]) return null;
  }
  return record.claimed.every((file) => typeof file === 'string') ? [...record.claimed] : null;
}
