import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { ANALYZERS } from '../src/analyzers/registry.js';
it('scan', () => {
  const [dir, name] = (process.env['X'] ?? '').split(' ');
  const analyzer = ANALYZERS.find((a) => a.name === name)!;
  const paths = readdirSync(dir!, { recursive: true, encoding: 'utf8' })
    .filter((p) => analyzer.claims(p))
    .sort();
  let s = 0,
    c = 0,
    r = 0,
    f = 0;
  const fails: string[] = [];
  const rules = new Map<string, number>();
  const t0 = performance.now();
  for (const p of paths) {
    try {
      const a = analyzer.analyze(p, readFileSync(join(dir!, p), 'utf8'));
      s += a.symbols.length;
      c += a.calls.length;
      r += a.references.length;
      f += a.findings.length;
      for (const x of a.findings) rules.set(x.rule, (rules.get(x.rule) ?? 0) + 1);
    } catch (e) {
      fails.push(`${p}: ${(e as Error).message}`);
    }
  }
  console.log(
    `${paths.length} files ${(performance.now() - t0).toFixed(0)} ms symbols ${s} calls ${c} refs ${r} findings ${f} ${JSON.stringify([...rules])} failures ${fails.length}\n${fails.slice(0, 10).join('\n')}`,
  );
});
