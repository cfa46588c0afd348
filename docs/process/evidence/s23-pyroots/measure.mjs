/* global process, console, URL */
// Resolved counts and jedi accuracy of one build on one tree (session 23, s23-pyroots).
// usage: node measure.mjs <build-dir> <tree> <label> [strip-prefix]
// The index goes to a scratch output dir; with strip-prefix the graph's paths lose it and the oracle reads
// <tree>/<strip-prefix> (the jedi oracle puts its root on sys.path, so a package below it is found there).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [build, tree, label, strip = ''] = process.argv.slice(2);
const here = resolve(new URL('../../../..', import.meta.url).pathname);

/**
 * Run the build's CLI and return its standard output.
 *
 * @param args - Command-line arguments.
 * @returns The output.
 */
function cli(args) {
  return execFileSync('node', [join(build, 'bin', 'codira.js'), ...args], { maxBuffer: 1 << 30, encoding: 'utf8' });
}

/**
 * Index, export the graph, count resolved sites and score it with the jedi oracle.
 *
 * @returns Resolves when the JSON line is printed.
 */
async function main() {
  const out = mkdtempSync(join(tmpdir(), 's23py-'));
  try {
    cli(['index', '--path', tree, '--output-dir', out, '--full']);
    const graph = JSON.parse(cli(['graph', '--json', '--path', tree, '--output-dir', out]));
    const count = (kind) => graph.edges.filter((e) => e.kind === kind && e.target !== null).length;
    const total = (kind) => graph.edges.filter((e) => e.kind === kind).length;
    const cut = (p) => (p !== null && strip !== '' && p.startsWith(strip) ? p.slice(strip.length) : p);
    const g = {
      nodes: graph.nodes.filter((n) => n.path.startsWith(strip)).map((n) => ({ ...n, path: cut(n.path) })),
      edges: graph.edges
        .filter((e) => e.path.startsWith(strip))
        .map((e) => ({ ...e, path: cut(e.path), targetPath: cut(e.targetPath) })),
    };
    const { measureAccuracy } = await import(join(here, 'dist', 'bench', 'accuracy', 'accuracy-measure.js'));
    const records = await measureAccuracy(join(tree, strip), g);
    const py = records.find((r) => r.language === 'python');
    const s = py?.state === 'completed' ? py.score : null;
    console.log(
      JSON.stringify({
        label,
        build,
        calls: { resolved: count('call'), total: total('call') },
        references: { resolved: count('reference'), total: total('reference') },
        python: s === null ? py : s.overall,
      }),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

await main();
