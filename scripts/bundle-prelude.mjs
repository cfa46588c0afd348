// Shared first step of the bundle builds (bundle-sdk.mjs, bundle-read.mjs): remove an earlier build's bundle and code
// cache, so a build without rolldown never leaves a stale one behind, then load rolldown.
import { rmSync } from 'node:fs';

/**
 * Remove `bundle` and its code cache, then load rolldown.
 *
 * @param bundle - Absolute path of the bundle to build.
 * @param withoutRolldown - The line to print when rolldown is not installed (an install without dev
 *   dependencies); the build then stops with exit code 0.
 * @returns The rolldown module.
 */
export async function prepareBundle(bundle, withoutRolldown) {
  rmSync(bundle, { force: true });
  rmSync(`${bundle}.v8cache`, { force: true });
  try {
    return await import('rolldown');
  } catch {
    process.stderr.write(`${withoutRolldown}\n`);
    process.exit(0);
  }
}
