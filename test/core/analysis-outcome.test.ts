/**
 * How an analysis host hands back an outcome: serialized once by the analysis thread and relayed as bytes (an analysis
 * process does not decode and re-encode the rows beside a large file's syntax tree), decoded by the pool into exactly
 * what the same file analyzed in this process gives.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_SET } from '../../src/analyzers/registry.js';
import { analyzeFile, type AnalysisTask } from '../../src/core/analyze-file.js';
import type { WorkerReply } from '../../src/core/analysis-protocol.js';
import { compiled, startHost, type HostKind } from '../../src/core/analysis-spawn.js';
import { analyzeAll } from '../../src/core/analysis-pool.js';
import { loadAnalyzers } from '../../src/core/analyzer.js';

const FILES: Readonly<Record<string, string>> = {
  'calls.py':
    'import os\n\n\ndef walk(p):\n    """Walk a tree."""\n    return [os.path.join(p, n) for n in os.listdir(p)]\n',
  'broken.py': 'def broken(:\n',
};

/**
 * The replies of one host to one request, up to the outcomes of every task.
 *
 * @param kind - Thread or process.
 * @param root - Repository root.
 * @param tasks - Files to analyze.
 * @returns The outcome replies, in arrival order.
 */
async function outcomeReplies(kind: HostKind, root: string, tasks: readonly AnalysisTask[]): Promise<WorkerReply[]> {
  const host = startHost({ analyzerModule: compiled(ANALYZER_SET.module).href, memoryMb: 256 }, kind);
  const replies: WorkerReply[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      host.attach({
        message: (reply) => {
          if (reply.kind === 'outcome') replies.push(reply);
          if (replies.length === tasks.length) resolve();
        },
        close: (code) => reject(new Error(`host ended (${code})`)),
        stderr: () => {},
        error: reject,
      });
      host.send({ root, start: 0, tasks });
    });
  } finally {
    host.kill();
  }
  return replies;
}

describe('analysis outcomes', () => {
  let root: string;
  const tasks: AnalysisTask[] = Object.keys(FILES).map((path) => ({ path, mtimeMs: 1 }));
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'codira-outcome-'));
    for (const [path, text] of Object.entries(FILES)) writeFileSync(join(root, path), text);
    await loadAnalyzers(ANALYZER_SET.all, Object.keys(FILES));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  for (const kind of ['process', 'thread'] as const) {
    it(`${kind}: an outcome arrives as serialized bytes that decode to the in-process analysis`, async () => {
      const replies = await outcomeReplies(kind, root, tasks);
      for (const reply of replies) {
        if (reply.kind !== 'outcome') continue;
        expect(reply.payload).toBeInstanceOf(Uint8Array);
        expect(deserialize(reply.payload)).toEqual(analyzeFile(root, tasks[reply.index]!, ANALYZER_SET.all));
      }
      expect(replies.map((reply) => (reply.kind === 'outcome' ? reply.index : -1)).sort()).toEqual([0, 1]);
    });
  }

  it('the pool yields decoded outcomes, equal to analysis in this process', async () => {
    const pooled = [];
    for await (const outcome of analyzeAll(root, tasks, ANALYZER_SET, 1)) pooled.push(outcome);
    const inline = [];
    for await (const outcome of analyzeAll(root, tasks, ANALYZER_SET, 0)) inline.push(outcome);
    expect(pooled.map((outcome) => outcome.kind)).toEqual(['ok', 'failed']);
    expect(pooled).toEqual(inline);
  });
});
