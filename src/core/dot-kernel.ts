/**
 * The embedding signal's inner loop as a tiny WebAssembly function: for every value of a float32 column, add
 * `double(value) × weight` to its row's running sum.
 *
 * Why: a one-shot `ctx` or `emb` scores each stored value of the query's ~28 dimensions once (SymPy: 1.3 million
 * products) and exits. JavaScript runs most of that loop in V8's interpreter and baseline tiers before the optimizer
 * takes it over (~5 ns per value in a one-shot process); WebAssembly is compiled to machine code before its first call
 * (~1 ns per value). WebAssembly's `f64.promote_f32`, `f64.mul` and `f64.add` are the IEEE 754 operations JavaScript
 * performs for `sum + float32 * weight` (the specification fixes them and forbids fusing a multiply into an add), so
 * the sums have the same bits.
 *
 * The module is assembled here byte by byte (no toolchain at build time); its text form is in {@link DOT_KERNEL_WAT}.
 *
 * @packageDocumentation
 */

/**
 * The kernel in WebAssembly text form (documentation only; the bytes below encode exactly this).
 */
export const DOT_KERNEL_WAT = `(module
  (memory (export "m") 1)
  (func (export "a") (param $dots i32) (param $col i32) (param $n i32) (param $w f64) (local $end i32)
    (local.set $end (i32.add (local.get $col) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $col) (local.get $end)))
      (loop $next
        (f64.store (local.get $dots)
          (f64.add (f64.load (local.get $dots))
                   (f64.mul (f64.promote_f32 (f32.load (local.get $col))) (local.get $w))))
        (local.set $dots (i32.add (local.get $dots) (i32.const 8)))
        (br_if $next (i32.lt_u (local.tee $col (i32.add (local.get $col) (i32.const 4))) (local.get $end)))))))`;

/** The function body of `a` (locals, then instructions; see {@link DOT_KERNEL_WAT}). */
// prettier-ignore
const BODY = [
  0x01, 0x01, 0x7f, // one local: $end i32
  0x20, 0x01, 0x20, 0x02, 0x41, 0x02, 0x74, 0x6a, 0x21, 0x04, // $end = $col + ($n << 2)
  0x02, 0x40, // block $done
  0x20, 0x01, 0x20, 0x04, 0x4f, 0x0d, 0x00, // br_if $done ($col >= $end)
  0x03, 0x40, // loop $next
  0x20, 0x00, // store address: $dots
  0x20, 0x00, 0x2b, 0x03, 0x00, // f64.load $dots
  0x20, 0x01, 0x2a, 0x02, 0x00, 0xbb, // f64.promote_f32 (f32.load $col)
  0x20, 0x03, 0xa2, 0xa0, // × $w, then +
  0x39, 0x03, 0x00, // f64.store
  0x20, 0x00, 0x41, 0x08, 0x6a, 0x21, 0x00, // $dots += 8
  0x20, 0x01, 0x41, 0x04, 0x6a, 0x22, 0x01, // $col += 4
  0x20, 0x04, 0x49, 0x0d, 0x00, // br_if $next ($col < $end)
  0x0b, 0x0b, 0x0b, // end loop, block, function
];

/**
 * @param id - Section id.
 * @param bytes - Its contents (under 128 bytes, so the size is one LEB128 byte).
 * @returns The section.
 */
function section(id: number, bytes: readonly number[]): number[] {
  return [id, bytes.length, ...bytes];
}

/** The module: one memory exported as `m` (one page, grown by the caller), one function exported as `a`. */
// prettier-ignore
const MODULE_BYTES = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  ...section(1, [0x01, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7c, 0x00]), // type 0: (i32, i32, i32, f64) → ()
  ...section(3, [0x01, 0x00]), // function 0 has type 0
  ...section(5, [0x01, 0x00, 0x01]), // memory 0: at least 1 page, no maximum
  ...section(7, [0x02, 0x01, 0x6d, 0x02, 0x00, 0x01, 0x61, 0x00, 0x00]), // export "m" memory 0, "a" function 0
  ...section(10, [0x01, BODY.length, ...BODY]), // code of function 0
]);

/** The part of the WebAssembly JavaScript API used here (the project's type libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

/** The kernel's exports. */
interface KernelExports {
  m: { buffer: ArrayBuffer; grow(pages: number): number };
  a: (dots: number, column: number, n: number, weight: number) => void;
}

/** Compiled once per process, on first use; `null` when WebAssembly is unavailable (e.g. `--jitless`). */
let compiled: object | null | undefined;

/** Running dot products over rows, fed one float32 column at a time. */
export interface DotKernel {
  /** The running sums, one per row (a view of the kernel's memory; zero until columns are added). */
  readonly dots: Float64Array;
  /**
   * Add `double(column[i]) × weight` to `dots[at + i]` for every value of the column, in order.
   *
   * @param at - Row of the column's first value.
   * @param column - Little-endian float32 values (any byte alignment), at most the `widest` the kernel was made for.
   * @param weight - The factor (a float32's exact double, for the embedding signal).
   */
  add(at: number, column: Uint8Array, weight: number): void;
}

/**
 * A kernel for `rows` running sums, or `null` when WebAssembly cannot run here (the caller then sums in JavaScript,
 * with the same bits).
 *
 * @param rows - Number of sums.
 * @param widest - Most values in one column.
 * @returns The kernel, its sums at zero.
 */
export function dotKernel(rows: number, widest: number): DotKernel | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (compiled === undefined) {
    try {
      compiled = wasm === undefined ? null : new wasm.Module(MODULE_BYTES);
    } catch {
      compiled = null;
    }
  }
  if (compiled === null || wasm === undefined) return null;
  const exports = new wasm.Instance(compiled).exports as KernelExports;
  const scratch = rows * 8;
  const bytes = scratch + widest * 4;
  const pages = Math.ceil(bytes / 65_536);
  if (pages > 1) exports.m.grow(pages - 1);
  const memory = new Uint8Array(exports.m.buffer);
  const sum = exports.a;
  return {
    dots: new Float64Array(exports.m.buffer, 0, rows),
    add(at: number, column: Uint8Array, weight: number): void {
      const n = column.length >> 2;
      if (at < 0 || at + n > rows || column.length > widest * 4)
        throw new RangeError('dot kernel: column out of range');
      memory.set(column, scratch);
      sum(at * 8, scratch, n, weight);
    },
  };
}
