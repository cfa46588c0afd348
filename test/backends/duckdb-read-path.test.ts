/**
 * The DuckDB query path stays light: the modules statically reachable from the backend factory and from the read
 * session never load `@duckdb/node-api`, `apache-arrow` or the writer (they cost about half a second per process).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DUCKDB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/backends/duckdb');

/**
 * Value (non-type) static import specifiers of a TypeScript module, and the packages it loads with `require` (a
 * CommonJS package loaded through `createRequire` at module level, directly or through a `load` alias of it, is as
 * static as an import).
 *
 * @param file - Module path.
 * @returns Specifiers in source order, imports first.
 */
function staticImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)';/gms)) {
    if (!match[1]) specifiers.push(match[2]!);
  }
  for (const match of source.matchAll(/(?:\brequire|\bload|createRequire\(import\.meta\.url\))\(\s*'([^']+)'/g)) {
    specifiers.push(match[1]!);
  }
  return specifiers;
}

/**
 * Every module statically reachable from `entry` inside the backend folder, plus the packages they import.
 *
 * @param entry - Relative specifier of the first module.
 * @returns Reachable specifiers.
 */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    if (!name.startsWith('./')) return;
    for (const specifier of staticImports(join(DUCKDB_DIR, name.replace(/\.js$/, '.ts')))) {
      if (specifier.startsWith('./') || !specifier.startsWith('.')) visit(specifier);
    }
  };
  visit(entry);
  return seen;
}

describe('duckdb read path', () => {
  for (const entry of ['./duckdb-backend.js', './duckdb-reader.js']) {
    it(`${entry} statically loads no writer module`, () => {
      const reachable = [...closure(entry)];
      expect(reachable).toContain('./duckdb-schema.js');
      expect(reachable.filter((name) => /node-api|apache-arrow|writer|bulk-load|arrow-batches/.test(name))).toEqual([]);
    });
  }

  it('a one-shot read session statically loads no module only a long-lived session or an embedding read needs', () => {
    const reachable = [...closure('./duckdb-reader.js')];
    expect(reachable).toContain('./duckdb-read-symbols.js');
    expect(reachable.filter((name) => /name-index|resolved-edges|read-embeddings/.test(name))).toEqual([]);
  });

  it('the writer loads the bindings only through duckdb-native', () => {
    // Importing the package elsewhere loaded it a second way: through its `detect-libc` check, and, bundled, with its
    // exports copied into a namespace (~3–5 ms of a one-file run's main thread; issue 12 ledger, session 24).
    const modules = [...closure('./duckdb-writer.js')].filter((name) => name.startsWith('./'));
    expect(modules).toContain('./duckdb-bulk-load.js');
    const direct = modules.filter(
      (name) =>
        name !== './duckdb-native.js' &&
        staticImports(join(DUCKDB_DIR, name.replace(/\.js$/, '.ts'))).some((s) => s.startsWith('@duckdb/')),
    );
    expect(direct).toEqual([]);
  });

  it('the reader uses the raw bindings only', () => {
    expect(closure('./duckdb-reader.js')).toContain('@duckdb/node-bindings');
    expect([...closure('./duckdb-writer.js')].some((name) => name.startsWith('apache-arrow/'))).toBe(true);
  });
});
