/**
 * `barrelMentions` decides whether a resolution runs rule 1c at all (SQLite and DuckDB), so it must find every
 * candidate that can name a module with an export table; a miss would silently drop rule 1c's answers. The same text
 * runs as RE2 in DuckDB: its DuckDB answers are checked against JavaScript's here.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { barrelMentions } from '../../src/core/module-exports.js';

const BARRELS = ['src/internal', 'index', 'lib/a.b/index'];

/** Hints that can hold a candidate naming one of the barrels, and why. */
const HINT_HITS = [
  'src/internal.observable', // a plain candidate
  'x.y|src/internal.Atom.get', // a later candidate
  '=src/internal.globalState', // a value candidate
  'src/internal.getAtom,other.f~r~get', // a callee part
  'other.f,src/internal.g~r~m', // a later callee part
  'other.f,=src/internal.c~f.x~m', // a later callee part, a value
  'index.run', // a barrel at the root
  'lib/a.b/index.make', // a barrel whose folder holds a `.`
];

/** Hints that cannot: a slot or member named like a barrel, a longer module name, a suffix form. */
const HINT_MISSES = [
  'src/other.f~r~index',
  'src/other.f~index~m',
  'src/internal2.x',
  'src/internals.x',
  'xindex.run',
  'pre/index.run',
  '*.index.run',
];

const SLOT_HITS = [';r=src/internal.Atom;', ';e=index;', ';r=lib/a.b/index.T,src/other.U;', ';f.x==src/internal.v;'];
// (A slot named like a barrel, `;index=…`, matches needlessly: allowed, a slot name is never a candidate.)
const SLOT_MISSES = [';r=src/internal2.Atom;', ';r=my/index.T;'];

describe('barrelMentions', () => {
  const mentions = barrelMentions(BARRELS);

  it('finds every hint and slot-types text that can name a barrel, and none of the others (JavaScript)', () => {
    const hints = new RegExp(mentions.hints);
    const slots = new RegExp(mentions.slotTypes);
    expect(HINT_HITS.filter((hint) => !hints.test(hint))).toEqual([]);
    expect(HINT_MISSES.filter((hint) => hints.test(hint))).toEqual([]);
    expect(SLOT_HITS.filter((text) => !slots.test(text))).toEqual([]);
    expect(SLOT_MISSES.filter((text) => slots.test(text))).toEqual([]);
  });

  it('gives DuckDB (RE2) the same answers', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const matches = async (texts: string[], pattern: string): Promise<boolean[]> => {
        const values = texts.map((text) => `('${text.replaceAll("'", "''")}')`).join(', ');
        const sql = `SELECT regexp_matches(t, '${pattern.replaceAll("'", "''")}') FROM (VALUES ${values}) v(t)`;
        return (await connection.runAndReadAll(sql)).getRows().map((row) => row[0] === true);
      };
      const hints = [...HINT_HITS, ...HINT_MISSES];
      const slots = [...SLOT_HITS, ...SLOT_MISSES];
      expect(await matches(hints, mentions.hints)).toEqual(hints.map((hint) => HINT_HITS.includes(hint)));
      expect(await matches(slots, mentions.slotTypes)).toEqual(slots.map((text) => SLOT_HITS.includes(text)));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
