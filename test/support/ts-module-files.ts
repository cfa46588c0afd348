/**
 * Hand-written TypeScript files for the resolution contract tests (rule 1c's export tables, slot entries), and the
 * call edges an index answers for them.
 */
import type { BackendFactory, StoreLocation } from '../../src/core/contracts.js';
import type { AnalyzedFile } from '../../src/core/model.js';
import { file } from '../backends/duckdb-fixtures.js';

/**
 * A TypeScript file whose module symbol (index 0) has the given slot types; `slotTypes` of other symbols by index.
 *
 * @param path - Path of the file (`web/x.ts`: module `web/x`).
 * @param symbols - Symbols after the module: `[qualified name, kind, start line]`.
 * @param calls - Calls of the module: `[text, hint, line]`.
 * @param slotTypes - Slot types by symbol index (0: the module).
 * @returns The analyzed file.
 */
export function tsFile(
  path: string,
  symbols: [string, 'class' | 'method' | 'function', number][],
  calls: [string, string, number][],
  slotTypes: Record<number, string>,
): AnalyzedFile {
  const module = path.replace(/\.ts$/, '');
  const base = file(
    path,
    [[module, 'module', 1], ...symbols],
    calls.map(([text, hint, line]) => [0, text, hint, line]),
  );
  return {
    ...base,
    // A TypeScript module is named by its path without the extension (the fixture's default is dotted).
    analysis: {
      ...base.analysis,
      module,
      symbols: base.analysis.symbols.map((s, i) =>
        slotTypes[i] === undefined ? s : { ...s, slotTypes: slotTypes[i] },
      ),
    },
  };
}

/**
 * The call edges of an index as `path:line text -> target`.
 *
 * @param backend - Factory.
 * @param location - Index location.
 * @returns The edges in path and line order.
 */
export async function edgesAt(backend: BackendFactory, location: StoreLocation): Promise<string[]> {
  const reader = await backend.openReader(location);
  try {
    const ids = (await reader.listSymbols({})).map((s) => s.id);
    return (await reader.edges({ kind: 'call', direction: 'from', ids }))
      .map((e) => `${e.path}:${e.line} ${e.targetText} -> ${e.targetQualifiedName ?? '-'}`)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  } finally {
    await reader.close();
  }
}
