/**
 * Listing a state directory without the stored-state snapshot (`src/core/stored-state.ts`): index runs write it
 * beside the store after a commit and remove it when a writer opens, so tests about store files leave it out.
 */
import { readdirSync } from 'node:fs';

/** The snapshot's file name (its temporaries are not matched: a leftover temporary is a stray file). */
const SNAPSHOT = /^stored-state\.[^.]+\.json$/;

/**
 * The names in a state directory, sorted, without the stored-state snapshot.
 *
 * @param stateDir - The state directory.
 * @returns The other names.
 */
export function listWithoutSnapshot(stateDir: string): string[] {
  return readdirSync(stateDir)
    .filter((name) => !SNAPSHOT.test(name))
    .sort();
}
