/**
 * Sample sources for warming code caches at build time.
 *
 * @packageDocumentation
 */

/**
 * The files the build indexes and analyzes before it writes the code caches of the index bundle and of the analysis
 * thread's bundle (`scripts/bundle-cli.mjs`): a Python module and a TypeScript module with the constructs ordinary
 * code has (imports, classes, methods, decorators, nested functions, calls through names and attributes,
 * comprehensions, docstrings and doc comments, types), so the functions a one-file run executes are in the caches
 * instead of compiled lazily in every run (issue 12 ledger, session 20, s20-sqlonefile).
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
});
