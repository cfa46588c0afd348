/**
 * Finding manifest, campaign and gate files by name (`short` ⇒ `campaigns/short.json`) or by path.
 *
 * @packageDocumentation
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { PROJECT_ROOT } from './corpus.js';

/** The folders of the project that hold harness files. */
export type ConfigKind = 'manifests' | 'campaigns' | 'gates';

const SINGULAR: Readonly<Record<ConfigKind, string>> = {
  manifests: 'manifest',
  campaigns: 'campaign',
  gates: 'gate file',
};

/**
 * Names of the files of one kind shipped in the project.
 *
 * @param kind - Which folder.
 * @returns Base names without `.json`, sorted.
 */
export function knownConfigNames(kind: ConfigKind): string[] {
  try {
    return readdirSync(join(PROJECT_ROOT, kind))
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Resolve a name or a path to an existing file. A bare name (no slash, no `.json`) is looked up in the project's
 * folder of that kind; anything else is a path relative to `relativeTo`.
 *
 * @param kind - Which folder bare names live in.
 * @param nameOrPath - `short`, `campaigns/short.json`, `/abs/x.json`, …
 * @param relativeTo - Base folder for relative paths (default: the working directory).
 * @returns Absolute path of the file.
 */
export function resolveConfigFile(kind: ConfigKind, nameOrPath: string, relativeTo: string = process.cwd()): string {
  const isName = !nameOrPath.includes('/') && !nameOrPath.endsWith('.json');
  const file = isName ? join(PROJECT_ROOT, kind, `${nameOrPath}.json`) : resolve(relativeTo, nameOrPath);
  if (existsSync(file)) return file;
  if (isName) {
    const known = knownConfigNames(kind);
    throw new UsageError(
      `${SINGULAR[kind]} '${nameOrPath}' not found (looked for ${kind}/${nameOrPath}.json; known: ${known.join(', ') || 'none'})`,
    );
  }
  throw new UsageError(`${SINGULAR[kind]} file ${file} does not exist`);
}
