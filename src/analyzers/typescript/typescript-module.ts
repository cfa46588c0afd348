/**
 * Module names of TypeScript/JavaScript files and the relative import specifiers that point at them.
 *
 * @packageDocumentation
 */
import { posix } from 'node:path';

const IMPORT_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/**
 * Lower-cased extension of a path.
 *
 * @param path - A file path.
 * @returns The extension with its dot (`.ts`), or `''`.
 */
export function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(dot).toLowerCase() : '';
}

/**
 * Module name of a file: its repository-relative path without the extension (`src/util/map.ts` → `src/util/map`).
 *
 * @param path - Repository-relative path with `/` separators.
 * @returns The module name.
 */
export function typescriptModuleName(path: string): string {
  const ext = extensionOf(path);
  return ext === '' ? path : path.slice(0, -ext.length);
}

/**
 * Module name a relative import specifier points at, or `null` for package imports.
 *
 * @param fromDir - Directory of the importing file (`.` at the repository root).
 * @param specifier - The import source as written.
 * @returns The imported module name (repository-relative, no extension), or `null`.
 */
export function resolveRelativeImport(fromDir: string, specifier: string): string | null {
  if (!(specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..')) {
    return null;
  }
  return posix.join(fromDir, specifier.replace(IMPORT_EXTENSION, ''));
}
