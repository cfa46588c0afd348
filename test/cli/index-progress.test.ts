import { describe, expect, it } from 'vitest';
import { markPhase } from '../../src/core/phases.js';
import { IndexProgress, progressLine } from '../../src/cli/index-progress.js';

describe('index progress line', () => {
  it('shows phase, files, rate, elapsed and what remains', () => {
    expect(progressLine({ phase: 'analyze', done: 120, total: 480, elapsedMs: 4_000, analyzeMs: 2_000 })).toBe(
      'index · analyze · 120/480 files · 60 files/s · 0:04 elapsed · ~0:06 left',
    );
    expect(progressLine({ phase: 'commit', done: 480, total: 480, elapsedMs: 65_000, analyzeMs: 60_000 })).toBe(
      'index · commit · 480/480 files · 8.0 files/s · 1:05 elapsed',
    );
    expect(progressLine({ phase: 'analyze', done: 9, total: 1000, elapsedMs: 1_000, analyzeMs: 1_000 })).toBe(
      'index · analyze · 9/1000 files · 9.0 files/s · 0:01 elapsed', // too early for an estimate
    );
    expect(progressLine({ phase: 'scan', done: 0, total: 0, elapsedMs: 300, analyzeMs: 0 })).toBe(
      'index · scan · 0:00 elapsed',
    );
  });

  it('follows the phase recorder and clears its line at the end', () => {
    const written: string[] = [];
    const progress = new IndexProgress((text) => written.push(text));
    markPhase('scan');
    markPhase('analyze');
    progress.files(3, 3);
    markPhase('commit');
    progress.finish();
    markPhase('render'); // no longer followed
    const lines = written.map((w) => w.replace('\r\x1b[K', ''));
    expect(lines[0]).toMatch(/^index · scan · /);
    expect(lines[1]).toMatch(/^index · analyze · /);
    expect(lines[2]).toMatch(/^index · analyze · 3\/3 files/);
    expect(lines[3]).toMatch(/^index · commit · 3\/3 files/);
    expect(lines[4]).toBe('');
    expect(lines).toHaveLength(5);
  });
});
