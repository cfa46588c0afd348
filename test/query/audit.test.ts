import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadSession } from '../../src/core/contracts.js';
import { auditFindings, renderAudit } from '../../src/query/audit.js';
import { buildFixtureIndex, countCalls, type FileSpec, type FixtureIndex } from './fixture-index.js';

const FILES: readonly FileSpec[] = [
  {
    path: 'src/b.ts',
    module: 'src/b',
    symbols: [
      ['src/b', 'module', 1, 40, null],
      ['src/b.run', 'function', 10, 20, 'Run.'],
      ['src/b.stop', 'function', 30, 40, null],
    ],
    findings: [
      { rule: 'TS001', line: 30, symbol: 'src/b.stop', message: 'exported function without TSDoc' },
      { rule: 'TS002', line: 10, symbol: 'src/b.run', message: "parameter 'force' has no @param" },
      { rule: 'TS003', line: 10, symbol: 'src/b.run', message: 'missing @returns' },
    ],
  },
  {
    path: 'pkg/mod.py',
    module: 'pkg.mod',
    symbols: [
      ['pkg.mod', 'module', 1, 20, null],
      ['pkg.mod.f', 'function', 5, 9, 'F.'],
    ],
    findings: [
      { rule: 'PY003', line: 5, symbol: 'pkg.mod.f', message: "parameter 'x' is not documented" },
      { rule: 'PY001', line: 1, symbol: 'pkg.mod', message: 'module has no docstring' },
    ],
  },
  { path: 'src/a.ts', module: 'src/a', symbols: [['src/a', 'module', 1, 5, 'A.']] },
  {
    path: 'srcx/c.ts',
    module: 'srcx/c',
    symbols: [['srcx/c', 'module', 1, 5, null]],
    findings: [{ rule: 'TS001', line: 1, symbol: 'srcx/c', message: 'module without TSDoc' }],
  },
];

describe('audit', () => {
  let index: FixtureIndex;
  let reader: ReadSession;
  beforeAll(async () => {
    index = await buildFixtureIndex(FILES);
    reader = await index.open();
  });
  afterAll(async () => {
    await reader.close();
    index.dispose();
  });

  it('lists every finding ordered by path, line, rule, with counts per rule, in one reader call', async () => {
    const counted = countCalls(reader);
    const result = await auditFindings(counted.reader);
    expect(counted.calls).toEqual({ findings: 1 });
    expect(result.prefix).toBeNull();
    expect(result.total).toBe(6);
    expect(result.findings.map((f) => `${f.path}:${f.line} ${f.rule} ${f.symbol}`)).toEqual([
      'pkg/mod.py:1 PY001 pkg.mod',
      'pkg/mod.py:5 PY003 pkg.mod.f',
      'src/b.ts:10 TS002 src/b.run',
      'src/b.ts:10 TS003 src/b.run',
      'src/b.ts:30 TS001 src/b.stop',
      'srcx/c.ts:1 TS001 srcx/c',
    ]);
    expect(result.rules).toEqual([
      { rule: 'PY001', count: 1 },
      { rule: 'PY003', count: 1 },
      { rule: 'TS001', count: 2 },
      { rule: 'TS002', count: 1 },
      { rule: 'TS003', count: 1 },
    ]);
  });

  it('filters by literal path prefix', async () => {
    const result = await auditFindings(reader, 'src/');
    expect(result.prefix).toBe('src/');
    expect(result.findings.map((f) => f.path)).toEqual(['src/b.ts', 'src/b.ts', 'src/b.ts']);
    expect(result.rules.map((r) => r.rule)).toEqual(['TS001', 'TS002', 'TS003']);
    const clean = await auditFindings(reader, 'src/a.ts');
    expect(clean).toEqual({ prefix: 'src/a.ts', total: 0, rules: [], findings: [] });
  });

  it('renders findings grouped by file with aligned columns and a summary', async () => {
    expect(renderAudit(await auditFindings(reader, 'src'))).toBe(
      [
        'src/b.ts',
        "  10  TS002  src/b.run   parameter 'force' has no @param",
        '  10  TS003  src/b.run   missing @returns',
        '  30  TS001  src/b.stop  exported function without TSDoc',
        '',
        'srcx/c.ts',
        '   1  TS001  srcx/c      module without TSDoc',
        '',
        '4 findings: TS001 2, TS002 1, TS003 1',
      ].join('\n'),
    );
    expect(renderAudit(await auditFindings(reader, 'src/a.ts'))).toBe("no findings under 'src/a.ts'");
  });
});
