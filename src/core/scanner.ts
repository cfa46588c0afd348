/**
 * Repository scanner: lists candidate source files with their size and modification time. Contents are not read
 * here; the planner hashes only files whose stat changed, and analysis workers read the rest.
 *
 * @packageDocumentation
 */
import { execFile } from 'node:child_process';
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
const SKIPPED_DIRS = new Set(['.git', STATE_DIR_NAME, 'node_modules', '.hg', '.svn', '__pycache__']);

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
