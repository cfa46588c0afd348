/**
 * Query plans and answers of the incremental derived step's statements that once read every symbol row
 * (`src/backends/sqlite/sqlite-derived.ts`; issue 12 ledger, session 21): a one-file run must cost the rows it
 * touches, not the index.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  BARREL_HOLDERS_SQL,
  modulePart,
  rebuildFull,
  rewritable,
  starAnswers,
} from '../../src/backends/sqlite/sqlite-derived.js';
import {
  CALLABLE_KINDS,
  NAME_RESOLVABLE_HOLDER_KINDS,
  NAME_RESOLVABLE_KINDS,
  SLOT_HOLDER_KINDS,
} from '../../src/core/model.js';
import { SQLITE_EDGE_INDEXES, SQLITE_SYMBOL_INDEXES, SQLITE_TABLES } from '../../src/backends/sqlite/sqlite-schema.js';

/**
 * A schema-only writer database with the temporary table the barrel rounds read.
 *
 * @returns The database.
 */
function schemaDb(): Database.Database {
  const db = new Database(':memory:');
  db.exec(SQLITE_TABLES);
  db.exec(SQLITE_SYMBOL_INDEXES);
  db.exec('CREATE TEMP TABLE touched_keys (key TEXT PRIMARY KEY) WITHOUT ROWID;');
  return db;
}

