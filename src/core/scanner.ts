/**
 * Repository scanner: lists candidate source files with their size and modification time. Contents are not read
 * here; the planner hashes only files whose stat changed, and analysis workers read the rest.
 *
 * @packageDocumentation
 */
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, type Dirent } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import type createIgnore from 'ignore';
import type * as ChildProcessModule from 'node:child_process';
import type { Ignore } from 'ignore';
import { STATE_DIR_NAME } from './contracts.js';
import { lstatFile } from './fast-stat.js';
import { identityOf, RACY_MS, replayWalk, WalkRecorder, type GitGuard, type WalkRecord } from './walk-record.js';
import { sortByText } from './text.js';

/**
 * `node:child_process`, loaded on first use: a tree that is not a git work tree never spawns anything.
 *
 * @returns The module.
 */
function childProcess(): Promise<typeof ChildProcessModule> {
  return import('node:child_process');
}

let ignoreFactory: typeof createIgnore | undefined;

/**
 * A `.gitignore` matcher. The `ignore` package loads on the first `.gitignore` a walk meets, through `require`: most
 * runs list files with git and never need it, and importing the CommonJS package from ESM cost ~8 ms per process.
 *
 * @returns An empty matcher.
 */
function ignore(): Ignore {
  ignoreFactory ??= createRequire(import.meta.url)('ignore') as typeof createIgnore;
  return ignoreFactory();
}

/** A file found by the scanner. */
export interface ScannedFile {
  /** Repository-relative path with `/` separators. */
  readonly path: string;
  readonly size: number;
  /** Integer milliseconds. */
  readonly mtimeMs: number;
}

