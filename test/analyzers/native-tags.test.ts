/**
 * Tags and nodes read through the tree-sitter binding (`native-nodes.ts`, issue 12 session 25) answer as the
 * package's API does: every query-based language's tags equal `collectNodeTags`' (the package's `query.matches`), with
 * repeated matches dropped the same way; node fields (start, row, type, named, end) equal the node getters; the typed
 * matchers' child reads equal the package's.
 */
import type Parser from 'tree-sitter';
import { describe, expect, it } from 'vitest';
import { BASH_TAGS_QUERY } from '../../src/analyzers/bash/bash-definitions.js';
import { BASH_GRAMMAR } from '../../src/analyzers/bash/bash-parser.js';
import { C_TAGS_QUERY } from '../../src/analyzers/c/c-definitions.js';
import { C_GRAMMAR } from '../../src/analyzers/c/c-parser.js';
import { CPP_TAGS_QUERY } from '../../src/analyzers/cpp/cpp-definitions.js';
import { CPP_GRAMMAR } from '../../src/analyzers/cpp/cpp-parser.js';
import { selectorParts } from '../../src/analyzers/go/go-calls.js';
import { GO_TAGS_QUERY } from '../../src/analyzers/go/go-definitions.js';
import { GO_GRAMMAR } from '../../src/analyzers/go/go-parser.js';
import { JAVA_TAGS_QUERY } from '../../src/analyzers/java/java-definitions.js';
import { JAVA_GRAMMAR } from '../../src/analyzers/java/java-parser.js';
import { MARKDOWN_TAGS_QUERY } from '../../src/analyzers/markdown/markdown-definitions.js';
import { MARKDOWN_GRAMMAR } from '../../src/analyzers/markdown/markdown-parser.js';
import { RUST_TAGS_QUERY } from '../../src/analyzers/rust/rust-definitions.js';
import { RUST_GRAMMAR } from '../../src/analyzers/rust/rust-parser.js';
import {
  parserFor,
  queryFor,
  treeSitterBinding,
  type GrammarSpec,
} from '../../src/analyzers/tree-sitter/grammar-loader.js';
import { nativeChildren, nativeMatches, nativeNodeList } from '../../src/analyzers/tree-sitter/native-nodes.js';
import {
  childMatches,
  collectNodeTags,
  collectTags,
  fieldMatches,
  namedChildrenTyped,
  type Tag,
} from '../../src/analyzers/tree-sitter/query-tags.js';
import { WARM_SOURCES } from '../../src/core/warm-sources.js';

type Node = Parser.SyntaxNode;

/** Each query-based language: grammar, query, a sample. */
const LANGUAGES: readonly [string, GrammarSpec, string, string][] = [
  ['go', GO_GRAMMAR, GO_TAGS_QUERY, WARM_SOURCES['cmd/graph.go'] as string],
  ['c', C_GRAMMAR, C_TAGS_QUERY, WARM_SOURCES['native/graph.c'] as string],
  ['cpp', CPP_GRAMMAR, CPP_TAGS_QUERY, WARM_SOURCES['native/graph.cpp'] as string],
  ['java', JAVA_GRAMMAR, JAVA_TAGS_QUERY, WARM_SOURCES['java/org/example/Graph.java'] as string],
  ['rust', RUST_GRAMMAR, RUST_TAGS_QUERY, WARM_SOURCES['crate/graph.rs'] as string],
  ['bash', BASH_GRAMMAR, BASH_TAGS_QUERY, WARM_SOURCES['scripts/graph.sh'] as string],
  ['markdown', MARKDOWN_GRAMMAR, MARKDOWN_TAGS_QUERY, WARM_SOURCES['docs/graph.md'] as string],
];

