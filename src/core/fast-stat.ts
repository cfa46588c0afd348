/**
 * One `lstat` per file without Node's `Stats` object: the per-file cost of every scan that a larger tree multiplies.
 *
 * A scan stats every claimed file (contents are read only when size or time changed), and a replayed walk stats every
 * folder. Node 20's `fs.lstatSync` builds a `Stats` object per call (fourteen numbers and four `Date`s) through
 * functions that, in an index run, stay unoptimized (TurboFan is held off while the run may still be a no-op:
 * `cli/optimizer-hold.ts`): ~3.7 µs of CPU per file against ~2 µs for the system call and its path (issue 12,
 * session 21: 5,892 SymPy × 4 files, 22 ms vs 12.5 ms, `docs/process/evidence/s21-scale/`). The file system binding
 * under `fs.lstatSync` fills one shared array with the same numbers; reading three of them is all a scan needs.
 *
 * That binding is Node's, not a public API (`process.binding`, deprecated without a runtime warning unless
 * `--pending-deprecation`), so it is used only where it proves itself: present as a function, no pending-deprecation
 * warning to print, and its first answer equal to `fs.lstatSync`'s for the same path. Otherwise, and for every call
 * that throws or returns something else, the public call answers — so errors, and every answer, are `lstatSync`'s.
 *
 * @packageDocumentation
 */
import { constants, lstatSync } from 'node:fs';

/** What a scan needs of one `lstat`. */
export interface FileStat {
  /** A regular file (not a link, folder or special file). */
  readonly isFile: boolean;
  /** Size in bytes. */
  readonly size: number;
  /** Modification time in ms since the epoch, with `fs.Stats.mtimeMs`'s fraction. */
  readonly mtimeMs: number;
}

/** The binding's `lstat`: `(path, bigint, request, throwIfNoEntry)`, synchronous without a request. */
type BindingLstat = (
  path: string,
  bigint: boolean,
  request: undefined,
  throwIfNoEntry: boolean,
) => Float64Array | BigInt64Array | undefined;

// Positions in the binding's stat array (node's `kFsStatsFieldsNumber` layout, src/node_file.h): checked at first use.
const DEV = 0;
const MODE = 1;
const INO = 7;
const SIZE = 8;
const MTIME_SEC = 12;
const MTIME_NSEC = 13;

/** `undefined`: not tried yet; `null`: the public call answers. */
let binding: BindingLstat | null | undefined;

/**
 * Turn the binding off (or back on) for this process: tests compare both paths.
 *
 * @param enabled - `false`: every call goes through `fs.lstatSync`.
 */
export function useStatBinding(enabled: boolean): void {
  binding = enabled ? undefined : null;
}

/**
 * Whether the binding answers (after a first call): tests check that it is in use where it was measured.
 *
 * @returns `true` when the last check accepted the binding.
 */
export function statBindingInUse(): boolean {
  return binding !== null && binding !== undefined;
}

function pendingDeprecation(): boolean {
  const flags = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  return flags.includes('--pending-deprecation') || process.env['NODE_PENDING_DEPRECATION'] === '1';
}

/**
 * The binding, checked against `fs.lstatSync` on `path` (which the caller is about to stat anyway).
 *
 * @param path - A path to compare both answers on.
 * @returns The binding's `lstat`, `null` to use the public call, or `undefined` when `path` does not exist (checked
 *   again on the next path).
 */
function checkedBinding(path: string): BindingLstat | null | undefined {
  try {
    const host = process as unknown as { binding?: (name: string) => { lstat?: unknown } };
    if (pendingDeprecation() || typeof host.binding !== 'function') return null;
    const lstat = host.binding('fs').lstat;
    if (typeof lstat !== 'function') return null;
    const fast = lstat as BindingLstat;
    const plain = fast(path, false, undefined, false);
    const wide = fast(path, true, undefined, false);
    if (plain === undefined && wide === undefined && lstatSync(path, { throwIfNoEntry: false }) === undefined) {
      return undefined;
    }
    if (!(plain instanceof Float64Array) || !(wide instanceof BigInt64Array)) return null;
    const reference = lstatSync(path, { bigint: true });
    const mtimeMs = plain[MTIME_SEC]! * 1000 + plain[MTIME_NSEC]! / 1e6;
    const same =
      plain[MODE] === Number(reference.mode) &&
      plain[SIZE] === Number(reference.size) &&
      mtimeMs === lstatSync(path).mtimeMs &&
      wide[DEV] === reference.dev &&
      wide[INO] === reference.ino &&
      wide[SIZE] === reference.size &&
      wide[MTIME_SEC]! * 1_000_000_000n + wide[MTIME_NSEC]! === reference.mtimeNs &&
      wide[MTIME_SEC]! * 1000n + wide[MTIME_NSEC]! / 1_000_000n === reference.mtimeMs;
    const identity = identityOfValues(plain);
    const expected = `${reference.dev}:${reference.ino}:${reference.size}:${reference.mtimeNs}`;
    return same && (identity === null || identity.identity === expected) ? fast : null;
  } catch {
    return null;
  }
}

