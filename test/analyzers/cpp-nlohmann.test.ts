import { beforeAll, describe, expect, it } from 'vitest';
import { cppAnalyzer } from '../../src/analyzers/cpp/cpp-analyzer.js';
import {
  analyzeCorpus,
  callLines,
  findingLines,
  invariantViolations,
  referenceLines,
  type CorpusAnalysis,
} from '../support/corpus-analysis.js';

// Facts below were checked by reading the headers of Debian's nlohmann-json3-dev 3.11.2-2 (header-only C++).
let corpus: CorpusAnalysis;

beforeAll(async () => {
  corpus = await analyzeCorpus(
    { kind: 'debian', package: 'nlohmann-json3-dev', version: '3.11.2-2', subdir: 'usr/include/nlohmann' },
    cppAnalyzer,
  );
});

describe('C++ analyzer on nlohmann/json', () => {
  it('analyzes every .hpp file, keeping the invariants', () => {
    expect(corpus.failures).toEqual([]);
    expect(corpus.analyses.size).toBe(44);
    expect(invariantViolations(corpus.analyses)).toEqual([]);
  });

  it('qualifies through namespaces and classes, with Doxygen docstrings', () => {
    const toChars = corpus.of('detail/conversions/to_chars.hpp');
    expect(toChars.symbols.find((s) => s.qualifiedName === 'dtoa_impl')).toMatchObject({
      kind: 'namespace',
      startLine: 44,
      docstring: expect.stringMatching(/^@brief implements the Grisu2 algorithm/) as unknown,
    });
    expect(toChars.symbols.find((s) => s.qualifiedName === 'dtoa_impl::diyfp')).toMatchObject({
      kind: 'struct',
      startLine: 57,
      endLine: 173,
    });
    expect(toChars.symbols.find((s) => s.qualifiedName === 'dtoa_impl::diyfp::sub')).toEqual({
      qualifiedName: 'dtoa_impl::diyfp::sub',
      name: 'sub',
      kind: 'method',
      startLine: 70,
      endLine: 76,
      signature: 'static diyfp sub(const diyfp& x, const diyfp& y) noexcept',
      docstring: '@brief returns x - y\n@pre x.e == y.e and x.f >= y.f',
      exported: true,
    });
    // A template's signature starts at its template header.
    expect(toChars.symbols.find((s) => s.qualifiedName === 'dtoa_impl::reinterpret_bits')?.signature).toBe(
      'template<typename Target, typename Source> Target reinterpret_bits(const Source source)',
    );
  });

  it('keeps private members out of the public surface', () => {
    const lexer = corpus.of('detail/input/lexer.hpp');
    expect(lexer.symbols.find((s) => s.qualifiedName === 'lexer::scan_string')).toMatchObject({
      kind: 'method',
      startLine: 254,
      exported: false,
    });
    expect(lexer.symbols.find((s) => s.qualifiedName === 'lexer_base::token_type_name')?.exported).toBe(true);
  });

  it('hints calls by climbing the enclosing scopes', () => {
    const calls = callLines(corpus.of('detail/conversions/to_chars.hpp'));
    expect(calls).toContain('dtoa_impl::compute_boundaries -> reinterpret_bits dtoa_impl::reinterpret_bits 211');
    expect(calls).toContain('dtoa_impl::compute_boundaries -> diyfp::normalize dtoa_impl::diyfp::normalize 248');
    expect(calls).toContain('dtoa_impl::grisu2_digit_gen -> find_largest_pow10 dtoa_impl::find_largest_pow10 630');
    // Casts are not calls of anything indexed.
    expect(calls).toContain('dtoa_impl::compute_boundaries -> static_cast null 211');
  });

  it('reads members through macro-heavy declarations by their own name', () => {
    // `JSON_HEDLEY_WARN_UNUSED_RESULT static basic_json parse(…)`: the grammar reads the macro as a type.
    const parse = corpus.of('json.hpp').symbols.filter((s) => s.name === 'parse');
    expect(parse.map((s) => s.startLine).slice(0, 2)).toEqual([4007, 4021]);
  });

  it('audits documented functions for parameters (CPP001) and return values (CPP002)', () => {
    expect(findingLines(corpus.of('detail/conversions/to_chars.hpp')).slice(0, 6)).toEqual([
      'CPP001 dtoa_impl::diyfp::sub 70',
      'CPP001 dtoa_impl::diyfp::sub 70',
      'CPP001 dtoa_impl::diyfp::mul 82',
      'CPP001 dtoa_impl::diyfp::mul 82',
      'CPP001 dtoa_impl::diyfp::normalize 147',
      'CPP002 dtoa_impl::diyfp::normalize 147',
    ]);
  });
});

describe('C++ analyzer on small sources', () => {
  it('names out-of-line members, sees their class from the body, and takes function values', () => {
    const source = [
      'namespace app {',
      'class Parser {',
      ' public:',
      '  int run();',
      ' private:',
      '  int step() { return 1; }',
      '};',
      '/// Runs. @return steps',
      'int Parser::run() { sort(v, &compare); return this->step() + step(); }',
      'bool compare(int a, int b) { return a < b; }',
      '}',
    ].join('\n');
    const analysis = cppAnalyzer.analyze('app.cpp', source);
    expect(analysis.symbols.map((s) => `${s.kind} ${s.qualifiedName} ${s.exported}`)).toEqual([
      'module app.cpp true',
      'namespace app true',
      'class app::Parser true',
      'method app::Parser::step false',
      'method app::Parser::run true',
      'function app::compare true',
    ]);
    expect(callLines(analysis)).toEqual([
      'app::Parser::run -> sort sort 9',
      'app::Parser::run -> this->step app::Parser::step 9',
      'app::Parser::run -> step app::Parser::step 9',
    ]);
    expect(referenceLines(analysis)).toEqual(['app::Parser::run ~> compare app::compare 9']);
    expect(findingLines(analysis)).toEqual([]);
  });
});