/** A Go source with chained calls (tags of one start), method values, selectors of every shape. */
const GO = `package demo

import (
	"fmt"
	str "strings"
)

type T struct{ n int }

func (t *T) Get() int { return t.n }

func run(t *T, f func() int) (*T, error) {
	fmt.Println(t.Get(), str.ToUpper("x"))
	g := t.Get
	h := T.Get
	x := New().With(1).Build()()
	y := fmt . Sprint(nil)
	z := (t).Get()
	w := t./* c */Get()
	v := nil.Get(true.X, iota.Y, t.n)
	return run(t, g), nil
}
`;

/**
 * A tag as text: role, span, row, the main node's own getters, every part's name, span and type, and `part()`.
 *
 * @param tag - The tag.
 * @param source - The parsed source.
 * @returns The text.
 */
function shown(tag: Tag, source: string): string {
  const parts = Object.entries(tag.parts).map(([name, node]) => {
    const part = tag.part(name);
    return `${name}=${node.startIndex}-${node.endIndex}:${node.type}/${part?.type}:${part?.text(source)}`;
  });
  const node = tag.node;
  return `${tag.role} ${tag.start}-${tag.end} r${tag.row} [${node.type} ${node.startIndex}-${node.endIndex} r${node.startPosition.row}] ${parts.join(' ')}`;
}

/**
 * Every node of a tree, in document order.
 *
 * @param root - The root.
 * @returns The nodes.
 */
function allNodes(root: Node): Node[] {
  const nodes: Node[] = [];
  const visit = (node: Node): void => {
    nodes.push(node);
    for (const child of node.children) visit(child);
  };
  visit(root);
  return nodes;
}

