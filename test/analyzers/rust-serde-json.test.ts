import { beforeAll, describe, expect, it } from 'vitest';
import { rustAnalyzer } from '../../src/analyzers/rust/rust-analyzer.js';
import {
  analyzeCorpus,
  callLines,
  findingLines,
  invariantViolations,
  referenceLines,
  type CorpusAnalysis,
} from '../support/corpus-analysis.js';

// Facts below were checked by reading the files of Debian's librust-serde-json-dev 1.0.87-1.
let corpus: CorpusAnalysis;
const CRATE = 'serde_json-1.0.87';

beforeAll(async () => {
  corpus = await analyzeCorpus(
    { kind: 'debian', package: 'librust-serde-json-dev', version: '1.0.87-1', subdir: 'usr/share/cargo/registry' },
    rustAnalyzer,
  );
});

describe('Rust analyzer on serde_json', () => {
  it('analyzes every .rs file but the two that are not Rust, keeping the invariants', () => {
    // An `include!`d message string and a compile-fail UI test (`~` is no expression).
    expect(corpus.failures).toEqual([
      `${CRATE}/src/features_check/error.rs: syntax error at line 1`,
      `${CRATE}/tests/ui/parse_expr.rs: syntax error at line 4`,
    ]);
    expect(corpus.analyses.size).toBe(66);
    expect(invariantViolations(corpus.analyses)).toEqual([]);
  });

  it('names modules by crate path and reads //! and /// docs', () => {
    const lib = corpus.of(`${CRATE}/src/lib.rs`);
    expect(lib.module).toBe('serde_json');
    expect(lib.symbols[0]?.docstring?.split('\n')[0]).toBe('# Serde JSON');
    const value = corpus.of(`${CRATE}/src/value/mod.rs`);
    expect(value.module).toBe('serde_json::value');
    expect(value.symbols.find((s) => s.qualifiedName === 'serde_json::value::Value')).toMatchObject({
      kind: 'enum',
      startLine: 115,
      endLine: 175,
      signature: 'pub enum Value',
      exported: true,
    });
    // Plain `//` comments between the doc comment and the item do not detach it.
    expect(value.symbols.find((s) => s.name === 'to_value')?.docstring).toMatch(
      /^Convert a `T` into `serde_json::Value`/,
    );
  });

  it('qualifies methods by the impl’s type, resolved through use declarations', () => {
    const de = corpus.of(`${CRATE}/src/de.rs`);
    expect(de.symbols.find((s) => s.qualifiedName === 'serde_json::de::Deserializer::new')).toEqual({
      qualifiedName: 'serde_json::de::Deserializer::new',
      name: 'new',
      kind: 'method',
      startLine: 52,
      endLine: 62,
      signature: 'pub fn new(read: R) -> Self',
      docstring: expect.stringMatching(
        /^Create a JSON deserializer from one of the possible serde_json input/,
      ) as unknown,
      exported: true,
    });
    // `impl FromStr for Number` in de.rs: Number comes from `use crate::number::Number`.
    expect(de.symbols.some((s) => s.qualifiedName === 'serde_json::number::Number::from_str')).toBe(true);
    // `macro_rules!` definitions live at the crate root.
    expect(corpus.of(`${CRATE}/src/lib.rs`).symbols.find((s) => s.name === 'tri')).toMatchObject({
      qualifiedName: 'serde_json::tri',
      kind: 'macro',
    });
  });

  it('hints calls through Self, use bindings, module paths and macros', () => {
    const calls = callLines(corpus.of(`${CRATE}/src/de.rs`));
    expect(calls).toContain(
      'serde_json::de::Deserializer::from_reader -> Deserializer::new serde_json::de::Deserializer::new 76',
    );
    expect(calls).toContain(
      'serde_json::de::Deserializer::from_reader -> read::IoRead::new serde_json::read::IoRead::new 76',
    );
    expect(calls).toContain('serde_json::de::Deserializer::end -> tri! serde_json::tri 140');
    expect(calls).toContain(
      'serde_json::de::ParserNumber::invalid_type -> de::Error::invalid_type serde::de::Error::invalid_type 126',
    );
  });

  it('records function paths passed as values', () => {
    expect(referenceLines(corpus.of(`${CRATE}/src/de.rs`))).toContain(
      'serde_json::number::Number::from_str ~> Into::into Into::into 1217',
    );
  });

  it('audits public items: documented (RS001), Result-returning functions with # Errors (RS002)', () => {
    expect(findingLines(corpus.of(`${CRATE}/src/de.rs`))).toEqual(['RS002 serde_json::de::Deserializer::end 139']);
    expect(findingLines(corpus.of(`${CRATE}/src/value/mod.rs`))).not.toContain('RS001 serde_json::value::to_value 940');
  });
});

describe('Rust analyzer on small sources', () => {
  it('qualifies inline modules, traits and nested impls, and keeps trait impls out of the public surface', () => {
    const source = [
      '//! Shapes.',
      'pub mod geo {',
      '    /// A shape.',
      '    pub trait Shape { fn area(&self) -> f64; }',
      '    pub struct Square(pub f64);',
      '    impl Shape for Square { fn area(&self) -> f64 { self.side() * self.side() } }',
      '    impl Square { pub fn side(&self) -> f64 { self.0 } }',
      '}',
    ].join('\n');
    const analysis = rustAnalyzer.analyze('shapes/src/lib.rs', source);
    expect(analysis.symbols.map((s) => `${s.kind} ${s.qualifiedName} ${s.exported}`)).toEqual([
      'module shapes true',
      'module shapes::geo true',
      'trait shapes::geo::Shape true',
      'method shapes::geo::Shape::area true',
      'struct shapes::geo::Square true',
      'method shapes::geo::Square::area false',
      'method shapes::geo::Square::side true',
    ]);
    expect(callLines(analysis)).toEqual([
      'shapes::geo::Square::area -> self.side shapes::geo::Square::side 6',
      'shapes::geo::Square::area -> self.side shapes::geo::Square::side 6',
    ]);
    expect(findingLines(analysis)).toEqual([
      'RS001 shapes::geo 2',
      'RS001 shapes::geo::Shape::area 4',
      'RS001 shapes::geo::Square 5',
      'RS001 shapes::geo::Square::side 7',
    ]);
  });
});
