/**
 * Repository watching for `codira mcp --watch`: a native recursive watcher (`@parcel/watcher`: inotify, FSEvents,
 * ReadDirectoryChangesW) whose events are filtered by the scanner's own rules — skipped folders, analyzer claims,
 * `.gitignore` — so only a change that an index run would see marks the index as pending.
 *
 * @packageDocumentation
 */
import { relative, sep } from 'node:path';
import { SKIPPED_DIRS, ignoreCheck, isCandidatePath } from '../core/scanner.js';

/** A running watcher. */
export interface RepositoryWatcher {
  /** Stop watching. */
  close(): Promise<void>;
}

/** Options of {@link watchRepository}. */
export interface WatchOptions {
  /** Absolute repository root. */
  readonly root: string;
  /** Absolute state directory; never reported (index runs write there). */
  readonly stateDir: string;
  /** Whether some analyzer wants a path. */
  readonly claims: (path: string) => boolean;
  /** Called once per event batch that contains at least one relevant change. */
  readonly onChange: (paths: readonly string[]) => void;
  /** Where watcher errors are reported. */
  readonly log: (message: string) => void;
}

/**
 * Start watching a repository.
 *
 * @param options - Root, filters and callbacks.
 * @returns The watcher.
 */
export async function watchRepository(options: WatchOptions): Promise<RepositoryWatcher> {
  const { subscribe } = await import('@parcel/watcher');
  const ignored = await ignoreCheck(options.root);
  const toRelative = (path: string): string => relative(options.root, path).split(sep).join('/');
  const subscription = await subscribe(
    options.root,
    (error, events) => {
      if (error) {
        options.log(`watcher error: ${error.message}`);
        return;
      }
      const candidates = [
        ...new Set(
          events
            .filter((event) => !event.path.startsWith(options.stateDir))
            .map((event) => toRelative(event.path))
            .filter((path) => !path.startsWith('..') && isCandidatePath(path, options.claims)),
        ),
      ];
      if (candidates.length === 0) return;
      void ignored(candidates).then((out) => {
        const relevant = candidates.filter((path) => !out.has(path));
        if (relevant.length > 0) options.onChange(relevant);
      });
    },
    // Native-side filters for the folders the scanner always skips, so their churn never reaches JavaScript.
    { ignore: [...SKIPPED_DIRS].map((dir) => `**/${dir}`) },
  );
  return { close: () => subscription.unsubscribe() };
}
