import { beforeAll, describe, expect, it } from 'vitest';
import { bashAnalyzer } from '../../src/analyzers/bash/bash-analyzer.js';
import {
  analyzeCorpus,
  callLines,
  findingLines,
  invariantViolations,
  referenceLines,
  type CorpusAnalysis,
} from '../support/corpus-analysis.js';

// Facts below were checked by reading the scripts of Debian's bash-completion 1:2.11-6.
let corpus: CorpusAnalysis;

beforeAll(async () => {
  corpus = await analyzeCorpus(
    { kind: 'debian', package: 'bash-completion', version: '1:2.11-6', subdir: 'usr/share/bash-completion' },
    bashAnalyzer,
  );
});

describe('Bash analyzer on bash-completion', () => {
  it('claims bash_completion and the extension-less completion scripts, not the helpers in other languages', () => {
    expect(corpus.failures).toEqual([]);
    expect(corpus.analyses.has('bash_completion')).toBe(true);
    expect(corpus.analyses.has('completions/make')).toBe(true);
    expect(corpus.analyses.has('helpers/perl')).toBe(false);
    expect(corpus.analyses.size).toBe(702);
    expect(invariantViolations(corpus.analyses)).toEqual([]);
  });

  it('reads functions with their comment headers', () => {
    const main = corpus.of('bash_completion');
    expect(main.symbols.find((s) => s.name === '_split_longopt')).toEqual({
      qualifiedName: '_split_longopt',
      name: '_split_longopt',
      kind: 'function',
      startLine: 635,
      endLine: 646,
      signature: '_split_longopt()',
      docstring: expect.stringMatching(/^This function splits \$cur=--foo=bar into \$prev=--foo, \$cur=bar/) as unknown,
      exported: false,
    });
    expect(main.symbols.find((s) => s.name === 'have')).toMatchObject({ startLine: 117, exported: true });
    expect(corpus.of('completions/ssh').symbols.find((s) => s.name === '_ssh_suboption')?.docstring).toMatch(
      /^Complete a ssh suboption \(like ForwardAgent=y<tab>\)\nTwo parameters:/,
    );
  });

  it('records commands as calls (shell-control builtins left out) and complete -F as a reference', () => {
    const make = corpus.of('completions/make');
    const calls = callLines(make);
    expect(calls).toContain('_make -> _filedir _filedir 94');
    expect(calls).toContain('_make -> _ncpus _ncpus 109');
    expect(calls.some((line) => line.includes(' -> return '))).toBe(false);
    expect(referenceLines(make)).toEqual(['completions/make ~> _make _make 168']);
    expect(callLines(corpus.of('bash_completion'))).toContain('have -> _have _have 120');
  });

  it('audits headers: public functions documented (SH001), arguments described (SH002)', () => {
    expect(findingLines(corpus.of('bash_completion')).slice(0, 3)).toEqual([
      'SH002 _have 107',
      'SH002 have 117',
      'SH002 quote_readline 139',
    ]);
  });
});

describe('Bash analyzer on small sources', () => {
  it('flags an undocumented public function and keeps functions after a region the grammar cannot read', () => {
    const source = ['#!/bin/bash', 'deploy() {', '  build "$1"', '}', '', '# Build it.', 'build() { make; }', ''].join(
      '\n',
    );
    const analysis = bashAnalyzer.analyze('tools/deploy.sh', source);
    expect(analysis.symbols.map((s) => `${s.name} ${s.docstring}`)).toEqual([
      'deploy.sh null',
      'deploy null',
      'build Build it.',
    ]);
    expect(findingLines(analysis)).toEqual(['SH001 deploy 2']);
    expect(callLines(analysis)).toEqual(['deploy -> build build 3', 'build -> make make 7']);
    expect(bashAnalyzer.claims('scripts/x.bash')).toBe(true);
    expect(bashAnalyzer.claims('src/x.py')).toBe(false);
  });
});
