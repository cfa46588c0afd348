/**
 * The touched keys of an incremental SQLite run (`SqliteKeyWriter`): a symbol stored again as it was removed — same
 * handle, name, qualified name, kind, start line and slot types — touches nothing; any difference in what resolution
 * reads of it touches its old and new keys (issue 12 ledger, session 24: a comment edit of zod's `core.ts`
 * re-resolved 931 hints).
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AnalyzedFile, SymbolRecord } from '../../src/core/model.js';
import { SqliteKeyWriter, type RemovedSymbol } from '../../src/backends/sqlite/sqlite-resolution-keys.js';
import { SQLITE_TABLES } from '../../src/backends/sqlite/sqlite-schema.js';

/**
 * A symbol record.
 *
 * @param qualifiedName - Its qualified name (its name is the last segment unless given).
 * @param more - Fields to override.
 * @returns The record.
 */
function symbol(qualifiedName: string, more: Partial<SymbolRecord> = {}): SymbolRecord {
  return {
    qualifiedName,
    name: qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1),
    kind: 'function',
    startLine: 1,
    endLine: 2,
    signature: '',
    docstring: null,
    exported: true,
    ...more,
  };
}

/**
 * The removed form of a symbol at a handle.
 *
 * @param id - Its handle.
 * @param record - The symbol.
 * @returns The removed symbol.
 */
function removed(id: number, record: SymbolRecord): RemovedSymbol {
  const { name, qualifiedName, kind, startLine } = record;
  return { id, name, qualifiedName, kind, startLine, slotTypes: record.slotTypes ?? null };
}

/**
 * The touched keys after removing `before` (handles from 10) and storing `after` from handle `first`.
 *
 * @param before - The removed symbols.
 * @param after - The stored symbols.
 * @param first - The stored file's first handle.
 * @returns The touched keys, sorted.
 */
function touchedAfter(before: SymbolRecord[], after: SymbolRecord[], first = 10): string[] {
  const db = new Database(':memory:');
  db.exec(SQLITE_TABLES);
  const keys = new SqliteKeyWriter(db, true);
  keys.remove(
    before.map((record, i) => removed(10 + i, record)),
    [],
  );
  const file: AnalyzedFile = {
    file: { path: 'm.py', hash: 'h', size: 1, mtimeMs: 1, analyzer: 'python' },
    analysis: { language: 'python', module: 'm', symbols: after, calls: [], references: [], findings: [] },
    embeddings: new Float32Array(0),
  };
  keys.writeFile(file, first);
  keys.flush();
  const touched = [...keys.touched].sort();
  db.close();
  return touched;
}

describe('the touched keys of an incremental SQLite run', () => {
  const same = [symbol('m.f'), symbol('m.C', { kind: 'class', slotTypes: 'e=m.Base' }), symbol('m.C.run')];

  it('leave out every symbol stored again as it was', () => {
    expect(touchedAfter(same, same)).toEqual([]);
  });

  it('touch a symbol whose start line, slot types, name or kind differ, old and new keys', () => {
    const moved = same.map((s, i) => (i === 2 ? { ...s, startLine: 7 } : s));
    expect(touchedAfter(same, moved)).toEqual(['run']);
    const rebased = same.map((s, i) => (i === 1 ? { ...s, slotTypes: 'e=m.Other' } : s));
    expect(touchedAfter(same, rebased)).toEqual(['C']);
    const unslotted = same.map((s, i) => (i === 1 ? { ...s, slotTypes: undefined } : s));
    expect(touchedAfter(same, unslotted)).toEqual(['C']);
    const renamed = same.map((s, i) => (i === 0 ? { ...s, name: 'g' } : s));
    expect(touchedAfter(same, renamed)).toEqual(['f', 'g']);
    const rekinded = same.map((s, i) => (i === 0 ? { ...s, kind: 'variable' as const } : s));
    expect(touchedAfter(same, rekinded)).toEqual(['f']);
    const requalified = same.map((s, i) => (i === 0 ? symbol('m.h', { name: 'f' }) : s));
    expect(touchedAfter(same, requalified)).toEqual(['f', 'h']);
  });

  it('touch every symbol under new handles, and the removed symbols no stored one matches', () => {
    expect(touchedAfter(same, same, 20)).toEqual(['C', 'f', 'run']);
    expect(touchedAfter(same, same.slice(0, 2))).toEqual(['run']);
    expect(touchedAfter(same.slice(0, 2), same)).toEqual(['run']);
  });
});