describe('the barrel rounds of an incremental run (findStaleHints)', () => {
  it('read the modules with an export table from their partial index, never through an automatic index', () => {
    const db = schemaDb();
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${BARREL_HOLDERS_SQL}`).all() as { detail: string }[]).map(
      (row) => row.detail,
    );
    expect(plan.join('\n')).not.toMatch(/AUTOMATIC/);
    expect(plan.filter((detail) => / symbols /.test(detail))).toEqual([
      'SCAN symbols USING INDEX symbols_barrels',
      'SCAN symbols USING INDEX symbols_barrels',
    ]);
    // The slot keys of each touched key are read by key alone (not probed once per listed module).
    expect(plan).toContain('SEARCH s USING PRIMARY KEY (key=?)');
    db.close();
  });

  it('make a holder touched when it is the qualified name or the name of a module with an export table', () => {
    const db = schemaDb();
    db.exec(`
      INSERT INTO files (id, path, hash, size, mtime_ms, analyzer, language, module)
        VALUES (1, 'a.ts', '', 0, 0, 'typescript', 'typescript', 'a');
      INSERT INTO symbols (id, file_id, qualified_name, name, kind, start_line, end_line, signature, exported, slot_types)
        VALUES (1, 1, 'pkg/index', 'index', 'module', 1, 1, '', 1, '*=pkg/core'),
               (2, 1, 'pkg/plain', 'plain', 'module', 1, 1, '', 1, NULL),
               (3, 1, 'pkg/core.Thing', 'Thing', 'class', 1, 1, '', 1, 'e=Base');
      INSERT INTO slot_keys (key, holder) VALUES
        ('Thing', 'pkg/index'), ('Thing', 'index'), ('Thing', 'pkg/plain'), ('Thing', 'Other'), ('Base', 'Thing');
      INSERT INTO temp.touched_keys VALUES ('Thing');`);
    expect(db.prepare(BARREL_HOLDERS_SQL).run().changes).toBe(2);
    expect(db.prepare('SELECT key FROM temp.touched_keys ORDER BY key').pluck().all()).toEqual([
      'Thing',
      'index',
      'pkg/index',
    ]);
    db.close();
  });
});

describe('rule 2 (`prefix*suffix` candidates), answered per name', () => {
  it('answers the one symbol of an accepted kind under the prefix whose qualified name ends with the suffix', () => {
    const db = schemaDb();
    const symbols: [number, string, string][] = [
      [1, 'pkg.forms.Widget.render', 'method'],
      [2, 'other.Widget.render', 'method'],
      [3, 'pkg.util.draw', 'function'],
      [4, 'pkg.util.Widget.draw', 'method'],
      [5, 'Widget.paint', 'method'],
      [6, 'pkg.forms.Widget', 'class'],
      [7, 'pkg.util.caller', 'function'],
    ];
    db.exec(`INSERT INTO files (id, path, hash, size, mtime_ms, analyzer, language, module)
      VALUES (1, 'pkg/forms.py', '', 0, 0, 'python', 'python', 'pkg.forms');`);
    const symbol = db.prepare(`INSERT INTO symbols (id, file_id, qualified_name, name, kind, start_line, end_line,
      signature, exported) VALUES (?, 1, ?, ?, ?, ?, ?, '', 1)`);
    for (const [id, qualifiedName, kind] of symbols) {
      symbol.run(id, qualifiedName, qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1), kind, id, id);
    }
    const hints = [
      'pkg.*Widget.render', // the prefix leaves one of two methods: 1
      '*Widget.render', // two: none
      '*draw', // an undotted suffix answers a function only: 3
      '*Widget.draw', // a dotted one a method too: 4
      'pkg.*rms.Widget.render', // `forms` is not `rms`: none
      '*Widget.paint', // the qualified name is the suffix: 5
      '*Widget', // a class: 6
      'nowhere.*Widget', // nothing under the prefix: none
      '=pkg.*Widget', // a value candidate is never rule 2's: none
      'pkg.missing|pkg.*Widget.render', // the first answered candidate: 1
    ];
    const call = db.prepare('INSERT INTO calls (caller_id, callee_text, target_hint, line) VALUES (7, ?, ?, ?)');
    hints.forEach((hint, line) => call.run(hint, hint, line));
    rebuildFull(db, () => db.exec(SQLITE_EDGE_INDEXES));
    expect(db.prepare('SELECT target_id FROM calls ORDER BY line').pluck().all()).toEqual([
      1,
      null,
      3,
      4,
      null,
      5,
      6,
      null,
      null,
      1,
    ]);
    db.close();
  });
});

describe('the module part of a rule-1c candidate (modulePart)', () => {
  it('names the one splitting barrel the old range test matched, for every candidate', () => {
    const db = new Database(':memory:');
    db.function('codira_module_part', { deterministic: true }, modulePart);
    db.exec(`
      CREATE TABLE barrels (module TEXT PRIMARY KEY, splits INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO barrels
        WITH v(module) AS (VALUES ('a'), ('a/b'), ('a/b/c'), ('x.y'), ('p/q.r'), ('ns/mod'), (''), ('a/b.c'))
        SELECT module, module <> '' AND instr(substr(module, length(rtrim(module, replace(module, '/', ''))) + 1), '.') = 0
        FROM v;
      CREATE TABLE cands (plain TEXT NOT NULL);
      INSERT INTO cands VALUES ('a.f'), ('a.f.g'), ('a/b.f'), ('a/b.f.g'), ('a/b/c.f'), ('a/b/c'), ('a/b.'), ('a.'),
        ('a/b.c/d.e'), ('x.y.f'), ('p/q.r.s'), ('ns/mod.T.m'), ('ns/mod'), ('.f'), ('a/b.c.d'), ('a-b.f'), ('a/bc.f'),
        ('a/b/c/d.e'), ('b.f'), ('a/b..f'), ('a/b.f/'), ('é/ü.f');`);
    const old = db
      .prepare(
        `SELECT c.plain, b.module FROM cands c JOIN barrels b
           ON b.splits AND c.plain > b.module || '.' AND c.plain < b.module || '/'
         WHERE instr(substr(c.plain, length(b.module) + 2), '/') = 0 ORDER BY c.plain, b.module`,
      )
      .raw()
      .all();
    const now = db
      .prepare(
        `SELECT c.plain, b.module FROM cands c JOIN barrels b ON b.module = codira_module_part(c.plain) AND b.splits
         ORDER BY c.plain, b.module`,
      )
      .raw()
      .all();
    expect(now).toEqual(old);
    expect(old.length).toBeGreaterThan(6);
    expect(modulePart('a/b.c.d')).toBe('a/b');
    expect(modulePart('a/b.')).toBeNull();
    expect(modulePart('a/b')).toBeNull();
    expect(modulePart(null)).toBeNull();
    db.close();
  });
});

describe("rule 2's matching (starAnswers)", () => {
  /**
   * The rule as stated (index-semantics, rule 2): every symbol of the suffix's last segment tested for each candidate.
   *
   * @param stars - Candidates.
   * @param rows - `[name, id, kind, qualified name]`.
   * @param holders - Slot holder kinds.
   * @returns `[candidate, id]` per answered candidate.
   */
  function reference(
    stars: readonly string[],
    rows: readonly [string, number, string, string][],
    holders: boolean,
  ): [string, number][] {
    const named = new Set<string>(holders ? NAME_RESOLVABLE_HOLDER_KINDS : NAME_RESOLVABLE_KINDS);
    const callable = new Set<string>(holders ? SLOT_HOLDER_KINDS : CALLABLE_KINDS);
    const out: [string, number][] = [];
    for (const cand of stars) {
      const prefix = cand.slice(0, cand.indexOf('*'));
      const suffix = cand.slice(cand.indexOf('*') + 1);
      const last = suffix.slice(suffix.lastIndexOf('.') + 1);
      const hits = rows.filter(
        ([name, , kind, qualifiedName]) =>
          name === last &&
          (named.has(kind) || (suffix.includes('.') && callable.has(kind))) &&
          qualifiedName.startsWith(prefix) &&
          (qualifiedName === suffix || qualifiedName.endsWith(`.${suffix}`)),
      );
      if (hits.length === 1) out.push([cand, hits[0]![1]]);
    }
    return out;
  }

  it('answers as the rule states on names of every depth, empty segments and names that are not the last segment', () => {
    const parts = ['a', 'b', 'A', '', 'init', 'x/y'];
    const kinds = ['function', 'method', 'class', 'variable', 'module', 'macro', 'struct'];
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const text = (max: number): string =>
      Array.from({ length: 1 + random(max) }, () => parts[random(parts.length)]).join('.');
    let answered = 0;
    for (let round = 0; round < 200; round++) {
      const stars = [...new Set(Array.from({ length: 1 + random(12) }, () => `${text(3)}*${text(4)}`))].map((cand) =>
        random(4) === 0 ? `*${cand.slice(cand.indexOf('*') + 1)}` : cand,
      );
      const rows: [string, number, string, string][] = Array.from({ length: random(40) }, (_, id) => {
        const qualifiedName = text(5);
        const name =
          random(6) === 0 ? parts[random(parts.length)]! : qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
        return [name, id + 1, kinds[random(kinds.length)]!, qualifiedName];
      });
      for (const holders of [false, true]) {
        const expected = reference(stars, rows, holders);
        expect(starAnswers(stars, rows, holders)).toEqual(expected);
        answered += expected.length;
      }
    }
    expect(answered).toBeGreaterThan(100);
  });

  it('keys each symbol once per suffix depth: a name shorter than the suffix is no answer, a two-deep one once', () => {
    const rows: [string, number, string, string][] = [
      ['init', 1, 'method', 'A.init'],
      ['init', 2, 'method', 'p.B.init'],
      ['init', 3, 'function', 'init'],
      ['init', 4, 'function', 'q.init'],
    ];
    expect(starAnswers(['*A.init', 'p.*B.init', '*init', 'q.*init', '*p.B.init', '*x.A.init'], rows, false)).toEqual([
      ['*A.init', 1],
      ['p.*B.init', 2],
      ['q.*init', 4],
      ['*p.B.init', 2],
    ]);
    // A leading `.`: the name has an empty first segment, one symbol under both depths.
    expect(starAnswers(['*f', '*.f', 'x*.f'], [['f', 1, 'function', '.f']], false)).toEqual([
      ['*f', 1],
      ['*.f', 1],
    ]);
  });
});

describe('whether rule 1c applies to a resolution (rewritable)', () => {
  it("reads the holders' slot types only when a hint has a deferred candidate", () => {
    const db = schemaDb();
    db.exec(`
      INSERT INTO files (id, path, hash, size, mtime_ms, analyzer, language, module)
        VALUES (1, 'a.ts', '', 0, 0, 'typescript', 'typescript', 'a');
      INSERT INTO symbols (id, file_id, qualified_name, name, kind, start_line, end_line, signature, exported, slot_types)
        VALUES (1, 1, 'pkg/index', 'index', 'module', 1, 1, '', 1, '*=pkg/core'),
               (2, 1, 'app.Holder', 'Holder', 'class', 1, 1, '', 1, 'e=pkg/index.Base');
      CREATE TEMP TABLE hint_cands (hint TEXT NOT NULL, ord INTEGER NOT NULL, cand TEXT NOT NULL);
      CREATE TEMP TABLE deferred (cand TEXT PRIMARY KEY, callees TEXT, slot TEXT, member TEXT) WITHOUT ROWID;
      INSERT INTO temp.hint_cands VALUES ('app.run', 1, 'app.run');`);
    // No hint names the barrel and none has a deferred candidate: the holder's slot types are never read.
    expect(rewritable(db)).toBe(false);
    db.exec(`INSERT INTO temp.hint_cands VALUES ('app.Holder~e~spin', 1, 'app.Holder~e~spin');
      INSERT INTO temp.deferred VALUES ('app.Holder~e~spin', 'app.Holder', 'e', 'spin');`);
    expect(rewritable(db)).toBe(true);
    db.exec(`DELETE FROM temp.deferred; DELETE FROM temp.hint_cands;
      INSERT INTO temp.hint_cands VALUES ('pkg/index.Base', 1, 'pkg/index.Base');`);
    expect(rewritable(db)).toBe(true);
    db.close();
  });
});