/** A path the scanner could not look into; it is reported, and the rest of the repository is indexed. */
export interface SkippedPath {
  /** Repository-relative path (`''` for the root). */
  readonly path: string;
  /** Why, e.g. `unreadable directory (EACCES)`. */
  readonly reason: string;
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
 * A directory that cannot be listed is skipped and passed to `onSkipped`; a listed file that cannot be inspected is
 * kept (with size and time 0), so its analysis reports it as unreadable instead of it silently vanishing.
 *
 * @param root - Absolute repository root.
 * @param claims - Whether some analyzer wants a path.
 * @param onSkipped - Told about each directory that could not be read.
 * @param walks - A recorded walk to replay, and where a new walk's record goes (the no-op snapshot keeps it).
 * @returns Scanned files, sorted by path.
 */
export async function scanRepository(
  root: string,
  claims: (path: string) => boolean,
  onSkipped: (skipped: SkippedPath) => void = () => {},
  walks: WalkOptions = {},
): Promise<ScannedFile[]> {
  // Names that are not text are reported only when an analyzer would have wanted them.
  const report = (skip: SkippedPath): void => {
    if (skip.reason !== BAD_NAME || claims(skip.path)) onSkipped(skip);
  };
  // Git listed nothing last time, and the evidence that it still would holds: no need to ask it (a process start
  // was ~9 ms of CPU of a ~88 ms warm no-op on Django inside an enclosing work tree's ignored folder).
  const guard = walks.replay?.git;
  const guarded = guard !== undefined && guard !== null && gitGuardHolds(root, guard);
  const listed = guarded ? [] : await gitListFiles(root, report);
  // The walk never enters a skipped folder; git's list can name files in one (e.g. a committed `node_modules/`).
  const gitListed = listed !== null && listed.length > 0;
  if (gitListed) walks.record?.(null);
  let walkRecord: WalkRecord | null = null;
  const wanted = gitListed
    ? listed.filter((path) => !skippedPath(path) && claims(path))
    : walkOrReplay(root, claims, report, {
        replay: walks.replay,
        record: walks.record ? (record) => (walkRecord = record) : undefined,
      });
  if (!gitListed && walks.record) {
    let record = walkRecord as WalkRecord | null;
    if (record !== null) {
      const replayed = record === walks.replay;
      // Made again only when a guard failed, none was tried (or it was too recent) or this walk is new: a record that
      // tried and could make none keeps `null`.
      const git = guarded
        ? guard
        : listed === null || (replayed && record.git === null)
          ? null
          : await makeGitGuard(root);
      if (!(replayed && git === record.git)) record = { ...record, git };
    }
    walks.record(record);
  }
  // Synchronous on purpose: an lstat of a cached inode takes microseconds, while a promise per file through the
  // libuv pool cost several times the whole loop on a 6k-file tree (measured, issue 12).
  const files = fromRoot(root, (base) => {
    const found: ScannedFile[] = [];
    for (const path of wanted) {
      const file = statFile(base, path);
      if (file) found.push(file);
    }
    return found;
  });
  return sortByText(files, (file) => file.path);
}

/**
 * Run synchronous file-system work with paths relative to the repository root: inside, the process's working
 * folder is `root` and `work` gets `''` as the prefix of repository-relative paths; where the working folder cannot be
 * moved (a worker thread, an unreadable or vanished folder) it gets `root/`. The kernel then resolves each `lstat`'s
 * path from the root instead of from `/`: on Django's tree of 2,400 folders and 943 files that was ~6 of ~10 ms of CPU
 * (more where the root's path is long or crosses symbolic links). `work` must be synchronous — no other JavaScript runs
 * while the working folder is moved, and it is moved back before this returns or throws — and codira hands no relative
 * path to an asynchronous file-system call that could run meanwhile.
 *
 * @param root - Absolute repository root.
 * @param work - The synchronous work, given the prefix for repository-relative paths (`''` or `root/`).
 * @returns What `work` returned.
 */
export function fromRoot<T>(root: string, work: (base: string) => T): T {
  let previous: string;
  try {
    previous = process.cwd();
    process.chdir(root);
  } catch {
    return work(`${root}/`);
  }
  try {
    return work('');
  } finally {
    try {
      process.chdir(previous);
    } catch {
      // The previous working folder vanished meanwhile: stay at the root rather than fail the scan.
    }
  }
}

/** A recorded directory walk to replay, and where to hand the record of a new walk (`walk-record.ts`). */
export interface WalkOptions {
  /**
   * A walk recorded earlier by a scan with the same claim test (the caller's duty: the record holds the claimed
   * files): if its folders are all unchanged, its files are taken without listing any folder or asking any claim.
   */
  readonly replay?: WalkRecord | null;
  /**
   * Called with what describes this scan's walk: the replayed record itself, a new walk's record, or `null` (git
   * listed the files, or the walk could not be recorded).
   */
  readonly record?: (record: WalkRecord | null) => void;
}

/**
 * The claimed files of the tree: replayed from a record while no folder changed, otherwise walked (and recorded).
 *
 * @param root - Absolute repository root.
 * @param claims - Whether some analyzer wants a path.
 * @param onSkipped - Told about each directory that could not be listed and each name that is not text.
 * @param walks - The record to replay and where a new walk's record goes.
 * @returns Repository-relative paths of the claimed files, unsorted.
 */
function walkOrReplay(
  root: string,
  claims: (path: string) => boolean,
  onSkipped: (skipped: SkippedPath) => void,
  walks: WalkOptions,
): string[] {
  const replay = walks.replay;
  const replayed = replay ? fromRoot(root, (base) => replayWalk(base, replay)) : null;
  if (replayed !== null) {
    walks.record?.(walks.replay!);
    return replayed;
  }
  if (!walks.record) return walk(root, onSkipped).filter(claims);
  const recorder = new WalkRecorder();
  // Recorded in path order, so a replayed scan is already sorted (`sortByText` then only checks it).
  const claimed = sortByText(
    walk(root, (skip) => (recorder.spoil(), onSkipped(skip)), recorder).filter(claims),
    (path) => path,
  );
  walks.record(recorder.finish(claimed));
  return claimed;
}

function statFile(base: string, path: string): ScannedFile | null {
  try {
    // Concatenated, not `join`ed: both parts are normalized already, and `join` re-normalizes every path.
    const stat = lstatFile(`${base}${path}`);
    // Symbolic links and special files are not indexed: a link could point outside the repository. Listed by git but
    // deleted from the work tree: `null`.
    if (stat === null || !stat.isFile) return null;
    return { path, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Replaced by a file where a folder was (ENOTDIR).
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    return { path, size: 0, mtimeMs: 0 }; // e.g. inside a folder we may not enter: analysis reports it
  }
}

/**
 * What git's answer for `root` depends on, for a {@link GitGuard}: every folder from the root's physical path up to
 * the enclosing work tree's top, each `.gitignore` above the root, the work tree's index, `info/exclude` and
 * `config`, and the user's and system's configuration and global ignore file.
 *
 * @param root - Absolute repository root.
 * @returns The paths and which of them are configuration files, or `null` when no guard may be made: a `GIT_*`
 *   variable that moves the repository, index or configuration is set (the other `GIT_*` variables are recorded), the
 *   root is a work tree's top or in none, its `.git` is not a folder, or there is no home.
 */
function gitGuardPaths(root: string): { paths: string[]; configs: string[]; top: string; real: string } | null {
  const gitVariables = Object.keys(process.env)
    .filter((name) => name.startsWith('GIT_'))
    .sort();
  if (gitVariables.some((name) => GIT_PLACE_VARIABLE.test(name))) return null;
  const home = process.env['HOME'];
  if (!home) return null;
  let real: string;
  try {
    real = realpathSync(root);
  } catch {
    return null;
  }
  const folders = [real];
  let top = real;
  for (;;) {
    const dotGit = join(top, '.git');
    if (existsSync(dotGit)) {
      if (top === real || !lstatSync(dotGit).isDirectory()) return null;
      break;
    }
    const parent = dirname(top);
    if (parent === top) return null;
    top = parent;
    folders.push(top);
  }
  const xdg = process.env['XDG_CONFIG_HOME'] || join(home, '.config');
  const configs = [join(top, '.git', 'config'), join(home, '.gitconfig'), join(xdg, 'git', 'config'), '/etc/gitconfig'];
  const paths = [
    ...folders,
    ...folders.slice(1).map((folder) => join(folder, '.gitignore')),
    join(top, '.git', 'index'),
    join(top, '.git', 'info', 'exclude'),
    join(xdg, 'git', 'ignore'),
    ...configs,
  ];
  // The other GIT_* variables (e.g. GIT_SSL_CAINFO) are recorded as they were: a change to any of them spoils it.
  const environment = `env:${JSON.stringify(gitVariables.map((name) => [name, process.env[name]]))}`;
  return { paths: [environment, ...paths], configs, top, real };
}

/** Variables that move git's repository, index or configuration away from where {@link gitGuardPaths} looks. */
const GIT_PLACE_VARIABLE =
  /^GIT_(DIR|WORK_TREE|INDEX_FILE|COMMON_DIR|CONFIG|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM|NAMESPACE|OBJECT_DIRECTORY)/;

/**
 * The identity {@link GitGuard} records for one of its paths: the environment entry is its own identity.
 *
 * @param path - An entry's path.
 * @returns Its identity, `'absent'`, or the environment entry itself.
 */
function guardIdentity(path: string): { identity: string; mtimeMs: number } | null {
  return path.startsWith('env:') ? { identity: path, mtimeMs: 0 } : identityOf(path);
}

/**
 * Whether a recorded {@link GitGuard} still holds: the same paths, each with the recorded identity.
 *
 * @param root - Absolute repository root.
 * @param guard - The recorded guard (possibly malformed: it comes from a file).
 * @returns `true` when git would list nothing again.
 */
function gitGuardHolds(root: string, guard: GitGuard): boolean {
  if (typeof guard !== 'object' || !Array.isArray(guard.entries)) return false;
  const now = gitGuardPaths(root);
  if (now === null || now.paths.length !== guard.entries.length) return false;
  for (let i = 0; i < now.paths.length; i++) {
    const entry = guard.entries[i];
    if (!Array.isArray(entry) || entry[0] !== now.paths[i]) return false;
    if ((guardIdentity(now.paths[i]!)?.identity ?? 'absent') !== entry[1]) return false;
  }
  return true;
}

/**
 * Make a {@link GitGuard} after git listed nothing: only when the root lies in an ignored folder of the enclosing
 * work tree (then git lists no untracked file under it whatever the files are, and tracked ones only through its
 * index), nothing it depends on was modified within the racy window, and no configuration names an `excludesFile`
 * or an `include` (whose targets it does not watch). The identities are taken before git is asked, so a change
 * while it runs moves a time past the recorded one.
 *
 * @param root - Absolute repository root.
 * @returns The guard; `null` when none can be made; `undefined` when something was modified within the racy window
 *   (no git process was started: a later run tries again).
 */
async function makeGitGuard(root: string): Promise<GitGuard | null | undefined> {
  const found = gitGuardPaths(root);
  if (found === null) return null;
  const started = Date.now();
  const entries: [string, string][] = [];
  for (const path of found.paths) {
    const seen = guardIdentity(path);
    if (seen !== null && seen.mtimeMs >= started - RACY_MS) return undefined; // try again on a later run
    entries.push([path, seen?.identity ?? 'absent']);
  }
  for (const config of found.configs) {
    let text: string;
    try {
      text = readFileSync(config, 'utf8');
    } catch {
      continue; // absent (recorded so)
    }
    if (/excludesfile|\[\s*include/i.test(text)) return null;
  }
  try {
    const run = promisify((await childProcess()).execFile);
    // Exit 0: ignored; 1 (not ignored) and errors reject.
    await run('git', ['check-ignore', '-q', '--', `${relative(found.top, found.real)}/`], { cwd: found.top });
    return { entries };
  } catch {
    return null;
  }
}

/** Git's warning for a folder it could not list, e.g. `warning: could not open directory 'a/b/': Permission denied`. */
const GIT_UNREADABLE = /^warning: could not open directory '(.*)\/': (.*)$/;

/** Git prints the C library's text; the directory walk reports the errno code. Report both the same way. */
const GIT_REASONS: Readonly<Record<string, string>> = Object.freeze({
  'Permission denied': 'EACCES',
  'Operation not permitted': 'EPERM',
});

/**
 * Whether git could find a repository for `root`: a `.git` entry in it or above it, or `$GIT_DIR` set. Where there is
 * none, `git ls-files` can only fail, and starting it cost ~15 ms of CPU per run (a warm no-op is ~60 ms above a bare
 * `node`), so the walk starts at once.
 *
 * @param root - Absolute repository root.
 * @returns `false` when git certainly finds no repository.
 */
function mayBeGitWorkTree(root: string): boolean {
  if (process.env['GIT_DIR'] !== undefined) return true;
  let dir: string;
  try {
    dir = realpathSync(root); // git looks above the physical folder
  } catch {
    return true; // let git report it
  }
  for (;;) {
    if (existsSync(join(dir, '.git'))) return true;
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

async function gitListFiles(root: string, onSkipped: (skipped: SkippedPath) => void): Promise<string[] | null> {
  if (!mayBeGitWorkTree(root)) return null;
  try {
    const run = promisify((await childProcess()).execFile);
    const { stdout, stderr } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      maxBuffer: 256 * 1024 * 1024,
      encoding: 'buffer',
    });
    for (const line of stderr.toString('utf8').split('\n')) {
      const match = GIT_UNREADABLE.exec(line);
      if (match)
        onSkipped({ path: match[1]!, reason: `unreadable directory (${GIT_REASONS[match[2]!] ?? match[2]!})` });
    }
    const paths: string[] = [];
    let start = 0;
    for (let end = stdout.indexOf(0); end >= 0; start = end + 1, end = stdout.indexOf(0, start)) {
      const path = fileName(stdout.subarray(start, end), '', onSkipped);
      if (path !== null && path.length > 0) paths.push(path);
    }
    return [...new Set(paths)];
  } catch {
    return null; // not a git work tree, or git is missing
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const BAD_NAME = 'file name is not valid UTF-8';

/**
 * A file name (or git path) as text. Linux allows any bytes in a name, but paths are stored and printed as text, so a
 * name that is not valid UTF-8 is reported as skipped instead of silently turning into a path that does not exist.
 *
 * @param bytes - The raw name.
 * @param dir - The folder it is in (`''` for a git path, which is already repository-relative).
 * @param onSkipped - Told about a name that is not valid UTF-8.
 * @returns The name, or `null` when it was skipped.
 */
function fileName(bytes: Uint8Array, dir: string, onSkipped: (skipped: SkippedPath) => void): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const lossy = Buffer.from(bytes).toString('utf8');
    onSkipped({ path: dir ? `${dir}/${lossy}` : lossy, reason: BAD_NAME });
    return null;
  }
}

type IgnoreRules = readonly { readonly base: string; readonly matcher: Ignore }[];

/**
 * Walk the tree honouring `.gitignore` files, one folder at a time with synchronous calls and an explicit stack (so a
 * deep tree does not grow the call stack; the caller sorts the result). Synchronous on purpose, like the `lstat`s: a
 * promise and a libuv round trip per folder cost ~90 ms of CPU against ~35 ms on a tree of 2,400 folders (Django's
 * locale folders), a third of a warm no-op run.
 *
 * @param root - Absolute repository root.
 * @param onSkipped - Told about each directory that could not be listed and each name that is not text.
 * @param recorder - Notes each folder and `.gitignore` for a {@link WalkRecord}.
 * @returns Repository-relative file paths.
 */
function walk(root: string, onSkipped: (skipped: SkippedPath) => void, recorder?: WalkRecorder): string[] {
  const found: string[] = [];
  const pending: { dir: string; rules: IgnoreRules }[] = [{ dir: '', rules: [] }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { dir, rules } = next;
    const absolute = join(root, dir);
    recorder?.saw(dir, absolute);
    let named: { entry: Dirent<string> | Dirent<Buffer>; name: string }[];
    try {
      named = listFolder(absolute, dir, onSkipped);
    } catch (error) {
      onSkipped({ path: dir, reason: `unreadable directory (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    let active = rules;
    // Read a .gitignore only where the listing has one (a failed read per folder cost an exception each).
    if (named.some(({ entry, name }) => name === '.gitignore' && entry.isFile())) {
      try {
        recorder?.saw(dir ? `${dir}/.gitignore` : '.gitignore', join(absolute, '.gitignore'));
        const text = readFileSync(join(absolute, '.gitignore'), 'utf8');
        active = [...rules, { base: dir, matcher: ignore().add(text) }];
      } catch {
        // listed but unreadable: no rules from it
      }
    }
    for (const { entry, name } of named) {
      if (SKIPPED_DIRS.has(name)) continue;
      const path = dir ? `${dir}/${name}` : name;
      const isDir = entry.isDirectory();
      if (!isDir && !entry.isFile()) continue;
      const ignored = active.some(({ base, matcher }) => {
        const relative = base ? path.slice(base.length + 1) : path;
        return matcher.ignores(isDir ? `${relative}/` : relative);
      });
      if (ignored) continue;
      if (isDir) pending.push({ dir: path, rules: active });
      else found.push(path);
    }
  }
  return found;
}

/**
 * A folder's entries with their names as text. Names are read as UTF-8 strings; only a folder where one came back with
 * U+FFFD (which decoding puts in place of bytes that are not UTF-8, or a real U+FFFD) is read again as bytes and
 * checked name by name, so the common folder allocates no buffer per name.
 *
 * @param absolute - The folder's absolute path.
 * @param dir - Its repository-relative path.
 * @param onSkipped - Told about each name that is not text.
 * @returns Entries and names.
 */
function listFolder(
  absolute: string,
  dir: string,
  onSkipped: (skipped: SkippedPath) => void,
): { entry: Dirent<string> | Dirent<Buffer>; name: string }[] {
  const entries = readdirSync(absolute, { withFileTypes: true });
  if (!entries.some((entry) => entry.name.includes('\ufffd')))
    return entries.map((entry) => ({ entry, name: entry.name }));
  return readdirSync(absolute, { withFileTypes: true, encoding: 'buffer' }).flatMap((entry) => {
    const name = fileName(entry.name, dir, onSkipped);
    return name === null ? [] : [{ entry, name }];
  });
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
  // Skipped paths are reported by the index runs themselves; the watcher only needs to know whether git lists files.
  const listed = await gitListFiles(root, () => {});
  if (listed !== null && listed.length > 0) return (paths) => gitIgnored(root, paths);
  return (paths) => gitignoreFilesIgnore(root, paths);
}

async function gitIgnored(root: string, paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const { spawn } = await childProcess();
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
