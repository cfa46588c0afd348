/**
 * A measured process waits for the analysis processes it released (`CODIRA_WAIT_FOR_ANALYSIS=1`, set by the benchmark
 * harness), so `wait4` — GNU time's peak RSS and CPU — includes them; otherwise it ends without waiting.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SPAWN = pathToFileURL(resolve('dist/core/analysis-spawn.js')).href;
const REGISTRY = pathToFileURL(resolve('dist/cli/analysis-prestart.js')).href;

// Starts an analysis process, waits until it is ready, releases it, and at exit says whether it had been reaped
// (its exit status collected by this process, which is what puts its usage into this process's `wait4` figures).
const SCRIPT = `
const { AnalysisProcess } = await import(${JSON.stringify(SPAWN)});
const { ANALYZER_REGISTRY } = await import(${JSON.stringify(REGISTRY)});
const host = new AnalysisProcess({ analyzerModule: ANALYZER_REGISTRY, memoryMb: 256 });
await new Promise((ready) =>
  host.attach({
    message: (reply) => reply.kind === 'ready' && ready(),
    close: (code, signal) => { console.error('analysis process ended before it was ready', code, signal); process.exit(2); },
    stderr: (text) => process.stderr.write(text),
    error: (error) => { console.error(error.message); process.exit(2); },
  }),
);
host.release();
const { writeSync } = await import('node:fs');
process.on('exit', () => writeSync(1, JSON.stringify({ reaped: host.child.exitCode !== null || host.child.signalCode !== null, pid: host.child.pid })));
`;

function run(env: Record<string, string>): { reaped: boolean; pid: number } {
  // A file, not `--eval`: the analysis process is forked with this process's `execArgv`.
  const folder = mkdtempSync(join(tmpdir(), 'codira-exit-wait-'));
  const script = join(folder, 'release.mjs');
  writeFileSync(script, SCRIPT);
  const result = spawnSync(process.execPath, [script], {
    encoding: 'utf8',
    env: { ...process.env, CODIRA_WAIT_FOR_ANALYSIS: '', ...env },
    timeout: 30_000,
  });
  rmSync(folder, { recursive: true, force: true });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { reaped: boolean; pid: number };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('waiting for released analysis processes', () => {
  it('under CODIRA_WAIT_FOR_ANALYSIS=1 the process ends only after its analysis process has exited', () => {
    const outcome = run({ CODIRA_WAIT_FOR_ANALYSIS: '1' });
    expect(outcome.reaped).toBe(true);
    expect(alive(outcome.pid)).toBe(false);
  });

  it('without it the process ends at once and the analysis process exits on its own', async () => {
    const outcome = run({});
    expect(outcome.reaped).toBe(false);
    for (let attempt = 0; attempt < 100 && alive(outcome.pid); attempt++) {
      await new Promise((done) => setTimeout(done, 50));
    }
    expect(alive(outcome.pid)).toBe(false);
  });
});
