/**
 * Scratch copies of corpora: every repository is measured on a private copy, so indexes never land in the working
 * tree or the corpus cache, and `index-partial` can edit files freely.
 *
 * @packageDocumentation
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, copyFile, cp, mkdir, readFile, readdir, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { promisify } from 'node:util';
import type { CorpusSource } from './corpus.js';

const run = promisify(execFile);

/**
 * Copy a materialised corpus into `dest`. For `self`, only git-tracked files are copied (as they are in the working
 * tree), so build output, caches and earlier indexes stay out and the copy is stable while the run edits code.
 * With more than one copy the corpus is copied that many times, to `dest/copy-1` … `dest/copy-N`.
 *
 * @param source - Where the corpus came from.
 * @param root - Its materialised root.
 * @param dest - Folder to create.
 * @param copies - How many copies side by side (1: the corpus itself at `dest`).
 * @returns Number of files copied (for `self`), or `null` for a whole-tree copy.
 */
export async function snapshotCorpus(
  source: CorpusSource,
  root: string,
  dest: string,
  copies = 1,
): Promise<number | null> {
  if (copies === 1) return copyCorpus(source, root, dest);
  let copied: number | null = null;
  for (let n = 1; n <= copies; n++) {
    const count = await copyCorpus(source, root, join(dest, `copy-${n}`));
    copied = count === null ? null : (copied ?? 0) + count;
  }
  return copied;
}

async function copyCorpus(source: CorpusSource, root: string, dest: string): Promise<number | null> {
  await mkdir(dest, { recursive: true });
  if (source.kind !== 'self') {
    await cp(root, dest, { recursive: true, preserveTimestamps: true });
    return null;
  }
  const { stdout } = await run('git', ['ls-files', '-z'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  let copied = 0;
  for (const path of stdout.split('\0')) {
    if (path.length === 0 || !existsSync(join(root, path))) continue; // deleted but still tracked
    await mkdir(dirname(join(dest, path)), { recursive: true });
    await copyFile(join(root, path), join(dest, path));
    copied++;
  }
  return copied;
}

/**
 * Freeze the current build for a run: copy `bin/`, `dist/` and `package.json` of a checkout to `dest`, so rebuilding
 * the working tree mid-run (a developer editing, another process running `tsc`) cannot change what is measured.
 * `dest` must be inside the checkout, so module resolution still finds its `node_modules`.
 *
 * @param root - Checkout root with a built `dist/`.
 * @param dest - Folder to create inside the checkout.
 * @returns Path of the copied `bin/codira.js`.
 */
export async function snapshotBuild(root: string, dest: string): Promise<string> {
  await mkdir(dest, { recursive: true });
  for (const part of ['bin', 'dist']) await cp(join(root, part), join(dest, part), { recursive: true });
  await copyFile(join(root, 'package.json'), join(dest, 'package.json'));
  return join(dest, 'bin', 'codira.js');
}

/**
 * Sizes of the files in a folder (recursively).
 *
 * @param dir - Folder; a missing folder has no files.
 * @returns Relative names and sizes in bytes, sorted by name.
 */
export async function folderFiles(dir: string): Promise<{ name: string; bytes: number }[]> {
  const out: { name: string; bytes: number }[] = [];
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(name);
      else if (entry.isFile()) out.push({ name, bytes: (await stat(join(dir, name))).size });
    }
  };
  await walk('');
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Append a comment line to a source file: a real content change that keeps the file parseable.
 *
 * @param file - Absolute path.
 * @param round - Sample number, written into the line so every edit differs.
 */
export async function appendEdit(file: string, round: number): Promise<void> {
  const marker = extname(file) === '.py' ? '#' : '//';
  const text = await readFile(file, 'utf8');
  const lead = text.length === 0 || text.endsWith('\n') ? '' : '\n';
  await appendFile(file, `${lead}${marker} codira-bench edit ${round}\n`);
}
