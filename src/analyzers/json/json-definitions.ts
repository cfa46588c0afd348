/**
 * Which members of a JSON document become symbols, and how they are named: object members down to
 * {@link MAX_DEPTH} levels, named by the file path and a JSON Pointer (`tsconfig.json#/compilerOptions/strict`, the
 * way JSON Schema `$ref`s spell them).
 *
 * @packageDocumentation
 */

/** Deepest object level whose members become symbols (1 = top-level keys). */
export const MAX_DEPTH = 3;

/**
 * Most member symbols per file: lock files and data dumps have tens of thousands of keys that nobody looks up by
 * name. A capped file keeps all members of an object before those of its nested objects.
 */
export const MAX_MEMBERS = 1000;

/**
 * One JSON Pointer reference token (RFC 6901): `~` and `/` escaped.
 *
 * @param key - The member name.
 * @returns The escaped token.
 */
export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
