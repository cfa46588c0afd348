import { beforeAll, describe, expect, it } from 'vitest';
import { jsonAnalyzer } from '../../src/analyzers/json/json-analyzer.js';
import { MAX_MEMBERS } from '../../src/analyzers/json/json-definitions.js';
import { markdownAnalyzer } from '../../src/analyzers/markdown/markdown-analyzer.js';
import { analyzeCorpus, invariantViolations, type CorpusAnalysis } from '../support/corpus-analysis.js';

// Facts below were checked by reading ajv 8.17.1's bundled JSON Schema meta-schemas and npm 10.9.2's documentation.
let schemas: CorpusAnalysis;
let docs: CorpusAnalysis;

beforeAll(async () => {
  schemas = await analyzeCorpus({ kind: 'npm', package: 'ajv', version: '8.17.1', subdir: 'lib/refs' }, jsonAnalyzer);
  docs = await analyzeCorpus(
    { kind: 'npm', package: 'npm', version: '10.9.2', subdir: 'docs/content' },
    markdownAnalyzer,
  );
});

describe('JSON analyzer on JSON Schema meta-schemas', () => {
  it('analyzes every .json file, keeping the invariants', () => {
    expect(schemas.failures).toEqual([]);
    expect(schemas.analyses.size).toBe(19);
    expect(invariantViolations(schemas.analyses)).toEqual([]);
  });

  it('names members by JSON Pointer and documents the document by its title', () => {
    const draft7 = schemas.of('json-schema-draft-07.json');
    expect(draft7.language).toBe('json');
    expect(draft7.symbols[0]?.docstring).toBe('Core schema meta-schema');
    expect(
      draft7.symbols.slice(1, 6).map((s) => `${s.qualifiedName} ${s.startLine}-${s.endLine} ${s.signature}`),
    ).toEqual([
      'json-schema-draft-07.json#/$schema 2-2 "$schema": "http://json-schema.org/draft-07/schema#"',
      'json-schema-draft-07.json#/$id 3-3 "$id": "http://json-schema.org/draft-07/schema#"',
      'json-schema-draft-07.json#/title 4-4 "title": "Core schema meta-schema"',
      'json-schema-draft-07.json#/definitions 5-27 "definitions": {…}',
      'json-schema-draft-07.json#/definitions/schemaArray 6-10 "schemaArray": {…}',
    ]);
    expect(draft7.symbols.every((s) => s.kind === 'module' || s.kind === 'key')).toBe(true);
  });
});

describe('JSON analyzer on small sources', () => {
  it('escapes pointer tokens, takes descriptions as docstrings and rejects invalid JSON', () => {
    const analysis = jsonAnalyzer.analyze(
      'schema.json',
      '{"properties": {"a/b~c": {"description": "Slash and tilde.", "type": "string"}}}',
    );
    expect(analysis.symbols.map((s) => `${s.qualifiedName} ${s.docstring}`)).toEqual([
      'schema.json null',
      'schema.json#/properties null',
      'schema.json#/properties/a~1b~0c Slash and tilde.',
      'schema.json#/properties/a~1b~0c/description null',
      'schema.json#/properties/a~1b~0c/type null',
    ]);
    expect(() => jsonAnalyzer.analyze('bad.json', '{"a": }')).toThrow(/^syntax error at line 1$/);
  });

  it('caps the members of huge documents, keeping outer levels first', () => {
    const members = Array.from({ length: MAX_MEMBERS + 10 }, (_, i) => `"k${i}": {"inner": ${i}}`).join(',\n');
    const analysis = jsonAnalyzer.analyze('big.json', `{${members}}`);
    expect(analysis.symbols.length).toBe(MAX_MEMBERS + 1);
    expect(analysis.symbols.filter((s) => s.name === 'inner')).toEqual([]);
  });
});

describe('Markdown analyzer on npm’s documentation', () => {
  it('analyzes every .md file, keeping the invariants', () => {
    expect(docs.failures).toEqual([]);
    expect(docs.analyses.size).toBe(83);
    expect(invariantViolations(docs.analyses)).toEqual([]);
  });

  it('makes each heading a section spanning to the next heading of its level, documented by its text', () => {
    const ci = docs.of('commands/npm-ci.md');
    expect(ci.language).toBe('markdown');
    expect(ci.symbols.slice(1, 6).map((s) => `${s.qualifiedName} ${s.startLine}-${s.endLine} ${s.signature}`)).toEqual([
      'commands/npm-ci.md#synopsis 7-14 ### Synopsis',
      'commands/npm-ci.md#description 15-42 ### Description',
      'commands/npm-ci.md#example 43-72 ### Example',
      'commands/npm-ci.md#configuration 73-314 ### Configuration',
      'commands/npm-ci.md#install-strategy 75-88 #### `install-strategy`',
    ]);
    expect(ci.symbols[2]?.docstring).toMatch(
      /^This command is similar to \[`npm install`\]\(\/commands\/npm-install\)/,
    );
    expect(ci.symbols[5]).toMatchObject({ kind: 'section', name: '`install-strategy`', exported: true });
  });
});

describe('Markdown analyzer on small sources', () => {
  it('reads setext headings and numbers repeated anchors', () => {
    const analysis = markdownAnalyzer.analyze('a.md', 'Intro.\n\nTitle\n=====\n\n## Usage\nx\n\n## Usage\ny\n');
    expect(analysis.symbols.map((s) => `${s.qualifiedName} ${s.startLine}-${s.endLine} ${s.docstring}`)).toEqual([
      'a.md 1-10 Intro.',
      'a.md#title 3-10 null',
      'a.md#usage 6-8 x',
      'a.md#usage-1 9-10 y',
    ]);
  });
});
