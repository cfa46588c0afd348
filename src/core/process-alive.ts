/**
 * Telling a crashed writer's leftovers from a live one's work in progress, by the pid in a temporary file's name.
 *
 * @packageDocumentation
 */

/**
 * Whether a process runs; `EPERM` means it runs under another user.
 *
 * @param pid - Process id.
 * @returns `true` when the process exists.
 */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
