/**
 * The stored-state snapshot (`src/core/stored-state.ts`): a warm no-op decides without opening the index, reports
 * exactly what the planner would, and never trusts a snapshot that does not describe the committed index. Every
 * backend.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANALYZER_SET } from '../../src/analyzers/registry.js';
import type { BackendFactory, StoreLocation } from '../../src/core/contracts.js';
import { runIndex, type IndexReport } from '../../src/core/indexer.js';
import { forgetStoredState, storedStatePath } from '../../src/core/stored-state.js';
import { loadBackend, TEST_BACKENDS } from '../support/backends.js';
import { dumpAt } from '../support/dump.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';
import { withSessionOverrides } from '../support/session-spy.js';

/**
 * A backend that counts read-path opens and can drop the identity a commit proves (a run dying before the write).
 *
 * @param inner - The real backend.
 * @returns The wrapped backend, its open count, and the switch that drops commit identities.
 */
function counted(inner: BackendFactory): { backend: BackendFactory; opens: () => number; dropIdentity: () => void } {
  let opens = 0;
  let drop = false;
  const backend: BackendFactory = {
    name: inner.name,
    version: inner.version,
    capabilities: inner.capabilities,
    storeFiles: (location) => inner.storeFiles(location),
    storeIdentity: (location) => inner.storeIdentity!(location),
    openReader: (location) => {
      opens++;
      return inner.openReader(location);
    },
    beginIndexSession: withSessionOverrides(inner, (session) => ({
      commit: async () => {
        const info = await session.commit();
        return drop ? { sizeBytes: info.sizeBytes } : info;
      },
    })).beginIndexSession,
  };
  return { backend, opens: () => opens, dropIdentity: () => (drop = true) };
}

/**
 * A report without its duration, which differs on every run.
 *
 * @param report - An index report.
 * @returns The report without `elapsedMs`.
 */
function timeless(report: IndexReport): Omit<IndexReport, 'elapsedMs'> {
  const { elapsedMs: _elapsed, ...rest } = report;
  return rest;
}

