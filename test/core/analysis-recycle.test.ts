/**
 * An analysis host is replaced once it has been given its share of source (`HOST_SOURCE_BYTES`, or the limits'
 * `hostSourceBytes`): a process keeps native memory its parsers freed, so its memory would otherwise grow with the
 * repository it analyzes (issue 12, session 21). The replacement must not change what the run yields.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ANALYZER_SET } from '../../src/analyzers/registry.js';
import type { AnalysisOutcome, AnalysisTask } from '../../src/core/analyze-file.js';
import { DEFAULT_LIMITS } from '../../src/core/analysis-protocol.js';
import * as spawn from '../../src/core/analysis-spawn.js';
import { analyzeAll, FRESH_HOST_FILE_BYTES } from '../../src/core/analysis-pool.js';

vi.mock('../../src/core/analysis-spawn.js', async (original) => {
  const actual = await original<typeof spawn>();
  // Each host's requests are recorded (its `send` spied on).
  const startHost = (...args: Parameters<typeof actual.startHost>): spawn.AnalysisHost => {
    const host = actual.startHost(...args);
    const send = host.send.bind(host);
    host.send = vi.fn(send);
    return host;
  };
  return { ...actual, startHost: vi.fn(startHost) };
});

const FILE_COUNT = 40;

/**
 * Every outcome of a run, in order.
 *
 * @param run - The pool's iterator.
 * @returns The outcomes.
 */
async function collect(run: AsyncIterable<AnalysisOutcome>): Promise<AnalysisOutcome[]> {
  const out: AnalysisOutcome[] = [];
  for await (const outcome of run) out.push(outcome);
  return out;
}

describe('analysis host replacement', () => {
  let root: string;
  const tasks: AnalysisTask[] = [];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'codira-recycle-'));
    for (let i = 0; i < FILE_COUNT; i++) {
      const path = `m${String(i).padStart(2, '0')}.py`;
      const text = `import os\n\n\ndef f${i}(p):\n    """Doc ${i}."""\n    return os.path.join(p, str(${i}))\n`;
      writeFileSync(join(root, path), text);
      tasks.push({ path, mtimeMs: 1, bytes: Buffer.byteLength(text) });
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a host given its share of source is replaced, and the run yields what one host yields', async () => {
    const startHost = vi.mocked(spawn.startHost);
    startHost.mockClear();
    const once = await collect(analyzeAll(root, tasks, ANALYZER_SET, 1));
    expect(startHost).toHaveBeenCalledTimes(1);
    startHost.mockClear();
    // Every file is ~80 bytes: a host is replaced once it has been given 200 bytes (at its first dispatch after it is
    // ready), so this run of 40 files needs several.
    const share = { ...DEFAULT_LIMITS, hostSourceBytes: 200 };
    const replaced = await collect(analyzeAll(root, tasks, ANALYZER_SET, 1, share));
    expect(startHost.mock.calls.length).toBeGreaterThan(1);
    expect(replaced).toEqual(once);
    expect(replaced.map((outcome) => outcome.kind)).toEqual(Array<string>(FILE_COUNT).fill('ok'));
  });

  it('a large file goes to a fresh host: the host that analyzed files before it is replaced first', async () => {
    const big = 'big.py';
    const text = Array.from({ length: Math.ceil(FRESH_HOST_FILE_BYTES / 12) }, (_, i) => `v${i} = ${i}\n`).join('');
    writeFileSync(join(root, big), text);
    // Twenty small files, the large one, then the rest: one host is given the first chunks before the large file.
    const withBig = [
      ...tasks.slice(0, 20),
      { path: big, mtimeMs: 1, bytes: Buffer.byteLength(text) },
      ...tasks.slice(20),
    ];
    const startHost = vi.mocked(spawn.startHost);
    startHost.mockClear();
    const outcomes = await collect(analyzeAll(root, withBig, ANALYZER_SET, 1));
    expect(startHost).toHaveBeenCalledTimes(2);
    // The second host's first chunk starts at the large file.
    const second = startHost.mock.results[1]!.value as spawn.AnalysisHost;
    expect(vi.mocked(second.send).mock.calls[0]![0].start).toBe(20);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(Array<string>(FILE_COUNT + 1).fill('ok'));
    const inline = await collect(analyzeAll(root, withBig, ANALYZER_SET, 0));
    expect(outcomes).toEqual(inline);
  }, 60_000);
});
