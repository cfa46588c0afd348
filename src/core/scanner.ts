/**
 * Repository scanner: lists candidate source files with their size and modification time. Contents are not read
 * here; the planner hashes only files whose stat changed, and analysis workers read the rest.
 *
 * @packageDocumentation
 */
import { execFile, spawn } from 'node:child_process';
import { lstatSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ignore, { type Ignore } from 'ignore';
import { STATE_DIR_NAME } from './contracts.js';
import { compareText } from './text.js';

const run = promisify(execFile);

/** A file found by the scanner. */
export interface ScannedFile {
  /** Repository-relative path with `/` separators. */
  readonly path: string;
  readonly size: number;
  /** Integer milliseconds. */
  readonly mtimeMs: number;
}

/** Folders never indexed, wherever they appear. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  '.git',
  STATE_DIR_NAME,
  'node_modules',
  '.hg',
  '.svn',
  '__pycache__',
]);

function skippedPath(path: string): boolean {
  return path.split('/').some((segment) => SKIPPED_DIRS.has(segment));
}

/**
 * List files under `root` that `claims` accepts, sorted by path.
 *
 * Inside a git work tree the list is `git ls-files` (tracked plus untracked files that are not ignored); otherwise,
 * or when git lists nothing (e.g. the folder is ignored by an enclosing repository), a directory walk honouring the
 * `.gitignore` files found under `root`.
 *
 * @param root - Absolute repository root.
 * @param claims - Whether some analyzer wants a path.
 * @returns Scanned files, sorted by path.
 */
export async function scanRepository(root: string, claims: (path: string) => boolean): Promise<ScannedFile[]> {
  let paths = await gitListFiles(root);
  if (paths === null || paths.length === 0) paths = await walk(root);
  const wanted = paths.filter((path) => !skippedPath(path) && claims(path));
  // Synchronous on purpose: an lstat of a cached inode takes microseconds, while a promise per file through the
  // libuv pool cost several times the whole loop on a 6k-file tree (measured, issue 12).
  const files: ScannedFile[] = [];
  for (const path of wanted) {
    const file = statFile(root, path);
    if (file) files.push(file);
  }
  files.sort((a, b) => compareText(a.path, b.path));
  return files;
}

function statFile(root: string, path: string): ScannedFile | null {
  try {
    const stat = lstatSync(join(root, path));
    // Symbolic links and special files are not indexed: a link could point outside the repository.
    if (!stat.isFile()) return null;
    return { path, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) };
  } catch {
    return null; // listed by git but deleted from the work tree
  }
}

async function gitListFiles(root: string): Promise<string[] | null> {
  try {
    const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      maxBuffer: 256 * 1024 * 1024,
    });
    const paths = stdout.split('\0').filter((path) => path.length > 0);
    return [...new Set(paths)];
  } catch {
    return null; // not a git work tree, or git is missing
  }
}

async function walk(root: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (dir: string, rules: readonly { base: string; matcher: Ignore }[]): Promise<void> => {
    const absolute = join(root, dir);
    let active = rules;
    const entries = await readdir(absolute, { withFileTypes: true });
    // Read a .gitignore only where the listing has one (a failed read per folder cost an exception each).
    if (entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) {
      const text = await readFile(join(absolute, '.gitignore'), 'utf8');
      active = [...rules, { base: dir, matcher: ignore().add(text) }];
    }
    const subfolders: Promise<void>[] = [];
    for (const entry of entries) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      const isDir = entry.isDirectory();
      if (!isDir && !entry.isFile()) continue;
      const ignored = active.some(({ base, matcher }) => {
        const relative = base ? path.slice(base.length + 1) : path;
        return matcher.ignores(isDir ? `${relative}/` : relative);
      });
      if (ignored) continue;
      // Sibling folders are listed concurrently; the caller sorts the result.
      if (isDir) subfolders.push(visit(path, active));
      else found.push(path);
    }
    await Promise.all(subfolders);
  };
  await visit('', []);
  return found;
}

/**
 * Whether the scanner would list a path if it exists and is not ignored: outside the skipped folders and claimed.
 *
 * @param path - Repository-relative path with `/` separators.
 * @param claims - Whether some analyzer wants a path.
 * @returns `true` for a candidate.
 */
export function isCandidatePath(path: string, claims: (path: string) => boolean): boolean {
  return !skippedPath(path) && claims(path);
}

/** Tells which of some paths the repository's ignore rules exclude. */
export type IgnoreCheck = (paths: readonly string[]) => Promise<Set<string>>;

/**
 * The ignore rules {@link scanRepository} applies, as a check for paths a watcher reports: `git check-ignore` inside
 * a git work tree that lists files, otherwise the `.gitignore` files above each path.
 *
 * @param root - Absolute repository root.
 * @returns The check.
 */
export async function ignoreCheck(root: string): Promise<IgnoreCheck> {
  const listed = await gitListFiles(root);
  if (listed !== null && listed.length > 0) return (paths) => gitIgnored(root, paths);
  return (paths) => gitignoreFilesIgnore(root, paths);
}

function gitIgnored(root: string, paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0) return Promise.resolve(new Set());
  return new Promise((resolvePaths) => {
    const child = spawn('git', ['check-ignore', '-z', '--stdin'], { cwd: root });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    // Exit 1 means "none ignored"; on any other failure nothing is treated as ignored (a spare index run is harmless).
    child.on('close', () => resolvePaths(new Set(out.split('\0').filter((p) => p.length > 0))));
    child.on('error', () => resolvePaths(new Set()));
    child.stdin.end(paths.map((p) => `${p}\0`).join(''));
  });
}

async function gitignoreFilesIgnore(root: string, paths: readonly string[]): Promise<Set<string>> {
  const matchers = new Map<string, Ignore | null>();
  const matcherOf = async (dir: string): Promise<Ignore | null> => {
    if (!matchers.has(dir)) {
      try {
        matchers.set(dir, ignore().add(await readFile(join(root, dir, '.gitignore'), 'utf8')));
      } catch {
        matchers.set(dir, null);
      }
    }
    return matchers.get(dir)!;
  };
  const ignored = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      const matcher = await matcherOf(dir);
      if (matcher?.ignores(parts.slice(depth).join('/'))) {
        ignored.add(path);
        break;
      }
    }
  }
  return ignored;
}
