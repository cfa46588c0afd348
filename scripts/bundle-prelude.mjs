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

/**
 * The bundle's text with every character outside ASCII written as a `\uXXXX` escape (a surrogate pair for one beyond
 * the Basic Multilingual Plane): the same program, since rolldown leaves such characters only in comments, string and
 * template literals and regular expressions, where the escape means the character itself. Why: V8 holds a source
 * with a single character beyond Latin-1 as a two-byte string — 143 such characters (`×`, `—`, `→` in comments and
 * messages) made the 780 KB index bundle a 1.5 MB string that every run decodes from UTF-8 and scans two bytes at a
 * time when it compiles a function lazily (issue 12 ledger, session 20, s20-sqlonefile). A template literal's raw text
 * would change, so a non-ASCII character in a `String.raw` template (or on a line that reads `.raw`) is refused.
 *
 * @param text - The bundle as rolldown wrote it.
 * @param name - The bundle's name, for the error.
 * @returns The ASCII text.
 */
export function asciiBundle(text, name) {
  for (const [raw] of text.matchAll(/String\.raw`[^`]*`?|\.raw\b[^\n]*/g)) {
    if (/[\u0080-\uffff]/.test(raw)) throw new Error(`bundle: ${name} has a non-ASCII character in a raw template`);
  }
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
