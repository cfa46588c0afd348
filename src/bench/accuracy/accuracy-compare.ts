/**
 * Scores codira's call graph (`codira graph --json`) against an oracle's call sites: recall over the sites the
 * oracle resolves to an in-corpus definition, precision over codira's resolved edges at sites the oracle judges.
 *
 * A site is matched by file, line and callee text. Recall: the site counts as found when codira resolves it to
 * the symbol holding (one of) the oracle's definitions. Precision: a resolved codira edge is right when its target
 * is (one of) the oracle's definitions, wrong when the oracle resolves the site elsewhere (another definition, or
 * outside the corpus: a library, a local, a parameter); edges at sites the oracle cannot type are not judged.
 *
 * @packageDocumentation
 */
import { CALL_KINDS, type CallKind, type OracleSite, type OracleTarget } from './oracle-site.js';

/** The part of `codira graph --json` the comparison reads. */
export interface GraphInput {
  readonly nodes: readonly {
    readonly qualifiedName: string;
    readonly name: string;
    readonly path: string;
    readonly startLine: number;
    readonly endLine: number;
  }[];
  readonly edges: readonly {
    readonly kind: 'call' | 'reference';
    readonly text: string;
    readonly target: string | null;
    readonly targetPath: string | null;
    readonly path: string;
    readonly line: number;
  }[];
}

/** Counts behind precision and recall for one slice (overall or one call kind). */
export interface AccuracyCounts {
  /** Oracle sites with an in-corpus definition (recall denominator). */
  readonly expected: number;
  /** Of those, sites codira resolves to the right symbol. */
  readonly found: number;
  /** codira edges judged (precision denominator). */
  readonly judged: number;
  /** Of those, edges to the right symbol. */
  readonly correct: number;
  /** `found / expected` in percent, `null` when nothing was expected. */
  readonly recall: number | null;
  /** `correct / judged` in percent, `null` when nothing was judged. */
  readonly precision: number | null;
}

/** One wrong or missing edge, for the artifacts (so a regression can be looked at, not only counted). */
export interface AccuracyExample {
  readonly path: string;
  readonly line: number;
  readonly text: string | null;
  readonly kind: CallKind;
  /** What codira resolved the site to (`null`: unresolved). */
  readonly codira: string | null;
  /** What the oracle says (`path:line:name` of each definition, or `external`). */
  readonly oracle: string;
}

/** The score of one corpus against one oracle. */
export interface AccuracyScore {
  readonly overall: AccuracyCounts;
  readonly byKind: Readonly<Record<CallKind, AccuracyCounts>>;
  /** Oracle sites examined, and how many the oracle could not type (not judged). */
  readonly sites: number;
  readonly unknownSites: number;
  /** A few misses and false edges, in site order. */
  readonly misses: readonly AccuracyExample[];
  readonly falseEdges: readonly AccuracyExample[];
}

const EXAMPLES = 25;

interface Tally {
  expected: number;
  found: number;
  judged: number;
  correct: number;
}

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((1000 * part) / whole) / 10;
}

function finish(t: Tally): AccuracyCounts {
  return { ...t, recall: percent(t.found, t.expected), precision: percent(t.correct, t.judged) };
}

const describe = (t: OracleTarget): string => `${t.path}:${t.line}:${t.name}`;

/**
 * Score a graph against oracle sites.
 *
 * @param graph - Parsed `codira graph --json` output of the corpus.
 * @param sites - The oracle's sites (all of them, or a sample).
 * @returns Overall and per-kind counts with examples.
 */
export function scoreGraph(graph: GraphInput, sites: readonly OracleSite[]): AccuracyScore {
  const nodesByFile = new Map<string, GraphInput['nodes'][number][]>();
  for (const node of graph.nodes) {
    const list = nodesByFile.get(node.path) ?? [];
    list.push(node);
    nodesByFile.set(node.path, list);
  }
  /** The innermost symbol of the same name whose lines hold the definition's name. */
  const nodeOf = (t: OracleTarget): string => {
    let best: GraphInput['nodes'][number] | undefined;
    for (const node of nodesByFile.get(t.path) ?? []) {
      if (node.name !== t.name || node.startLine > t.line || node.endLine < t.line) continue;
      if (best === undefined || node.startLine >= best.startLine) best = node;
    }
    return best === undefined ? `unindexed:${describe(t)}` : `${best.path}\u0000${best.qualifiedName}`;
  };
  const edgesAt = new Map<string, { target: string | null; key: string | null }[]>();
  for (const edge of graph.edges) {
    if (edge.kind !== 'call') continue;
    const at = `${edge.path}\u0000${edge.line}\u0000${edge.text}`;
    const list = edgesAt.get(at) ?? [];
    list.push({
      target: edge.target,
      key: edge.target === null ? null : `${edge.targetPath ?? ''}\u0000${edge.target}`,
    });
    edgesAt.set(at, list);
  }
  const tallies = new Map<CallKind | 'all', Tally>(
    [...CALL_KINDS, 'all' as const].map((k) => [k, { expected: 0, found: 0, judged: 0, correct: 0 }]),
  );
  const bump = (kind: CallKind, field: keyof Tally): void => {
    tallies.get(kind)![field] += 1;
    tallies.get('all')![field] += 1;
  };
  const misses: AccuracyExample[] = [];
  const falseEdges: AccuracyExample[] = [];
  const judgedAt = new Set<string>();
  let unknownSites = 0;
  for (const site of sites) {
    if (site.status === 'unknown') {
      unknownSites += 1;
      continue;
    }
    const at = `${site.path}\u0000${site.line}\u0000${site.text ?? ''}`;
    const edges = site.text === null ? [] : (edgesAt.get(at) ?? []);
    const expected = new Set(site.targets.map(nodeOf));
    const oracle = site.status === 'external' ? 'external' : site.targets.map(describe).join(' | ');
    if (site.status === 'resolved') {
      bump(site.kind, 'expected');
      if (edges.some((e) => e.key !== null && expected.has(e.key))) bump(site.kind, 'found');
      else if (misses.length < EXAMPLES) misses.push(example(site, edges[0]?.target ?? null, oracle));
    }
    // Several oracle sites can share a line and text (`f(f(x))`): judge codira's edges there once.
    if (judgedAt.has(at)) continue;
    judgedAt.add(at);
    for (const edge of edges) {
      if (edge.key === null) continue;
      bump(site.kind, 'judged');
      if (expected.has(edge.key)) bump(site.kind, 'correct');
      else if (falseEdges.length < EXAMPLES) falseEdges.push(example(site, edge.target, oracle));
    }
  }
  const byKind = Object.fromEntries(CALL_KINDS.map((k) => [k, finish(tallies.get(k)!)])) as Record<
    CallKind,
    AccuracyCounts
  >;
  return { overall: finish(tallies.get('all')!), byKind, sites: sites.length, unknownSites, misses, falseEdges };
}

function example(site: OracleSite, codira: string | null, oracle: string): AccuracyExample {
  return { path: site.path, line: site.line, text: site.text, kind: site.kind, codira, oracle };
}