describe('tags read through the tree-sitter binding', () => {
  it('finds the binding the package loaded', () => {
    parserFor(GO_GRAMMAR);
    expect(treeSitterBinding()).not.toBeNull();
  });

  it.each(LANGUAGES)('%s: the same tags as the package API', (_name, spec, query, source) => {
    const root = parserFor(spec).parse(source).rootNode;
    const compiled = queryFor(spec, query);
    expect(nativeMatches(compiled, root)).not.toBeNull();
    const native = collectTags(compiled, root).map((tag) => shown(tag, source));
    const api = collectNodeTags(compiled, root).map((tag) => shown(tag, source));
    expect(native.length).toBeGreaterThan(0);
    expect(native).toEqual(api);
  });

  it('go: chained calls, selectors and method values as the package API reads them', () => {
    const root = parserFor(GO_GRAMMAR).parse(GO).rootNode;
    const compiled = queryFor(GO_GRAMMAR, GO_TAGS_QUERY);
    const native = collectTags(compiled, root).map((tag) => shown(tag, GO));
    expect(native).toEqual(collectNodeTags(compiled, root).map((tag) => shown(tag, GO)));
    // Calls sharing a start (`New().With(1).Build()()`): outer before inner.
    const starts = native
      .filter((text) => text.startsWith('reference.call'))
      .map((text) => text.split(' ')[1]?.split('-')[0]);
    expect(new Set(starts).size).toBeLessThan(starts.length);
  });

  it('go: a selector read from its text as from its node', () => {
    const root = parserFor(GO_GRAMMAR).parse(GO).rootNode;
    const selectors = collectTags(queryFor(GO_GRAMMAR, GO_TAGS_QUERY), root)
      .map((tag) => tag.part('callee') ?? tag.part('target'))
      .filter((part) => part?.type === 'selector_expression');
    expect(selectors.length).toBeGreaterThan(8);
    for (const part of selectors) {
      const node = part?.node as Node;
      const operand = node.childForFieldName('operand');
      expect(selectorParts(part?.text(GO) ?? '', () => node)).toEqual({
        operandType: operand?.type,
        operand: operand?.text ?? '',
        field: node.childForFieldName('field')?.text,
      });
    }
  });

  it('drops repeated matches as the package API path does (the first pattern kept)', () => {
    // Every pattern twice (repeats: same role, span and parts' starts), a pattern whose part starts where another's
    // does (a repeat too: parts are told by their starts), and one with a part elsewhere (kept).
    const doubled =
      `${GO_TAGS_QUERY}\n${GO_TAGS_QUERY}\n(call_expression function: (identifier) @name) @reference.call\n` +
      '(call_expression arguments: (argument_list) @args) @reference.call\n' +
      '(call_expression function: (_) @callee) @reference.again\n';
    const root = parserFor(GO_GRAMMAR).parse(GO).rootNode;
    const compiled = queryFor(GO_GRAMMAR, doubled);
    const native = collectTags(compiled, root).map((tag) => shown(tag, GO));
    const once = collectTags(queryFor(GO_GRAMMAR, GO_TAGS_QUERY), root).map((tag) => shown(tag, GO));
    expect(native).toEqual(collectNodeTags(compiled, root).map((tag) => shown(tag, GO)));
    const extra = native.filter((text) => / args=/.test(text) || text.startsWith('reference.again'));
    expect(extra.filter((text) => text.startsWith('reference.again')).length).toBe(
      once.filter((text) => text.startsWith('reference.call')).length,
    );
    expect(extra.length).toBeGreaterThan(once.length / 2);
    expect(native.filter((text) => !extra.includes(text))).toEqual(once);
  });

  it.each(LANGUAGES)('%s: node fields as the node getters answer them', (_name, spec, _query, source) => {
    const root = parserFor(spec).parse(source).rootNode;
    const nodes = allNodes(root);
    const types = [...new Set(nodes.map((node) => node.type))];
    const native = nativeNodeList(root, 'descendantsOfType', types, undefined, undefined);
    const api = root.descendantsOfType(types);
    expect(native?.length).toBe(api.length);
    for (let i = 0; i < api.length; i++) {
      const node = api[i] as Node;
      const got = `${native?.start(i)} ${native?.row(i)} ${native?.end(i)} ${native?.type(i)} ${native?.named(i)} ${native?.typeId(i)}`;
      expect(got).toBe(
        `${node.startIndex} ${node.startPosition.row} ${node.endIndex} ${node.type} ${node.isNamed} ${node.typeId}`,
      );
      const made = native?.node(i);
      expect(`${made?.type} ${made?.startIndex}-${made?.endIndex} ${made?.text}`).toBe(
        `${node.type} ${node.startIndex}-${node.endIndex} ${node.text}`,
      );
    }
  });

  it.each(LANGUAGES)('%s: child reads as the package API answers them', (_name, spec, _query, source) => {
    const root = parserFor(spec).parse(source).rootNode;
    const span = (nodes: readonly Node[]): string[] => nodes.map((node) => `${node.type}@${node.startIndex}`);
    for (const node of allNodes(root).filter((candidate) => candidate.namedChildCount > 0)) {
      const children = nativeChildren(node, 'children');
      expect(span(children?.nodes ?? [])).toEqual(span(node.children));
      expect(children?.types).toEqual(node.children.map((child) => child.type));
      expect(children?.named).toEqual(node.children.map((child) => child.isNamed));
      const typed = namedChildrenTyped(node);
      expect(span(typed.nodes)).toEqual(span(node.namedChildren));
      expect(typed.types).toEqual(node.namedChildren.map((child) => child.type));
      const someTypes = new Set(node.namedChildren.slice(0, 1).map((child) => child.type));
      expect(span(childMatches(node, someTypes))).toEqual(
        span(node.namedChildren.filter((child) => someTypes.has(child.type))),
      );
      for (const field of ['name', 'body', 'function', 'arguments', 'declarator', 'type', 'value']) {
        expect(span(fieldMatches(node, field, null))).toEqual(
          span(node.childrenForFieldName(field).filter((child) => child.isNamed)),
        );
        expect(span(fieldMatches(node, field, someTypes))).toEqual(
          span(node.childrenForFieldName(field).filter((child) => someTypes.has(child.type) && child.isNamed)),
        );
      }
    }
  });
});
