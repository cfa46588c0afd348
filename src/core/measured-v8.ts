/**
 * The V8 that codira's run-time V8 flags were measured on. The server's tiering (`src/server/tiering.ts`) and an
 * index run's optimizer hold (`src/cli/optimizer-hold.ts`) set flags whose names and defaults change between V8
 * versions, so both apply them only where they were measured (`docs/process/issue-12-execution.md`,
 * `issue-14-execution.md`, session 14).
 *
 * @packageDocumentation
 */

/**
 * Whether a V8 is the one the run-time flags were measured on (V8 11, Node 20).
 *
 * @param v8Version - `process.versions.v8`.
 * @returns `true` on V8 11.
 */
export function isMeasuredV8(v8Version: string): boolean {
  return v8Version.startsWith('11.');
}
