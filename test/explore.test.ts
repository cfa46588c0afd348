import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { ANALYZERS } from '../src/analyzers/registry.js';
it('explore', () => {
  const [dir, file, name, filter] = (process.env['X'] ?? '').split(' ');
  const analyzer = ANALYZERS.find((a) => a.name === name)!;
  const a = analyzer.analyze(file!, readFileSync(dir + '/' + file, 'utf8'));
  const re = new RegExp(filter ?? '.');
  for (const s of a.symbols)
    if (re.test(s.qualifiedName))
      console.log(
        'SYM',
        s.kind,
        s.qualifiedName,
        s.startLine,
        s.endLine,
        s.exported,
        '|',
        s.signature,
        '|',
        JSON.stringify(s.docstring?.slice(0, 70)),
      );
  for (const c of a.calls)
    if (re.test(a.symbols[c.callerIndex]!.qualifiedName))
      console.log('CALL', a.symbols[c.callerIndex]?.qualifiedName, '->', c.calleeText, c.targetHint, c.line);
  for (const c of a.references)
    if (re.test(a.symbols[c.ownerIndex]!.qualifiedName))
      console.log('REF', a.symbols[c.ownerIndex]?.qualifiedName, '~>', c.targetText, c.targetHint, c.line);
  for (const f of a.findings) if (re.test(f.symbol)) console.log('FIND', f.rule, f.symbol, f.line, f.message);
});
