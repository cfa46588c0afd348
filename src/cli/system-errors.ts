/**
 * Operating-system and storage-engine errors seen at the CLI boundary. They come from the state directory or the
 * repository (permissions, a read-only or full disk, a file where a directory belongs), not from a bug, so they are
 * reported as one line with the bad-state exit code instead of "internal error".
 *
 * @packageDocumentation
 */

/** Short, stable explanations of the errno codes a user can meet on the file system. */
const ERRNO_TEXT: Readonly<Record<string, string>> = Object.freeze({
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'already exists',
  ENOENT: 'no such file or directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EBUSY: 'resource busy',
  EXDEV: 'cross-device rename',
  EINVAL: 'invalid argument',
  EFBIG: 'file too large',
});

/** Engine messages that mean "the disk or the state directory is the problem", not "codira is wrong". */
const ENGINE_IO = [
  /^disk I\/O error/i,
  /^IO Error:/,
  /database or disk is full/i,
  /^unable to open database file/i,
  /no space left on device|disk quota exceeded|read-only file system|input\/output error/i,
];

/**
 * The reason of a file-system error, e.g. `permission denied (EACCES)`, or `null` when it is not one.
 *
 * @param error - Whatever was thrown.
 * @returns The reason text, or `null`.
 */
export function errnoReason(error: unknown): string | null {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' && code in ERRNO_TEXT ? `${ERRNO_TEXT[code]} (${code})` : null;
}

/**
 * Describe an error caused by the file system or the storage engine's I/O, or return `null` for anything else.
 *
 * @param error - Whatever was thrown.
 * @returns A one-line message, or `null` when the error is not a system error.
 */
export function describeSystemError(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const { syscall, path } = error as NodeJS.ErrnoException;
  const reason = errnoReason(error);
  if (reason !== null && typeof syscall === 'string') {
    return `cannot ${syscall}${typeof path === 'string' ? ` ${path}` : ''}: ${reason}`;
  }
  const firstLine = error.message.split('\n')[0] ?? '';
  if (ENGINE_IO.some((pattern) => pattern.test(firstLine))) return `storage error: ${firstLine}`;
  return null;
}

/**
 * Whether an error means the reader of standard output went away (`codira … | head -1`).
 *
 * @param error - The error emitted by the stream.
 * @returns `true` for a broken pipe.
 */
export function isBrokenPipe(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'EPIPE';
}
