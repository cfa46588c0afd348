/**
 * An analysis host started before its run planned (`WorkerSetup.preload`) loads the analyzers of the paths it was
 * given as soon as it is ready, before any file reaches it, and only those; without the hint it loads none until its
 * first file.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHost, type AnalysisHost } from '../../src/core/analysis-spawn.js';
import type { WorkerReply } from '../../src/core/analysis-protocol.js';

/**
 * A module of two analyzers whose `load` leaves a marker file each.
 *
 * @param folder - Where the module and the markers go.
 * @returns The module's URL.
 */
function markingAnalyzers(folder: string): string {
  const analyzer = (name: string): string => `{
    name: '${name}', version: '1', extensions: ['.${name}'],
    claims: (path) => path.endsWith('.${name}'),
    load: async () => writeFileSync(${JSON.stringify(join(folder, `${name}.loaded`))}, ''),
    analyze: () => { throw new Error('not used'); },
  }`;
  const file = join(folder, 'analyzers.mjs');
  writeFileSync(
    file,
    `import { writeFileSync } from 'node:fs';\nexport const ANALYZERS = [${analyzer('alpha')}, ${analyzer('beta')}];\n`,
  );
  return pathToFileURL(file).href;
}

/**
 * Wait for the host's `ready`, then for a condition.
 *
 * @param host - The host.
 * @param holds - The condition, polled.
 * @param ms - How long to wait for it after `ready`.
 * @returns Whether it held in time.
 */
async function readyThen(host: AnalysisHost, holds: () => boolean, ms = 10_000): Promise<boolean> {
  await new Promise<void>((resolve, reject) =>
    host.attach({
      message: (reply: WorkerReply) => void (reply.kind === 'ready' && resolve()),
      close: (code) => reject(new Error(`host ended (${code})`)),
      stderr: () => {},
      error: reject,
    }),
  );
  for (let attempt = 0; attempt < ms / 50; attempt++) {
    if (holds()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('an analysis host with paths to preload', () => {
  let folder: string;
  let host: AnalysisHost | null = null;
  beforeEach(() => void (folder = mkdtempSync(join(tmpdir(), 'codira-preload-'))));
  afterEach(() => {
    host?.discard();
    rmSync(folder, { recursive: true, force: true });
  });

  it.each(['thread', 'process'] as const)('loads their analyzers before any file arrives (%s)', async (kind) => {
    const analyzerModule = markingAnalyzers(folder);
    host = startHost({ analyzerModule, memoryMb: 256, preload: ['src/a.alpha'] }, kind);
    expect(await readyThen(host, () => existsSync(join(folder, 'alpha.loaded')))).toBe(true);
    expect(existsSync(join(folder, 'beta.loaded'))).toBe(false); // only the languages of the paths given
  });

  it('loads nothing before its first file without them', async () => {
    const analyzerModule = markingAnalyzers(folder);
    host = startHost({ analyzerModule, memoryMb: 256 }, 'thread');
    expect(await readyThen(host, () => existsSync(join(folder, 'alpha.loaded')), 1000)).toBe(false);
    expect(existsSync(join(folder, 'beta.loaded'))).toBe(false);
  });
});
