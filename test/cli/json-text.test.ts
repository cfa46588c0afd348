/**
 * The CLI's JSON writer: the same text as `JSON.stringify(value, null, 2)` on ordinary data, and no stack overflow on
 * data nested far deeper than `JSON.stringify` can take (a long `calls --tree`).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/bench/corpus.js';
import { stringifyIteratively } from '../../src/cli/json-text.js';

const SAMPLES: readonly unknown[] = [
  null,
  0,
  -0,
  1.5e-7,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  'text with "quotes", \\ backslash, \n newline, \u2028 and 日本',
  [],
  {},
  [[], {}, [[]], { a: [] }],
  { a: 1, skipped: undefined, fn: () => 1, b: [1, undefined, () => 2, null], c: { d: { e: 'deep' } } },
  { '__proto__-like key': 1, constructor: 'x', 'key "quoted"': [{ x: null }] },
];

function nested(levels: number): unknown {
  let node: { symbol: string; children: unknown[] } = { symbol: 'leaf', children: [] };
  for (let i = 0; i < levels; i++) node = { symbol: `s${i}`, children: [node] };
  return node;
}

describe('JSON text', () => {
  it('matches JSON.stringify(value, null, 2) exactly', () => {
    for (const sample of SAMPLES) expect(stringifyIteratively(sample)).toBe(JSON.stringify(sample, null, 2));
    expect(stringifyIteratively(nested(50))).toBe(JSON.stringify(nested(50), null, 2));
  });

  it('writes data nested deeper than JSON.stringify can take (run with a small stack so the data stays small)', () => {
    // A process with a 200 KiB stack overflows JSON.stringify at a few hundred levels, as the default stack does at a
    // few thousand (a 3000-level call tree); the compiled writer must still produce the text.
    const script = `
      import { toJsonText } from ${JSON.stringify(join(PROJECT_ROOT, 'dist', 'cli', 'json-text.js'))};
      let node = { symbol: 'leaf', children: [] };
      for (let i = 0; i < 1000; i++) node = { symbol: 's' + i, children: [node] };
      let overflow = false;
      try { JSON.stringify(node); } catch (error) { overflow = error instanceof RangeError; }
      const text = toJsonText(node);
      process.stdout.write(JSON.stringify({ overflow, length: text.split('"symbol"').length, head: text.slice(0, 120) }));
    `;
    const run = spawnSync(process.execPath, ['--stack-size=200', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { overflow: boolean; length: number; head: string };
    expect([result.overflow, result.length]).toEqual([true, 1002]);
    expect(result.head.startsWith('{\n  "symbol": "s999",\n  "children": [\n    {\n      "symbol": "s998"')).toBe(true);
  });
});
