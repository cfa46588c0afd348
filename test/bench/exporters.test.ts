import { describe, expect, it } from 'vitest';
import type { Exporter } from '../../src/bench/export/exporter.js';
import { EXPORTERS } from '../../src/bench/export/exporters.js';
import { FIXED_RUN } from './fixed-run.js';

/** What each format must contain for {@link FIXED_RUN}; every exporter must have an entry. */
const EXPECTATIONS: Record<string, (text: string) => void> = {
  'run.json': (text) => {
    expect(JSON.parse(text)).toEqual(FIXED_RUN);
  },
  'samples.csv': (text) => {
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('run_id,repo,size,command,variant,backend,build,state,sample,wall_ms,peak_rss_kb,cpu_ms');
    expect(lines).toContain(
      '20250301-141502-short,tiny,small,index-full,duckdb,duckdb,current,completed,3,1500.000,61000,',
    );
    expect(lines).toContain('20250301-141502-short,tiny,small,sym,baseline-sqlite,sqlite,baseline,errored,,,,');
    expect(lines).toContain('20250301-141502-short,big,medium,sym,sqlite,sqlite,current,skipped,,,,');
    // 3+3+3+2+2 samples + 1 errored row on tiny; 1+1+1 samples + 3 skipped rows on big; plus the header
    expect(lines).toHaveLength(1 + 14 + 6);
  },
  'summary.md': (text) => {
    expect(text).toContain('# Benchmark run 20250301-141502-short');
    expect(text).toContain(
      '| repo | command | sqlite mean ms | duckdb mean ms | baseline-sqlite mean ms | duckdb/sqlite | sqlite/baseline-sqlite |',
    );
    // tiny index-full: sqlite 1100 ± t(2)·100/√3 = 248.4, duckdb 1400, baseline 1000 ± 0
    expect(text).toContain('| tiny | index-full | 1100.0 ±248.4 | 1400.0 ±248.4 | 1000.0 ±0.0 | ×1.27 | ×1.10 |');
    expect(text).toContain('| tiny | sym | 205.0 ±63.5 | 225.0 ±63.5 | error | ×1.10 | — |');
    expect(text).toContain('| big | sym | skipped | skipped | skipped | — | — |');
    expect(text).toContain('| tiny | 1.00 MiB | 1.50 MiB | — | ×1.50 | — |');
    expect(text).toContain('| tiny | small | 12 (+1 failed) | `pkg.run` (symlist) | how does run work | pkg/a.py |');
    expect(text).toContain("- tiny sym on baseline-sqlite: error: exit 1: unknown command 'sym'");
    expect(text).toContain('| embedQuery | 50000 | 20.0 µs | 19.0 µs | 1.50 | 1000 |');
    expect(text).toContain('Baseline: `HEAD~1` (fedcba987654), measured interleaved.');
    // phase breakdown: per phase per variant, and the difference the duckdb/sqlite ratio compares
    expect(text).toContain('### tiny · sym');
    expect(text).toContain('| phase | sqlite ms | duckdb ms | duckdb − sqlite |');
    expect(text).toContain('| load backend | 10.0 | 80.0 | +70.0 |');
    expect(text).toContain('| query | 150.0 | 85.0 | −65.0 |');
    expect(text).toContain('| total | 205.0 | 225.0 | +20.0 |');
  },
  'chart.svg': (text) => {
    expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(text.trimEnd().endsWith('</svg>')).toBe(true);
    // one bar per measurement and per size record, plus three legend squares and the background
    expect(text.match(/<rect /g)).toHaveLength(1 + 3 + 6 + 2 + 3 + 3 + 2);
    for (const label of ['tiny (small)', 'big (medium)', '1400.0 ms', 'error', 'skipped', '23.84 MiB']) {
      expect(text).toContain(`>${label}</text>`);
    }
    // bars within a group are scaled to its largest value: duckdb's full index (1400 ms) gets the full width
    expect(text).toContain('width="600.0" height="14" fill="#f58518"><title>duckdb: 1400.0 ms</title>');
    expect(text).toContain('width="471.4" height="14" fill="#4c78a8"><title>sqlite: 1100.0 ms</title>');
    // each group names the ratios the gates judge, e.g. tiny index-full: 1400/1100 and 1100/1000
    expect(text).toContain('class="ratio">duckdb/sqlite ×1.27</text>');
    expect(text).toContain('class="ratio">sqlite/baseline-sqlite ×1.10</text>');
    expect(text).toContain('class="ratio">duckdb/sqlite ×2.50</text>'); // big: index size
  },
};

const PHASES_SVG = (text: string): void => {
  expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  // two stacked bars of four phases each, four legend squares, the background
  expect(text.match(/<rect /g)).toHaveLength(8 + 4 + 1);
  expect(text).toContain('<title>duckdb load backend: 80.0 ms</title>');
  expect(text).toContain('>225.0 ms</text>');
  // the longer bar (duckdb, 225 ms) spans the full width; 80 ms of it is 80/225 of 620 px
  expect(text).toContain('width="220.4" height="16" fill="#f58518"><title>duckdb load backend');
};
EXPECTATIONS['phases.svg'] = PHASES_SVG;

function checkExporter(exporter: Exporter): void {
  const expectation = EXPECTATIONS[exporter.fileName];
  expect(expectation, `no expectation for ${exporter.fileName}`).toBeDefined();
  expectation!(exporter.render(FIXED_RUN));
}

describe('exporters against one fixed run', () => {
  for (const exporter of EXPORTERS) it(`renders ${exporter.fileName}`, () => checkExporter(exporter));

  it('writes five distinct files', () => {
    expect(EXPORTERS.map((e) => e.fileName)).toEqual([
      'run.json',
      'samples.csv',
      'summary.md',
      'chart.svg',
      'phases.svg',
    ]);
  });
});