/**
 * The binding's stat numbers of one path, or `undefined` when the binding is off or cannot answer (the caller then asks
 * the public call, which also says what went wrong).
 *
 * @param path - Path (absolute, or relative to the working folder).
 * @returns The stat array in the binding's layout.
 */
function bindingValues(path: string): Float64Array | undefined {
  if (binding === undefined) binding = checkedBinding(path);
  if (binding === null || binding === undefined) return undefined;
  try {
    const values = binding(path, false, undefined, false);
    return values instanceof Float64Array ? values : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `lstat` of one path: what {@link FileStat} needs, or `null` when nothing is there (`ENOENT`); any other error is
 * thrown as `fs.lstatSync` throws it.
 *
 * @param path - Path (absolute, or relative to the working folder).
 * @returns The stat, or `null` for a missing path.
 */
export function lstatFile(path: string): FileStat | null {
  const values = bindingValues(path);
  if (values !== undefined) {
    return {
      isFile: (values[MODE]! & constants.S_IFMT) === constants.S_IFREG,
      size: values[SIZE]!,
      mtimeMs: values[MTIME_SEC]! * 1000 + values[MTIME_NSEC]! / 1e6,
    };
  }
  const stat = lstatSync(path, { throwIfNoEntry: false });
  return stat === undefined ? null : { isFile: stat.isFile(), size: stat.size, mtimeMs: stat.mtimeMs };
}

/**
 * The identity of a folder or file as `dev:ino:size:mtimeNs` (what a recorded walk compares) and its time in ms, or
 * `null` when it cannot be inspected.
 *
 * @param path - Path (absolute, or relative to the working folder).
 * @returns Identity and modification time in ms.
 */
export function identityStat(path: string): { identity: string; mtimeMs: number } | null {
  const values = bindingValues(path);
  if (values !== undefined) {
    const identity = identityOfValues(values);
    if (identity !== null) return identity;
  }
  try {
    const stat = lstatSync(path, { bigint: true });
    return { identity: `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`, mtimeMs: Number(stat.mtimeMs) };
  } catch {
    return null;
  }
}

/**
 * The identity `BigIntStats` gives, from the binding's numbers, without `BigInt` arithmetic: exact while every number
 * is a safe integer (a device, inode or size above 2⁵³ reads rounded, which is never a safe integer) and the time is
 * after 1970-01-01 00:00:01 (then `mtimeNs` is the seconds followed by the nine digits of the nanoseconds).
 *
 * @param values - The binding's stat array.
 * @returns Identity and whole ms (`BigIntStats.mtimeMs`), or `null` when only `BigInt`s say it exactly.
 */
function identityOfValues(values: Float64Array): { identity: string; mtimeMs: number } | null {
  const dev = values[DEV]!;
  const ino = values[INO]!;
  const size = values[SIZE]!;
  const sec = values[MTIME_SEC]!;
  const nsec = values[MTIME_NSEC]!;
  if (!Number.isSafeInteger(dev) || !Number.isSafeInteger(ino) || !Number.isSafeInteger(size)) return null;
  if (!Number.isSafeInteger(sec) || sec < 1 || !Number.isInteger(nsec) || nsec < 0 || nsec >= 1e9) return null;
  return {
    identity: `${dev}:${ino}:${size}:${sec}${String(nsec).padStart(9, '0')}`,
    mtimeMs: sec * 1000 + Math.floor(nsec / 1e6),
  };
}
