/**
 * The nesting check that sends a file of a small run to an analysis process instead of a thread
 * (`nestsTooDeep`, `src/core/analysis-pool.ts`): brackets picked out of the bytes as Latin-1 text must nest exactly
 * as the bytes do, for every byte value.
 */
import { describe, expect, it } from 'vitest';
import { seeded } from '../../src/bench/statistics/bootstrap.js';
import { nestsTooDeep } from '../../src/core/analysis-pool.js';

/** The bound of `analysis-pool.ts` (a file nested deeper goes to a process). */
const DEPTH = 200;

/**
 * The rule byte by byte: `(`, `[`, `{` open, `)`, `]`, `}` close, a closer at depth 0 is ignored.
 *
 * @param bytes - A file's bytes.
 * @returns Whether some bracket sits deeper than {@link DEPTH}.
 */
function reference(bytes: Uint8Array): boolean {
  let depth = 0;
  for (const byte of bytes) {
    if (byte === 0x28 || byte === 0x5b || byte === 0x7b) {
      if (++depth > DEPTH) return true;
    } else if ((byte === 0x29 || byte === 0x5d || byte === 0x7d) && depth > 0) depth--;
  }
  return false;
}

describe('nesting hazard', () => {
  it('is the depth bound, for every kind of bracket and with closers at depth 0 ignored', () => {
    for (const [open, close] of ['()', '[]', '{}']) {
      expect(nestsTooDeep(Buffer.from(open!.repeat(DEPTH) + close!.repeat(DEPTH)))).toBe(false);
      expect(nestsTooDeep(Buffer.from(open!.repeat(DEPTH + 1)))).toBe(true);
      // Closers first do not let the openers after them go deeper unnoticed.
      expect(nestsTooDeep(Buffer.from(close!.repeat(50) + open!.repeat(DEPTH + 1)))).toBe(true);
      expect(nestsTooDeep(Buffer.from(`${open!.repeat(DEPTH)}${close}${open}`))).toBe(false);
    }
    // Mixed kinds count together; other bytes (ASCII, UTF-8 sequences, every high byte) do not count.
    const high = Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i));
    const deep = Buffer.concat(
      Array.from({ length: DEPTH + 1 }, (_, i) => Buffer.concat([Buffer.from('([{'[i % 3]!), high])),
    );
    expect(nestsTooDeep(deep)).toBe(true);
    expect(nestsTooDeep(Buffer.from('é'.repeat(1000) + '('.repeat(DEPTH)))).toBe(false);
    expect(nestsTooDeep(Buffer.alloc(0))).toBe(false);
  });

  it('agrees with the byte-by-byte rule on random bytes', () => {
    const random = seeded(19);
    const brackets = [0x28, 0x29, 0x5b, 0x5d, 0x7b, 0x7d];
    for (let round = 0; round < 400; round++) {
      const openBias = 0.45 + random() * 0.2; // around the balance point: both outcomes occur
      const bytes = new Uint8Array(200 + Math.floor(random() * 3000));
      for (let i = 0; i < bytes.length; i++) {
        const r = random();
        if (r < 0.5) bytes[i] = Math.floor(random() * 256);
        else bytes[i] = brackets[2 * Math.floor(random() * 3) + (random() < openBias ? 0 : 1)]!;
      }
      const buffer = Buffer.from(bytes);
      expect(nestsTooDeep(buffer), `round ${round}`).toBe(reference(bytes));
    }
  });
});
