/**
 * A DuckDB read session closed for an exiting process (`close({ processExiting: true })`, what a one-shot CLI read
 * command does before `bin/codira.js` ends the process with `process.exit()`): the database is left to the exit, not
 * torn down, and the session is unusable afterwards exactly as after a plain close, which still releases it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NativeReadConnection } from '../../src/backends/duckdb/duckdb-native.js';
import { processExitsAfterCommand, withReader } from '../../src/cli/context.js';
import type { ReadSession, StoreLocation } from '../../src/core/contracts.js';
import { index, loadBackend } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

const EXIT_KEY = Symbol.for('codira.exitAfterCommand');

describe('duckdb read session closed for an exiting process', () => {
  let repo: FixtureRepo;
  let location: StoreLocation;

  beforeAll(async () => {
    repo = createFixtureRepo();
    location = { repoRoot: repo.root, stateDir: repo.stateDir('exit-close') };
    await index(await loadBackend('duckdb'), location, true);
  });
  afterAll(() => repo.dispose());
  afterEach(() => {
    vi.restoreAllMocks();
    delete (globalThis as Record<symbol, unknown>)[EXIT_KEY];
  });

  async function open(): Promise<ReadSession> {
    return (await loadBackend('duckdb')).openReader(location);
  }

  it('leaves the database to the exit, and the session fails afterwards', async () => {
    const close = vi.spyOn(NativeReadConnection.prototype, 'close');
    const leave = vi.spyOn(NativeReadConnection.prototype, 'leaveToExit');
    const reader = await open();
    expect((await reader.files()).length).toBeGreaterThan(0);
    await reader.close({ processExiting: true });
    expect(leave).toHaveBeenCalledTimes(1);
    expect(close).not.toHaveBeenCalled();
    await expect(reader.files()).rejects.toThrow(/closed/);
  });

  it('a plain close still releases the database', async () => {
    const close = vi.spyOn(NativeReadConnection.prototype, 'close');
    const leave = vi.spyOn(NativeReadConnection.prototype, 'leaveToExit');
    const reader = await open();
    await reader.close();
    expect(close).toHaveBeenCalledTimes(1);
    expect(leave).not.toHaveBeenCalled();
    await expect(reader.files()).rejects.toThrow(/closed/);
  });

  it('the CLI tells the session only when the launcher exits after the command', async () => {
    const args = { path: repo.root, 'output-dir': `${location.stateDir}/..`, backend: 'duckdb' };
    const leave = vi.spyOn(NativeReadConnection.prototype, 'leaveToExit');
    const close = vi.spyOn(NativeReadConnection.prototype, 'close');
    expect(processExitsAfterCommand()).toBe(false);
    expect((await withReader(args, (reader) => reader.files())).length).toBeGreaterThan(0);
    expect([leave.mock.calls.length, close.mock.calls.length]).toEqual([0, 1]);
    (globalThis as Record<symbol, unknown>)[EXIT_KEY] = true;
    expect(processExitsAfterCommand()).toBe(true);
    expect((await withReader(args, (reader) => reader.files())).length).toBeGreaterThan(0);
    expect([leave.mock.calls.length, close.mock.calls.length]).toEqual([1, 1]);
  });
});
