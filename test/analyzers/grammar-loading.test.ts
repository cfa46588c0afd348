import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ANALYZERS } from '../../src/analyzers/registry.js';
import { parserFor } from '../../src/analyzers/tree-sitter/grammar-loader.js';
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

  it("sets a grammar without the package's class per node type, with the same node types", () => {
    const require = createRequire(import.meta.url);
    const { SyntaxNode } = require('tree-sitter') as { SyntaxNode: { prototype: object } };
    const go = require('tree-sitter-go') as { nodeTypeInfo: unknown[] };
    const info = go.nodeTypeInfo;
    const tree = parserFor({ package: 'tree-sitter-go' }).parse('package main\n\nfunc main() { run(1) }\n');
    const declaration = tree.rootNode.namedChildren[1]!;
    expect([tree.rootNode.type, declaration.type, declaration.childForFieldName('name')?.text]).toEqual([
      'source_file',
      'function_declaration',
      'main',
    ]);
    // Plain nodes: the package built no subclass (one `new Function` per node type) for this grammar.
    expect(Object.getPrototypeOf(declaration)).toBe(SyntaxNode.prototype);
    // The grammar's own node type list is given back untouched.
    expect(go.nodeTypeInfo).toBe(info);
    expect(info.length).toBeGreaterThan(50);
  });
});
