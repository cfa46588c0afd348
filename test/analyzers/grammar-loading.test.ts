import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ANALYZERS } from '../../src/analyzers/registry.js';
import { analyzerFor as ownerOf } from '../../src/core/analyzer.js';

const analyzerFor = (path: string): ReturnType<typeof ownerOf> => ownerOf(ANALYZERS, path);

// Each test file runs in its own forked process, so the module cache below holds only what this file loaded.
const loadedGrammars = (): string[] =>
  Object.keys(createRequire(import.meta.url).cache)
    .map((path) => /node_modules\/((?:@[^/]+\/)?tree-sitter-[^/]+)\//.exec(path)?.[1])
    .filter((name): name is string => name !== undefined)
    .filter((name, index, all) => all.indexOf(name) === index)
    .sort();

describe('grammar loading', () => {
  it('loads a grammar only when a file of its language is analyzed', () => {
    expect(ANALYZERS.map((analyzer) => analyzer.name)).toEqual([
      'python',
      'typescript',
      'c',
      'cpp',
      'go',
      'rust',
      'java',
      'bash',
      'json',
      'markdown',
    ]);
    expect(loadedGrammars()).toEqual([]);
    analyzerFor('pkg/mod.py')?.analyze('pkg/mod.py', 'def f():\n    return 1\n');
    expect(loadedGrammars()).toEqual(['tree-sitter-python']);
    analyzerFor('main.go')?.analyze('main.go', 'package main\n\nfunc main() {}\n');
    expect(loadedGrammars()).toEqual(['tree-sitter-go', 'tree-sitter-python']);
  });

  it('routes each extension to one analyzer', () => {
    const owners = [
      'a.c',
      'a.h',
      'a.hpp',
      'a.cc',
      'a.go',
      'a.rs',
      'A.java',
      'a.sh',
      'a.json',
      'README.md',
      'a.ts',
      'a.py',
    ].map((path) => analyzerFor(path)?.name);
    expect(owners).toEqual([
      'c',
      'c',
      'cpp',
      'cpp',
      'go',
      'rust',
      'java',
      'bash',
      'json',
      'markdown',
      'typescript',
      'python',
    ]);
  });
});
