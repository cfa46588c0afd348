/**
 * The shared publish helper (`src/backends/publish.ts`) and its use by every backend: crashed writers' temporaries
 * are removed, live ones kept, and a reader never meets a missing or half-written active file.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StagedFile, tempPathOf } from '../../src/backends/publish.js';
import { loadBackend } from '../../src/backends/registry.js';
import { TEST_BACKENDS } from '../support/backends.js';
import { baseTree, indexWith, tempLocation } from './duckdb-fixtures.js';

const cleanup: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill();
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'codira-publish-'));
  cleanup.push(dir);
  return dir;
}

/**
 * A process id that no process holds any more.
 *
 * @returns The pid of a process that has already exited.
 */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

/**
 * A process id that stays alive for the test (another writer's run in progress).
 *
 * @returns The pid of a child process killed after the test.
 */
function livePid(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

describe('StagedFile', () => {
  it('removes the temporaries and sidecars of dead writers at prepare and keeps those of live ones', async () => {
    const dir = tempDir();
    const active = join(dir, 'index.db');
    const dead = tempPathOf(active, deadPid(), '0badf00d');
    const live = tempPathOf(active, livePid(), 'cafe0001');
    const own = tempPathOf(active, process.pid, 'cafe0002');
    for (const path of [active, dead, `${dead}.wal`, `${dead}-journal`, live, `${live}.wal`, own]) {
      writeFileSync(path, 'x');
    }
    writeFileSync(join(dir, 'other.db.tmp-1-0badf00d'), 'another store');
    await new StagedFile(active).prepare();
    expect(readdirSync(dir).sort()).toEqual(
      ['index.db', basename(live), `${basename(live)}.wal`, basename(own), 'other.db.tmp-1-0badf00d'].sort(),
    );
  });

  it('names every temporary after the active file, the pid and a per-session tag', () => {
    const a = new StagedFile('/state/index.db');
    const b = new StagedFile('/state/index.db');
    expect(a.tempPath).toMatch(new RegExp(`^/state/index\\.db\\.tmp-${process.pid}-[0-9a-f]{8}$`));
    expect(a.tempPath).not.toBe(b.tempPath);
  });

  it('publishes atomically: concurrent readers see one whole version, never a missing or partial file', async () => {
    const dir = tempDir();
    const active = join(dir, 'store');
    const size = 512 * 1024;
    const version = (i: number): Buffer => Buffer.alloc(size, 65 + (i % 26));
    writeFileSync(active, version(0));
    let publishing = true;
    let reads = 0;
    const problems: string[] = [];
    const reader = async (): Promise<void> => {
      while (publishing) {
        try {
          const data = await readFile(active);
          if (!data.equals(Buffer.alloc(size, data[0] ?? 0))) problems.push(`partial read of ${data.length} bytes`);
        } catch (error) {
          problems.push((error as NodeJS.ErrnoException).code ?? String(error));
        }
        reads += 1;
      }
    };
    const readers = [reader(), reader(), reader()];
    for (let i = 1; i <= 40; i += 1) {
      const staged = new StagedFile(active);
      await staged.prepare();
      await staged.write(version(i));
      await staged.publish();
    }
    publishing = false;
    await Promise.all(readers);
    expect(problems).toEqual([]);
    expect(reads).toBeGreaterThan(40);
    expect(readdirSync(dir)).toEqual(['store']);
    expect((await readFile(active)).equals(version(40))).toBe(true);
  });

  it('discard removes the temporary and its sidecars and leaves the active file alone', async () => {
    const dir = tempDir();
    const active = join(dir, 'index.db');
    writeFileSync(active, 'old');
    const staged = new StagedFile(active);
    await staged.prepare();
    await staged.write('new');
    writeFileSync(`${staged.tempPath}.wal`, 'sidecar');
    await staged.discard();
    expect(readdirSync(dir)).toEqual(['index.db']);
    expect(await readFile(active, 'utf8')).toBe('old');
  });

  it('publish removes the named sidecars of the old active file', async () => {
    const dir = tempDir();
    const active = join(dir, 'index.db');
    writeFileSync(active, 'old');
    writeFileSync(`${active}-journal`, 'belongs to the old file');
    const staged = new StagedFile(active);
    await staged.prepare();
    await staged.write('new');
    await staged.publish(['-journal']);
    expect(readdirSync(dir)).toEqual(['index.db']);
    expect(await readFile(active, 'utf8')).toBe('new');
  });
});

// Every registered backend (CODIRA_TEST_BACKENDS narrows it), so a new backend is held to the same rule.
describe.each(TEST_BACKENDS)('%s backend: temporaries of crashed runs', (name) => {
  it('a full run removes a dead writer’s temporary and keeps a live one’s', async () => {
    const backend = await loadBackend(name);
    const where = tempLocation(`publish-${backend.name}`);
    cleanup.push(where.repoRoot);
    await indexWith(backend, where, 'full', baseTree());
    const [active] = backend.storeFiles(where);
    const dead = tempPathOf(active!, deadPid(), '0badf00d');
    const live = tempPathOf(active!, livePid(), 'cafe0001');
    writeFileSync(dead, 'left by a crash');
    writeFileSync(live, 'a run in progress');
    await indexWith(backend, where, 'full', baseTree());
    expect(readdirSync(where.stateDir).sort()).toEqual([basename(active!), basename(live)].sort());
  });
});
