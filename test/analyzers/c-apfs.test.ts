import { beforeAll, describe, expect, it } from 'vitest';
import { cAnalyzer } from '../../src/analyzers/c/c-analyzer.js';
import {
  analyzeCorpus,
  callLines,
  findingLines,
  invariantViolations,
  referenceLines,
  type CorpusAnalysis,
} from '../support/corpus-analysis.js';

// Facts below were checked by reading the files of Debian's apfs-dkms 0.3.0-1 (a Linux file system driver).
let corpus: CorpusAnalysis;

beforeAll(async () => {
  corpus = await analyzeCorpus(
    { kind: 'debian', package: 'apfs-dkms', version: '0.3.0-1', subdir: 'usr/src/linux-apfs-rw-0.3.0-1' },
    cAnalyzer,
  );
});

describe('C analyzer on apfs-dkms', () => {
  it('analyzes every .c and .h file, keeping the invariants', () => {
    expect(corpus.failures).toEqual([]);
    expect(corpus.analyses.size).toBe(39);
    expect(invariantViolations(corpus.analyses)).toEqual([]);
  });

  it('reads functions with kernel-doc comments, signatures and linkage', () => {
    const extents = corpus.of('extents.c');
    expect(extents.language).toBe('c');
    expect(extents.module).toBe('extents.c');
    expect(extents.symbols.find((s) => s.name === 'apfs_extent_from_query')).toEqual({
      qualifiedName: 'apfs_extent_from_query',
      name: 'apfs_extent_from_query',
      kind: 'function',
      startLine: 28,
      endLine: 70,
      signature: 'int apfs_extent_from_query(struct apfs_query *query, struct apfs_file_extent *extent)',
      docstring: expect.stringMatching(
        /^apfs_extent_from_query - Read the extent found by a successful query\n@query:\tthe query that found the record\n/,
      ) as unknown,
      exported: true,
    });
    // `static` functions have internal linkage: qualified by their file so equal names in two files stay apart.
    expect(extents.symbols.find((s) => s.name === 'apfs_ext_is_hole')).toMatchObject({
      qualifiedName: 'extents.c::apfs_ext_is_hole',
      startLine: 14,
      endLine: 17,
      exported: false,
    });
  });

  it('reads structs, enums and function-like macros of headers', () => {
    const header = corpus.of('apfs.h');
    const kinds = new Set(header.symbols.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['macro', 'module', 'struct']));
    expect(header.symbols.filter((s) => s.kind === 'macro').every((s) => s.exported)).toBe(true);
    // `static inline` in a header: every including file gets it, so it keeps its global name.
    expect(header.symbols.find((s) => s.name === 'APFS_SB')).toMatchObject({
      qualifiedName: 'APFS_SB',
      exported: true,
    });
  });

  it('hints calls to the file’s static functions by file and others by their global name', () => {
    const calls = callLines(corpus.of('extents.c'));
    expect(calls).toContain('apfs_extent_from_query -> apfs_is_sealed apfs_is_sealed 35');
    expect(calls).toContain('apfs_logic_to_phys_bno -> apfs_extent_read extents.c::apfs_extent_read 164');
    expect(calls).toContain('apfs_logic_to_phys_bno -> apfs_ext_is_hole extents.c::apfs_ext_is_hole 168');
  });

  it('records functions named in operation tables as callable references', () => {
    const refs = referenceLines(corpus.of('file.c'));
    expect(refs).toContain('file.c ~> apfs_page_mkwrite file.c::apfs_page_mkwrite 102');
    expect(refs).toContain('file.c ~> generic_file_read_iter generic_file_read_iter 134');
  });

  it('audits documented functions for parameters (C001) and return values (C002)', () => {
    expect(findingLines(corpus.of('extents.c'))).toEqual([
      'C002 extents.c::apfs_ext_is_hole 14',
      'C002 extents.c::apfs_query_found_extent 354',
      'C002 extents.c::apfs_dstream_cache_is_tail 1056',
    ]);
    // Its comment documents `@arg`, the parameter is `user_arg`.
    expect(findingLines(corpus.of('snapshot.c'))).toContain('C001 apfs_ioc_take_snapshot 393');
  });
});

describe('C analyzer on small sources', () => {
  it('reads kernel functions behind attribute macros, with their original text', () => {
    const source = [
      'asmlinkage __visible void __sched schedule(void)',
      '{',
      '\t__schedule(SM_NONE); /* not __init */',
      '}',
      'static int __init __attribute__((cold)) setup(char *str) { return 1; }',
      '',
    ].join('\n');
    const analysis = cAnalyzer.analyze('kernel/sched/core.c', source);
    expect(analysis.symbols.map((s) => `${s.qualifiedName} ${s.startLine}-${s.endLine} ${s.signature}`)).toEqual([
      'kernel/sched/core.c 1-5 module kernel/sched/core.c',
      'schedule 1-4 void __sched schedule(void)',
      'kernel/sched/core.c::setup 5-5 static int __init __attribute__((cold)) setup(char *str)',
    ]);
    expect(callLines(analysis)).toEqual(['schedule -> __schedule __schedule 3']);
  });

  it('keeps the definitions around a region the grammar could not read', () => {
    const source =
      '/** Adds. @return the sum */\nint add(int a, int b) { return a + b; }\nMACRO_THAT_BREAKS(;\nvoid after(void) { add(1, 2); }\n';
    const analysis = cAnalyzer.analyze('m.c', source);
    expect(analysis.symbols.map((s) => s.qualifiedName)).toEqual(['m.c', 'add', 'after']);
    expect(findingLines(analysis)).toEqual(['C001 add 2', 'C001 add 2']);
  });
});
