/**
 * The embedding signal's WebAssembly loop (`src/core/dot-kernel.ts`): every running sum must have the bits of the
 * JavaScript loop it replaces (`sum + float32 × weight`, added column by column), whatever the values (subnormals,
 * `-0`, huge and tiny magnitudes), the column's byte alignment and its place among the rows.
 */
import { describe, expect, it, vi } from 'vitest';
import { seeded } from '../../src/bench/statistics/bootstrap.js';
import { dotKernel } from '../../src/core/dot-kernel.js';

/**
 * Float32 values of every kind the sums must survive.
 *
 * @param n - How many.
 * @param next - Generator.
 * @returns The values.
 */
function values(n: number, next: () => number): Float32Array {
  const out = new Float32Array(n);
  const special = [0, -0, 1e-45, -1e-45, 3.4e38, -3.4e38, 1e-20, 0.1, -0.3];
  for (let i = 0; i < n; i++) {
    const r = next();
    out[i] = r < 0.2 ? special[Math.floor(next() * special.length)]! : (next() - 0.5) * 10 ** Math.floor(r * 12 - 6);
  }
  return out;
}

/**
 * The bytes of a float32 column at a given misalignment inside a larger buffer.
 *
 * @param column - Values.
 * @param shift - Bytes before the column.
 * @returns A view of exactly the column's bytes.
 */
function bytesAt(column: Float32Array, shift: number): Uint8Array {
  const holder = new Uint8Array(column.byteLength + shift);
  holder.set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), shift);
  return holder.subarray(shift);
}

describe('dotKernel', () => {
  it('sums each row with the bits of the JavaScript loop', () => {
    const next = seeded(7);
    for (const [rows, widest] of [
      [1, 1],
      [5, 3],
      [1000, 400],
      [70_000, 9_000],
    ] as const) {
      const kernel = dotKernel(rows, widest);
      expect(kernel).not.toBeNull();
      const expected = new Float64Array(rows);
      for (let pass = 0; pass < 6; pass++) {
        const weight = new Float32Array([(next() - 0.5) * 2 ** Math.floor(next() * 8)])[0]!;
        // Columns side by side over the rows, the last one shorter than `widest`, some empty.
        for (let at = 0; at < rows;) {
          const n = Math.min(rows - at, Math.floor(next() * (widest + 1)));
          const column = values(n, next);
          for (let i = 0; i < n; i++) expected[at + i] = expected[at + i]! + column[i]! * weight;
          kernel!.add(at, bytesAt(column, pass % 4), weight);
          at += n;
        }
      }
      const got = new BigUint64Array(Float64Array.from(kernel!.dots).buffer);
      const want = new BigUint64Array(expected.buffer);
      let differing = 0;
      for (let i = 0; i < rows; i++) if (got[i] !== want[i]) differing++;
      expect({ rows, differing }).toEqual({ rows, differing: 0 });
    }
  });

  it('refuses a column outside its rows or wider than it was made for', () => {
    const kernel = dotKernel(10, 4)!;
    expect(() => kernel.add(8, new Uint8Array(12), 1)).toThrow(RangeError);
    expect(() => kernel.add(0, new Uint8Array(20), 1)).toThrow(RangeError);
    expect(() => kernel.add(-1, new Uint8Array(4), 1)).toThrow(RangeError);
    kernel.add(6, new Uint8Array(16), 1);
    expect([...kernel.dots]).toEqual(new Array<number>(10).fill(0));
  });

  it('is unavailable, not broken, where WebAssembly is missing (the caller then sums in JavaScript)', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const fresh = await import('../../src/core/dot-kernel.js');
      expect(fresh.dotKernel(4, 4)).toBeNull();
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});
