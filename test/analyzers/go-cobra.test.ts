import { beforeAll, describe, expect, it } from 'vitest';
import { goAnalyzer } from '../../src/analyzers/go/go-analyzer.js';
import {
  analyzeCorpus,
  callLines,
  findingLines,
  invariantViolations,
  referenceLines,
  type CorpusAnalysis,
} from '../support/corpus-analysis.js';

// Facts below were checked by reading the files of Debian's golang-github-spf13-cobra-dev 1.6.1-1.
let corpus: CorpusAnalysis;
const COBRA = 'github.com/spf13/cobra';

beforeAll(async () => {
  corpus = await analyzeCorpus(
    { kind: 'debian', package: 'golang-github-spf13-cobra-dev', version: '1.6.1-1', subdir: 'usr/share/gocode/src' },
    goAnalyzer,
  );
});

describe('Go analyzer on cobra', () => {
  it('analyzes every .go file, keeping the invariants', () => {
    expect(corpus.failures).toEqual([]);
    expect(corpus.analyses.size).toBe(36);
    expect(invariantViolations(corpus.analyses)).toEqual([]);
  });

  it('names the package by its import path and reads its doc comment', () => {
    const command = corpus.of(`${COBRA}/command.go`);
    expect(command.module).toBe(COBRA);
    expect(command.symbols[0]?.docstring?.split('\n')[0]).toBe(
      'Package cobra is a commander providing a simple interface to create powerful modern CLI interfaces.',
    );
  });

  it('qualifies methods by their receiver type, as go doc spells them', () => {
    const command = corpus.of(`${COBRA}/command.go`);
    expect(command.symbols.find((s) => s.qualifiedName === `${COBRA}.Command.ExecuteC`)).toEqual({
      qualifiedName: `${COBRA}.Command.ExecuteC`,
      name: 'ExecuteC',
      kind: 'method',
      startLine: 981,
      endLine: 1066,
      signature: 'func (c *Command) ExecuteC() (cmd *Command, err error)',
      docstring: 'ExecuteC executes the command.',
      exported: true,
    });
    expect(command.symbols.find((s) => s.qualifiedName === `${COBRA}.Command`)).toMatchObject({
      kind: 'struct',
      startLine: 48,
      signature: 'type Command struct',
    });
    const args = corpus.of(`${COBRA}/args.go`);
    expect(args.symbols.find((s) => s.name === 'PositionalArgs')).toMatchObject({ kind: 'type', startLine: 22 });
    expect(args.symbols.find((s) => s.name === 'legacyArgs')).toMatchObject({ kind: 'function', exported: false });
  });

  it('hints calls through receivers, imports and the package', () => {
    const calls = callLines(corpus.of(`${COBRA}/command.go`));
    expect(calls).toContain(`${COBRA}.Command.Execute -> c.ExecuteC ${COBRA}.Command.ExecuteC 968`);
    expect(calls).toContain(`${COBRA}.Command.ExecuteC -> filepath.Base path/filepath.Base 1008`);
    expect(calls).toContain(`${COBRA}.Command.ExecuteC -> preExecHookFn ${COBRA}.preExecHookFn 993`);
    // `cmd` is a named result of type *Command.
    expect(calls).toContain(`${COBRA}.Command.ExecuteC -> cmd.execute ${COBRA}.Command.execute 1044`);
    // A call on a call's result names nothing resolvable and is not recorded; its inner call is.
    expect(calls).toContain(`${COBRA}.Command.ExecuteC -> c.Root ${COBRA}.Command.Root 988`);
    expect(calls.filter((line) => line.includes('c.Root().ExecuteC'))).toEqual([]);
    // Across packages: the doc package calls cobra through its import.
    expect(callLines(corpus.of(`${COBRA}/doc/man_docs.go`))).toContain(
      `${COBRA}/doc.manPreamble -> cobra.WriteStringAndCheck ${COBRA}.WriteStringAndCheck 149`,
    );
  });

  it('records functions used as values', () => {
    expect(referenceLines(corpus.of(`${COBRA}/completions.go`))).toContain(
      `${COBRA}.Command.InitDefaultCompletionCmd ~> NoFileCompletions ${COBRA}.NoFileCompletions 674`,
    );
  });

  it('audits exported declarations: documented (GO001), comment starting with the name (GO002)', () => {
    expect(findingLines(corpus.of(`${COBRA}/command.go`))).toEqual([
      `GO002 ${COBRA}.Group 39`,
      `GO002 ${COBRA}.Command.SetHelpCommandGroupID 325`,
      `GO002 ${COBRA}.Command.SetCompletionCommandGroupID 334`,
      `GO001 ${COBRA}.Command.ValidateArgs 1068`,
      `GO002 ${COBRA}.Command.ContainsGroup 1276`,
    ]);
    expect(corpus.of(`${COBRA}/command_test.go`).findings).toEqual([]);
  });
});

describe('Go analyzer on small sources', () => {
  it('rejects a file that does not parse', () => {
    expect(() => goAnalyzer.analyze('x/a.go', 'package x\nfunc (\n')).toThrow(/^syntax error at line 2$/);
  });

  it('takes method values and method expressions of the file', () => {
    const source = [
      'package x',
      '',
      '// T is a thing.',
      'type T struct{}',
      '',
      '// Run runs.',
      'func (t *T) Run() {}',
      '',
      '// Go starts.',
      'func Go(t *T) { register(t.Run); T.Run(t) }',
    ].join('\n');
    const analysis = goAnalyzer.analyze('x/a.go', source);
    expect(referenceLines(analysis)).toEqual(['x.Go ~> t.Run x.T.Run 10']);
    expect(callLines(analysis)).toEqual(['x.Go -> register x.register 10', 'x.Go -> T.Run x.T.Run 10']);
    expect(analysis.findings).toEqual([]);
  });
});
