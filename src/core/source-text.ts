/**
 * Reading a source file safely and decoding it: the file is opened without following a symbolic link and without
 * blocking (a file swapped for a link or a FIFO after the scan must not be read through or hang the run), and text
 * is decoded from UTF-8 or, when a byte-order mark says so, UTF-16.
 *
 * @packageDocumentation
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/** The bytes of a file, or why they could not be read. */
export type ReadResult = { readonly bytes: Uint8Array } | { readonly reason: string };

/**
 * Read a regular file.
 *
 * @param absolute - Absolute path.
 * @returns The bytes, or a failure reason such as `unreadable: EACCES` or `not a regular file`.
 */
export function readRegularFile(absolute: string): ReadResult {
  let fd: number;
  try {
    fd = openSync(absolute, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    return { reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
  }
  try {
    if (!fstatSync(fd).isFile()) return { reason: 'not a regular file' };
    return { bytes: readFileSync(fd) };
  } catch (error) {
    return { reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
  } finally {
    closeSync(fd);
  }
}

/** Source text, or why the bytes are not text. */
export type DecodeResult = { readonly text: string } | { readonly reason: string };

/** How far into a file to look for a NUL byte when deciding it is binary (what git does). */
const BINARY_PROBE = 8000;

const DECODERS = {
  utf8: new TextDecoder('utf-8', { fatal: true }),
  utf16le: new TextDecoder('utf-16le', { fatal: true }),
  utf16be: new TextDecoder('utf-16be', { fatal: true }),
};

/**
 * Decode file content as source text. A UTF-16 byte-order mark selects UTF-16 (whose ASCII text is full of NUL
 * bytes, so the mark is checked before the binary test); otherwise NUL bytes near the start mean binary, and the
 * rest must be valid UTF-8 (a UTF-8 byte-order mark is dropped).
 *
 * @param bytes - Raw file content.
 * @returns The text, or `binary file` / `not valid UTF-8` / `not valid UTF-16`.
 */
export function decodeSource(bytes: Uint8Array): DecodeResult {
  const bom16 =
    bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf16le'
      : bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf16be'
        : null;
  if (bom16 !== null) {
    try {
      return { text: DECODERS[bom16].decode(bytes) };
    } catch {
      return { reason: 'not valid UTF-16' };
    }
  }
  if (bytes.subarray(0, BINARY_PROBE).includes(0)) return { reason: 'binary file' };
  try {
    return { text: DECODERS.utf8.decode(bytes) };
  } catch {
    return { reason: 'not valid UTF-8' };
  }
}
