/**
 * The bundled analysis thread declines a setup that names another analyzer module, and the thread then runs from the
 * ES module entry with that module's analyzers (`core/analysis-thread-start.ts`). The project's own runs always name
 * the registry, so only a module with the bundle beside it and a different list reaches the fallback: this test builds
 * one next to a copy of the built bundle.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerReply } from '../../src/core/analysis-protocol.js';
import { THREAD_BUNDLE } from '../../src/core/analysis-thread-start.js';
import { startHost } from '../../src/core/analysis-spawn.js';
import type { AnalysisOutcome } from '../../src/core/analyze-file.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** An analyzer list other than the registry's: the compiled registry plus one for `.alt` files. */
const ALT_MODULE = `import { ANALYZERS as REAL } from '../analyzers/registry.js';
const alt = {
  name: 'alt',
  version: '1',
  extensions: ['.alt'],
  claims: (path) => path.endsWith('.alt'),
  analyze(path) {
    const module = path.replace(/\\.alt$/, '');
    return { language: 'alt', module, symbols: [], calls: [], references: [], findings: [] };
  },
};
export const ANALYZERS = Object.freeze([...REAL, alt]);
`;

/** What an analysis process said on stderr and the outcomes it sent for one request. */
interface HostRun {
  readonly stderr: string;
  readonly outcomes: AnalysisOutcome[];
}

/**
 * Analyze files in an analysis process (its thread is where the bundle is tried) whose setup names `module`.
 *
 * @param module - URL of the analyzer module.
 * @param root - Repository root.
 * @param paths - Files to analyze.
 * @returns Its stderr and decoded outcomes.
 */
async function analyzeWith(module: string, root: string, paths: readonly string[]): Promise<HostRun> {
  const previous = process.env['CODIRA_TRACE'];
  process.env['CODIRA_TRACE'] = '1';
  const host = startHost({ analyzerModule: module, memoryMb: 256 }, 'process');
  if (previous === undefined) delete process.env['CODIRA_TRACE'];
  else process.env['CODIRA_TRACE'] = previous;
  let stderr = '';
  const outcomes: AnalysisOutcome[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      host.attach({
        message: (reply: WorkerReply) => {
          if (reply.kind === 'outcome') outcomes.push(deserialize(reply.payload as Uint8Array) as AnalysisOutcome);
          if (outcomes.length === paths.length) resolve();
        },
        close: (code) => reject(new Error(`host ended (${code}): ${stderr}`)),
        stderr: (text) => {
          stderr += text;
        },
        error: reject,
      });
      host.send({ root, start: 0, tasks: paths.map((path) => ({ path, mtimeMs: 1 })) });
    });
  } finally {
    host.kill();
  }
  return { stderr, outcomes };
}

describe('the bundled analysis thread with another analyzer list', () => {
  let folder: string;
  let repo: string;
  beforeAll(() => {
    // Inside dist/, so the copied bundle resolves its native packages from the project's node_modules.
    folder = mkdtempSync(join(ROOT, 'dist', 'thread-fallback-'));
    copyFileSync(join(ROOT, 'dist', 'analyzers', THREAD_BUNDLE), join(folder, THREAD_BUNDLE));
    writeFileSync(join(folder, 'alt-analyzers.js'), ALT_MODULE);
    repo = mkdtempSync(join(tmpdir(), 'codira-fallback-'));
    writeFileSync(join(repo, 'note.alt'), 'anything\n');
    writeFileSync(join(repo, 'calls.py'), 'def first():\n    return 1\n');
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  });

  it('loads the bundle, which declines the setup, and analyzes with the named module from the ES module entry', async () => {
    const module = pathToFileURL(join(folder, 'alt-analyzers.js')).href;
    const run = await analyzeWith(module, repo, ['note.alt', 'calls.py']);
    // The thread started from the bundle beside the module (no code cache was copied with it)…
    expect(run.stderr).toMatch(/analysis thread bundle code cache not used\n/);
    // …and the analyzers that ran are the module's own: the bundle's list has no `alt` analyzer.
    const languages = run.outcomes
      .map((outcome) => (outcome.kind === 'ok' ? outcome.analyzed.analysis.language : outcome.kind))
      .sort();
    expect(languages).toEqual(['alt', 'python']);
  }, 30_000);
});
