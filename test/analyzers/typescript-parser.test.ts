import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSync } from 'oxc-parser';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/analyzers/typescript/typescript-parser.js';
import { materializeCorpus } from '../../src/bench/corpus.js';

// parseFile reads oxc-parser's native entry point directly (skipping the module record); it must give exactly what
// the documented `parseSync` gives for the fields the analyzer reads.
describe('parseFile', () => {
  it('matches the documented parseSync on a real file', async () => {
    const root = await materializeCorpus({ kind: 'npm', package: 'rxjs', version: '7.8.2', subdir: 'src' });
    const path = 'internal/Observable.ts';
    const text = await readFile(join(root, path), 'utf8');
    const options = { lang: 'ts', sourceType: 'module', astType: 'js', preserveParens: false } as const;
    const ours = parseFile(path, text, options);
    const reference = parseSync(path, text, options);
    expect(ours.errors).toEqual([]);
    expect(ours.program).toEqual(reference.program);
    expect(ours.comments).toEqual(reference.comments);
    expect(ours.program.body).toHaveLength(reference.program.body.length);
    expect(ours.program.body.length).toBeGreaterThan(10);
  });

  it('reports errors without an AST', () => {
    const parsed = parseFile('bad.ts', 'let = ;', { lang: 'ts', sourceType: 'module' });
    expect(parsed.errors.length).toBeGreaterThan(0);
    expect(parsed.errors[0]?.labels[0]?.start).toBe(6);
    expect(parsed.program.body).toEqual([]);
  });
});