describe.each(TEST_BACKENDS)('stored-state snapshot on %s', (name) => {
  let repo: FixtureRepo;
  let location: StoreLocation;
  let backend: BackendFactory;

  beforeEach(async () => {
    repo = createFixtureRepo();
    location = { repoRoot: repo.root, stateDir: repo.stateDir(name) };
    backend = await loadBackend(name);
  });
  afterEach(() => repo.dispose());

  const run = (factory: BackendFactory, options: { full?: boolean; maxFileBytes?: number } = {}) =>
    runIndex({ backend: factory, location, analyzers: ANALYZER_SET, workers: 0, ...options });
  const snapshotFile = (): string => storedStatePath(location, name);
  const pricing = 'shop/pricing.py';
  /** A whole second: a time set with `utimes` reads back exactly (a fraction can come back a nanosecond short). */
  const FIXED_TIME = 1_700_000_000;
  /** Rewrite a file, keeping its size and its (fixed) modification time when `keepStat` (the scanner cannot see it). */
  const rewrite = (path: string, text: string, keepStat = false): void => {
    const file = join(repo.root, path);
    writeFileSync(file, text);
    if (keepStat) utimesSync(file, FIXED_TIME, FIXED_TIME);
  };
  beforeEach(() => utimesSync(join(repo.root, pricing), FIXED_TIME, FIXED_TIME));

  it('a warm no-op opens no index and reports exactly what the planner reports', async () => {
    await run(backend, { full: true });
    expect(existsSync(snapshotFile())).toBe(true);
    const fast = counted(backend);
    const quick = await run(fast.backend);
    expect(fast.opens()).toBe(0);
    expect(quick.mode).toBe('noop');
    forgetStoredState(location, name);
    const slow = counted(backend);
    const planned = await run(slow.backend);
    expect(slow.opens()).toBe(1);
    expect(timeless(quick)).toEqual(timeless(planned));
    expect(JSON.stringify(timeless(quick))).toBe(JSON.stringify(timeless(planned)));
  });

  it('a no-op without a snapshot makes one from its read, which the next no-op trusts', async () => {
    await run(backend, { full: true });
    forgetStoredState(location, name); // e.g. an index written before snapshots existed
    const first = counted(backend);
    expect((await run(first.backend)).mode).toBe('noop');
    expect([first.opens(), existsSync(snapshotFile())]).toEqual([1, true]);
    const next = counted(backend);
    expect((await run(next.backend)).mode).toBe('noop');
    expect(next.opens()).toBe(0);
    // Made from the read, it is a snapshot like a writer's: a later edit is still seen.
    rewrite(pricing, `${readFileSync(join(repo.root, pricing), 'utf8')}\n# changed\n`);
    expect(await run(backend)).toMatchObject({ mode: 'incremental', indexed: 1 });
  });

  it('an incremental run leaves a snapshot the next no-op trusts', async () => {
    await run(backend, { full: true });
    rewrite(pricing, `${readFileSync(join(repo.root, pricing), 'utf8')}\n# changed\n`);
    const incremental = await run(backend);
    expect([incremental.mode, incremental.indexed]).toEqual(['incremental', 1]);
    const fast = counted(backend);
    expect((await run(fast.backend)).mode).toBe('noop');
    expect(fast.opens()).toBe(0);
  });

  it('a snapshot of an earlier state is not trusted, even when the files look like that state again', async () => {
    await run(backend, { full: true });
    const earlier = readFileSync(snapshotFile());
    const original = readFileSync(join(repo.root, pricing), 'utf8');
    rewrite(pricing, `${original}\n# changed\n`);
    expect((await run(backend)).indexed).toBe(1);
    // The tree is back to the earlier state (same bytes, size and time) and so is the snapshot, but the index holds
    // the change: only the store identity tells them apart.
    rewrite(pricing, original, true);
    writeFileSync(snapshotFile(), earlier);
    const report = await run(backend);
    expect([report.mode, report.indexed]).toEqual(['incremental', 1]);
  });

  it('an incremental run plans from the snapshot without opening the index, exactly as from a read', async () => {
    await run(backend, { full: true });
    // A copy of the state: its store files have other inodes, so its snapshot is not trusted and it reads.
    const copied: StoreLocation = { repoRoot: repo.root, stateDir: repo.stateDir(`${name}-copy`) };
    cpSync(location.stateDir, copied.stateDir, { recursive: true });
    const pricingText = readFileSync(join(repo.root, pricing), 'utf8');
    rewrite(pricing, `${pricingText}\n# changed\n`);
    // Touched, same bytes: only the stored hash tells the planner it is unchanged.
    const touched = readdirSync(join(repo.root, 'shop')).find((f) => f.endsWith('.py') && `shop/${f}` !== pricing)!;
    utimesSync(join(repo.root, 'shop', touched), FIXED_TIME + 7, FIXED_TIME + 7);
    writeFileSync(join(repo.root, 'shop/added.py'), 'def added():\n    return 1\n');
    const fast = counted(backend);
    const quick = await run(fast.backend);
    const slow = counted(backend);
    const planned = await runIndex({ backend: slow.backend, location: copied, analyzers: ANALYZER_SET, workers: 0 });
    expect([fast.opens(), slow.opens()]).toEqual([0, 1]);
    expect(quick.paths.reused).toContain(`shop/${touched}`);
    expect(quick).toMatchObject({ mode: 'incremental', indexed: 2 });
    expect(JSON.stringify(timeless(quick))).toBe(JSON.stringify(timeless(planned)));
    expect(await dumpAt(backend, location)).toEqual(await dumpAt(backend, copied));
    // The new snapshot carries the hashes on: the next touched-only run is still a no-op from the snapshot.
    utimesSync(join(repo.root, 'shop', touched), FIXED_TIME + 9, FIXED_TIME + 9);
    const next = counted(backend);
    expect((await run(next.backend)).mode).toBe('noop');
    expect(next.opens()).toBe(0);
  });

  it('a snapshot entry without a hash is not planned from', async () => {
    await run(backend, { full: true });
    const snapshot = JSON.parse(readFileSync(snapshotFile(), 'utf8')) as { files: unknown[][] };
    snapshot.files = snapshot.files.map((entry) => entry.slice(0, 3));
    writeFileSync(snapshotFile(), JSON.stringify(snapshot));
    rewrite(pricing, `${readFileSync(join(repo.root, pricing), 'utf8')}\n# changed\n`);
    const next = counted(backend);
    expect((await run(next.backend)).indexed).toBe(1);
    expect(next.opens()).toBe(1);
  });

  it('a no-op that writes a snapshot removes the temporary of a writer killed while writing one', async () => {
    await run(backend, { full: true });
    // The killed writer had removed the snapshot before its writer opened, and died before renaming its new one.
    forgetStoredState(location, name);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const temporary = `${snapshotFile()}.tmp-${dead}`;
    writeFileSync(temporary, '{"format"');
    const live = `${snapshotFile()}.tmp-${process.ppid}`; // the test runner: alive, not this process
    writeFileSync(live, '{"format"'); // a live writer's write in progress stays
    expect((await run(backend)).mode).toBe('noop');
    expect([existsSync(temporary), existsSync(live), existsSync(snapshotFile())]).toEqual([false, true, true]);
    rmSync(live);
  });

  it('a run that commits without proving its state leaves no snapshot behind', async () => {
    await run(backend, { full: true });
    const dying = counted(backend);
    dying.dropIdentity();
    rewrite(pricing, `${readFileSync(join(repo.root, pricing), 'utf8')}\n# changed\n`);
    expect((await run(dying.backend)).indexed).toBe(1);
    expect(existsSync(snapshotFile())).toBe(false);
    const next = counted(backend);
    expect((await run(next.backend)).mode).toBe('noop');
    expect(next.opens()).toBe(1);
  });

  it('a snapshot written with another inventory is not trusted', async () => {
    await run(backend, { full: true });
    const snapshot = JSON.parse(readFileSync(snapshotFile(), 'utf8')) as { meta: { analyzers: { version: string }[] } };
    snapshot.meta.analyzers[0]!.version = 'older';
    writeFileSync(snapshotFile(), JSON.stringify(snapshot));
    const next = counted(backend);
    expect((await run(next.backend)).mode).toBe('noop'); // the index itself has the current inventory
    expect(next.opens()).toBe(1);
  });

  it('added, deleted and over-limit files are seen as the planner sees them', async () => {
    await run(backend, { full: true });
    copyFileSync(join(repo.root, pricing), join(repo.root, 'shop/pricing_copy.py'));
    expect(await run(backend)).toMatchObject({ mode: 'incremental', indexed: 1, deleted: 0 });
    const limited = await run(backend, { maxFileBytes: 64 });
    expect(limited.mode).toBe('incremental');
    expect(limited.deleted).toBeGreaterThan(0);
    expect((await run(backend)).indexed).toBe(limited.deleted); // the limit lifted: they come back
  });

  it('follows the scanner’s rule: same size and time means unchanged, with or without the snapshot', async () => {
    await run(backend, { full: true });
    const text = readFileSync(join(repo.root, pricing), 'utf8');
    rewrite(
      pricing,
      text.replace(/[a-z]/, (c) => (c === 'x' ? 'y' : 'x')),
      true,
    );
    const fast = counted(backend);
    const quick = await run(fast.backend);
    forgetStoredState(location, name);
    const planned = await run(backend);
    expect([fast.opens(), quick.mode, planned.mode]).toEqual([0, 'noop', 'noop']);
  });

  it('keeps the new time of a file touched without a change, unless it is too recent to trust', async () => {
    await run(backend, { full: true });
    type Kept = { files: [string, number, number, string][] };
    const storedTime = (): number =>
      (JSON.parse(readFileSync(snapshotFile(), 'utf8')) as Kept).files.find(([path]) => path === pricing)![2];
    const file = join(repo.root, pricing);
    utimesSync(file, FIXED_TIME + 100, FIXED_TIME + 100); // touched long ago: same bytes
    const touched = counted(backend);
    expect((await run(touched.backend)).mode).toBe('noop');
    expect([touched.opens(), storedTime()]).toEqual([0, (FIXED_TIME + 100) * 1000]); // not hashed again next time
    // Touched just now: a change in the same tick would keep this time, so the snapshot keeps the old one...
    const now = Math.floor(Date.now() / 1000);
    utimesSync(file, now, now);
    expect((await run(backend)).mode).toBe('noop');
    expect(storedTime()).toBe((FIXED_TIME + 100) * 1000);
    // ...and a same-size edit that leaves that time behind is still seen.
    const text = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      text.replace(/[a-z]/, (c) => (c === 'x' ? 'y' : 'x')),
    );
    utimesSync(file, now, now);
    expect(await run(backend)).toMatchObject({ mode: 'incremental', indexed: 1 });
  });

  it('keeps the walk of the tree and still sees a file added to a folder', async () => {
    const age = (dir: string): void => utimesSync(join(repo.root, dir), FIXED_TIME, FIXED_TIME);
    for (const dir of ['', 'shop', 'web']) age(dir);
    await run(backend, { full: true });
    type Kept = { walk: { entries: unknown[]; claimed: string[] } | null };
    const kept = JSON.parse(readFileSync(snapshotFile(), 'utf8')) as Kept;
    expect(kept.walk?.claimed).toContain(pricing);
    writeFileSync(join(repo.root, 'shop/notes.unclaimed'), 'no analyzer wants this\n');
    const fast = counted(backend);
    expect((await run(fast.backend)).mode).toBe('noop'); // walked again, same files: the new walk is kept
    expect(fast.opens()).toBe(0);
    const refreshed = JSON.parse(readFileSync(snapshotFile(), 'utf8')) as Kept;
    // The record of the new walk (shop/ has another identity); it keeps claimed files only.
    expect(
      refreshed.walk === null || JSON.stringify(refreshed.walk.entries) !== JSON.stringify(kept.walk!.entries),
    ).toBe(true);
    expect(refreshed.walk?.claimed ?? []).not.toContain('shop/notes.unclaimed');
    writeFileSync(join(repo.root, 'shop/added.py'), 'def added():\n    return 1\n');
    expect(await run(backend)).toMatchObject({ mode: 'incremental', indexed: 1 });
  });
});

describe('stored-state snapshot while the store is uncertain', () => {
  it('makes none while a SQLite journal sits beside the index', async () => {
    const repo = createFixtureRepo();
    try {
      const location = { repoRoot: repo.root, stateDir: repo.stateDir('journal') };
      const sqlite = await loadBackend('sqlite');
      const run = () => runIndex({ backend: sqlite, location, analyzers: ANALYZER_SET, workers: 0 });
      await run();
      forgetStoredState(location, 'sqlite');
      writeFileSync(join(location.stateDir, 'index.sqlite-journal'), ''); // empty: not hot, the read works
      expect((await run()).mode).toBe('noop');
      expect(existsSync(storedStatePath(location, 'sqlite'))).toBe(false);
    } finally {
      repo.dispose();
    }
  });
});
