/**
 * Sample sources for warming code caches at build time.
 *
 * @packageDocumentation
 */

/**
 * The files the build indexes and analyzes before it writes the code caches of the index bundle, of the analysis
 * thread's bundle (`scripts/bundle-cli.mjs`) and of the read bundle (`scripts/warm-read-cache.mjs`): one or more small
 * files of every language a registered analyzer reads — Python, TypeScript and JavaScript, C and its headers, C++, Go,
 * Rust, Java, Bash, JSON, Markdown — with the constructs ordinary code has (imports, classes or structs, methods,
 * nested functions, calls through names and members, doc comments, types), so the functions a one-file run of any of
 * them executes are in the caches instead of compiled lazily in every run (issue 12 ledger, sessions 20 and 21). The
 * Python package `pkg/` and `src/path.ts` also give every read command of the read warm-up an answer (`square`,
 * `print_report`, `shortestPath`, the `ctx` query about the area of a circle). `test/cli/bundle-warm.test.ts` checks
 * that every registered analyzer owns one of them.
 */
export const WARM_SOURCES: Readonly<Record<string, string>> = Object.freeze({
  'graph.py': `"""A small graph module."""
from collections import defaultdict
import itertools as it

from .base import Base, helper


def top(values, key=None):
    """Return the largest value."""
    return max(values, key=key) if values else None


class Graph(Base):
    """A directed graph."""

    limit = 10

    def __init__(self, name="g", **attr):
        super().__init__()
        self.name = name
        self._adj = defaultdict(dict)
        self.attr = dict(attr)

    @property
    def size(self):
        """Number of nodes."""
        return len(self._adj)

    @staticmethod
    def make(edges):
        g = Graph()
        for u, v in edges:
            g.add_edge(u, v)
        return g

    def add_edge(self, u, v, weight=1):
        """Add an edge."""
        self._adj[u][v] = weight
        helper(self, u)
        return top([w for w in self._adj[u].values() if w > 0])

    def neighbors(self, n):
        try:
            return iter(self._adj[n])
        except KeyError as err:
            raise ValueError(f"no node {n}") from err

    def pairs(self):
        def inner(x):
            return [(x, y) for y in self.neighbors(x)]

        with open(self.name) as handle:
            handle.read()
        return list(it.chain.from_iterable(inner(n) for n in self._adj))

    async def fetch(self, n):
        await self.load(n)
        return lambda m: self.add_edge(n, m)
`,
  'graph.ts': `import { readFileSync } from 'node:fs';
import type { Base } from './base.js';
import * as util from './util.js';

/** A node key. */
export type Key = string | number;

/** Something with a name. */
export interface Named {
  readonly name: string;
  describe(): string;
}

export enum Kind {
  Directed = 'directed',
  Undirected = 'undirected',
}

/**
 * The largest value.
 *
 * @param values - Values.
 * @returns The largest, or undefined.
 */
export function top<T>(values: readonly T[], key: (value: T) => number = Number): T | undefined {
  return values.reduce<T | undefined>((best, value) => (best === undefined || key(value) > key(best) ? value : best), undefined);
}

/** A directed graph. */
export class Graph implements Named {
  static limit = 10;
  private readonly adjacency = new Map<Key, Map<Key, number>>();

  constructor(readonly name: string, private readonly base?: Base) {}

  get size(): number {
    return this.adjacency.size;
  }

  /** Add an edge. */
  addEdge(from: Key, to: Key, weight = 1): this {
    const out = this.adjacency.get(from) ?? new Map<Key, number>();
    out.set(to, weight);
    this.adjacency.set(from, out);
    util.helper(this, from);
    return this;
  }

  describe(): string {
    const text = readFileSync(this.name, 'utf8');
    return \`\${this.name}: \${top([...this.adjacency.keys()].map(String))} \${text.length}\`;
  }

  async fetch(key: Key): Promise<Key[]> {
    const found = await this.base?.load(key);
    return found ? [...(this.adjacency.get(key)?.keys() ?? [])].filter((k) => k !== key) : [];
  }
}

export const make = (edges: [Key, Key][]): Graph => edges.reduce((g, [a, b]) => g.addEdge(a, b), new Graph('g'));
`,
  'pkg/geometry.py': `"""Shapes and their areas."""


def area_of_circle(radius):
    """Return the area of a circle with the given radius."""
    return 3.14159 * square(radius)


def square(value):
    """Multiply a value by itself."""
    return value * value


class Polygon:
    """A closed shape made of straight edges."""

    def perimeter(self, edges):
        """Sum the lengths of the edges."""
        return sum(map(abs, edges))
`,
  'pkg/report.py': `"""Printing shapes."""
from pkg.geometry import area_of_circle, square


def print_report(shapes):
    """Print the area of every shape in a weighted report."""
    for shape in shapes:
        print(area_of_circle(shape))
    return sorted(shapes, key=square)
`,
  'src/path.ts': `/** Shortest paths in a weighted graph. */
export function shortestPath(graph: Map<string, string[]>, from: string, to: string): string[] {
  return visit(graph, from, to, new Set());
}

/** Walk the graph depth first. */
function visit(graph: Map<string, string[]>, at: string, to: string, seen: Set<string>): string[] {
  if (at === to) return [at];
  seen.add(at);
  for (const next of graph.get(at) ?? []) if (!seen.has(next)) return [at, ...visit(graph, next, to, seen)];
  return [];
}

export const handlers = [shortestPath];
`,
  'lib/queue.js': `'use strict';
const { EventEmitter } = require('node:events');

/**
 * A queue that reports when it drains.
 * @param {number} limit - Most items held.
 */
class Queue extends EventEmitter {
  constructor(limit = 10) {
    super();
    this.items = [];
    this.limit = limit;
  }

  /** Add an item; returns false when full. */
  push(item) {
    if (this.items.length >= this.limit) return false;
    this.items.push(item);
    return true;
  }

  drain(each) {
    while (this.items.length > 0) each(this.items.shift());
    this.emit('drained', this);
  }
}

function makeQueue(options) {
  const queue = new Queue(options && options.limit);
  queue.on('drained', () => console.log('drained'));
  return queue;
}

module.exports = { Queue, makeQueue };
`,
  'lib/format.mjs': `import { Queue } from './queue.js';

/** Render items as one line. */
export function formatItems(items, separator = ', ') {
  return items.map((item) => String(item)).join(separator);
}

export default async function main(argv) {
  const queue = new Queue(argv.length);
  for (const arg of argv) queue.push(arg);
  const seen = [];
  queue.drain((item) => seen.push(item));
  return formatItems(seen);
}
`,
  'native/graph.h': `#ifndef GRAPH_H
#define GRAPH_H

#include <stddef.h>

#define GRAPH_LIMIT 16
#define GRAPH_EMPTY(g) ((g)->count == 0)

/** A node with its outgoing edges. */
typedef struct node {
  int id;
  struct node *next[GRAPH_LIMIT];
  size_t degree;
} node_t;

/** A graph of nodes. */
struct graph {
  node_t *nodes;
  size_t count;
};

int graph_add_edge(struct graph *g, int from, int to);
static inline size_t graph_size(const struct graph *g) { return g->count; }

#endif
`,
  'native/graph.c': `#include <stdlib.h>
#include <string.h>
#include "graph.h"

enum status { OK = 0, FULL = 1 };

static node_t *find_node(struct graph *g, int id)
{
    for (size_t i = 0; i < g->count; i++) {
        if (g->nodes[i].id == id)
            return &g->nodes[i];
    }
    return NULL;
}

/*
 * Add an edge between two nodes; returns FULL when the node has no room.
 */
int graph_add_edge(struct graph *g, int from, int to)
{
    node_t *a = find_node(g, from);
    node_t *b = find_node(g, to);
    if (a == NULL || b == NULL || a->degree >= GRAPH_LIMIT)
        return FULL;
    a->next[a->degree++] = b;
    memset(b->next + b->degree, 0, sizeof(node_t *));
    return OK;
}
`,
  'native/graph.hpp': `#pragma once
#include <map>
#include <string>
#include <vector>

namespace graphs {
namespace detail {
template<typename T>
inline T largest(const std::vector<T>& values) {
    T best{};
    for (const auto& value : values) if (value > best) best = value;
    return best;
}
}  // namespace detail

/// A directed graph keyed by name.
template<typename Key = std::string>
class basic_graph {
  public:
    using key_type = Key;

    explicit basic_graph(std::string name) : m_name(std::move(name)) {}
    virtual ~basic_graph() = default;

    /// Add an edge and return the graph.
    basic_graph& add_edge(const Key& from, const Key& to, int weight = 1) {
        m_edges[from].push_back(to);
        m_weights.push_back(weight);
        return *this;
    }

    int heaviest() const { return detail::largest(m_weights); }
    bool operator==(const basic_graph& other) const noexcept { return m_name == other.m_name; }

  private:
    std::string m_name;
    std::map<Key, std::vector<Key>> m_edges;
    std::vector<int> m_weights;
};

using graph = basic_graph<>;
}  // namespace graphs
`,
  'native/graph.cpp': `#include "graph.hpp"
#include <iostream>

namespace graphs {
struct printer {
    void print(const graph& g) const { std::cout << g.heaviest() << std::endl; }
};

int run(int argc, char** argv) {
    graph g("main");
    g.add_edge("a", "b").add_edge("b", "c", argc);
    printer{}.print(g);
    return argv == nullptr ? 1 : 0;
}
}  // namespace graphs

int main(int argc, char** argv) { return graphs::run(argc, argv); }
`,
  'cmd/graph.go': `// Package graph holds a small directed graph.
package graph

import (
\t"errors"
\t"fmt"
\tstrings "strings"
)

// ErrMissing is returned for an unknown node.
var ErrMissing = errors.New("missing node")

// Graph is a directed graph.
type Graph struct {
\tName  string
\tedges map[string][]string
}

// Walker visits nodes.
type Walker interface {
\tVisit(node string) error
}

// New returns an empty graph.
func New(name string) *Graph {
\treturn &Graph{Name: name, edges: map[string][]string{}}
}

// AddEdge adds an edge.
func (g *Graph) AddEdge(from, to string) *Graph {
\tg.edges[from] = append(g.edges[from], to)
\treturn g
}

// Walk visits the neighbours of a node.
func (g *Graph) Walk(node string, w Walker) error {
\tnext, ok := g.edges[node]
\tif !ok {
\t\treturn fmt.Errorf("walk %s: %w", strings.TrimSpace(node), ErrMissing)
\t}
\tfor _, n := range next {
\t\tif err := w.Visit(n); err != nil {
\t\t\treturn err
\t\t}
\t}
\tgo func() { _ = len(next) }()
\treturn nil
}
`,
  'crate/graph.rs': `//! A small directed graph.
use std::collections::HashMap;
use std::fmt;

/// A node key.
pub type Key = u32;

/// Something that visits nodes.
pub trait Visitor {
    /// Visit one node.
    fn visit(&mut self, key: Key) -> bool;
}

/// A directed graph.
#[derive(Debug, Default)]
pub struct Graph {
    name: String,
    edges: HashMap<Key, Vec<Key>>,
}

/// What went wrong.
pub enum Error {
    Missing(Key),
    Full { limit: usize },
}

impl Graph {
    /// An empty graph.
    pub fn new(name: &str) -> Self {
        Graph { name: name.to_string(), edges: HashMap::new() }
    }

    /// Add an edge.
    pub fn add_edge(&mut self, from: Key, to: Key) -> &mut Self {
        self.edges.entry(from).or_default().push(to);
        self
    }

    pub fn walk<V: Visitor>(&self, from: Key, visitor: &mut V) -> Result<usize, Error> {
        let next = self.edges.get(&from).ok_or(Error::Missing(from))?;
        Ok(next.iter().filter(|&&k| visitor.visit(k)).count())
    }
}

impl fmt::Display for Graph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} nodes)", self.name, self.edges.len())
    }
}

macro_rules! graph {
    ($name:expr) => {
        Graph::new($name)
    };
}
`,
  'java/org/example/Graph.java': `package org.example;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A directed graph. */
public class Graph implements Comparable<Graph> {
    /** Most edges per node. */
    public static final int LIMIT = 16;

    private final String name;
    private final Map<String, List<String>> edges = new HashMap<>();

    /** Visits nodes. */
    public interface Visitor {
        boolean visit(String node);
    }

    public Graph(String name) {
        this.name = name;
    }

    /**
     * Add an edge.
     *
     * @param from the source
     * @param to the target
     * @return this graph
     */
    public Graph addEdge(String from, String to) {
        edges.computeIfAbsent(from, key -> new ArrayList<>()).add(to);
        return this;
    }

    public int walk(String from, Visitor visitor) {
        int seen = 0;
        for (String next : edges.getOrDefault(from, List.of())) {
            if (visitor.visit(next)) seen++;
        }
        return seen;
    }

    @Override
    public int compareTo(Graph other) {
        return name.compareTo(other.name);
    }
}
`,
  'scripts/graph.sh': `#!/bin/bash
# Helpers for the graph tool.

GRAPH_HOME=\${GRAPH_HOME:-/tmp/graph}

# Print a message to stderr.
log() {
    printf '%s\\n' "$*" >&2
}

# Add an edge: add_edge FROM TO
function add_edge {
    local from=$1 to=$2
    [[ -n $from && -n $to ]] || { log "usage: add_edge FROM TO"; return 1; }
    echo "$from $to" >> "$GRAPH_HOME/edges"
}

_graph_complete() {
    local cur=\${COMP_WORDS[COMP_CWORD]}
    case $cur in
        -*) COMPREPLY=($(compgen -W '--help --name' -- "$cur")) ;;
        *) COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
    add_edge "$cur" done && log "completed"
}

complete -F _graph_complete graph
`,
  'config/settings.json': `{
  "name": "graph",
  "version": "1.0.0",
  "limits": { "edges": 16, "nodes": [1, 2, 3] },
  "enabled": true,
  "owner": null
}
`,
  'docs/graph.md': `# Graph

A small directed graph, with [helpers](../scripts/graph.sh).

## Adding edges

Call \`add_edge\` with the two nodes:

\`\`\`python
graph.add_edge("a", "b")
\`\`\`

- a node has at most 16 edges
- a missing node is an error
`,
});

/** The comment that starts a line of each sample's language (JSON has none: its edit rewrites a value). */
const LINE_COMMENT: readonly (readonly [RegExp, string])[] = [
  [/\.(py|sh)$/, '#'],
  [/\.md$/, ''],
];

/**
 * A sample after an edit, as the index warm-up runs its incremental run: a new function appended to the Python and
 * TypeScript samples (the one-function edit a user makes most), a comment line appended to the others (the
 * campaign's one-file edit), a changed value in the JSON sample.
 *
 * @param path - A key of {@link WARM_SOURCES}.
 * @returns The edited text.
 */
export function editedWarmSource(path: string): string {
  const text = WARM_SOURCES[path];
  if (text === undefined) throw new Error(`not a warm-up sample: ${path}`);
  if (path.endsWith('.py')) return `${text}\n\ndef warm_edit():\n    return top([1])\n`;
  if (path.endsWith('.ts')) return `${text}\nexport const warmEdit = (): number => 1;\n`;
  if (path.endsWith('.json')) return text.replace('"enabled": true', '"enabled": false');
  const marker = LINE_COMMENT.find(([pattern]) => pattern.test(path))?.[1] ?? '//';
  return `${text}${marker} warm-up edit\n`;
}
