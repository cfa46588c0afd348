/**
 * `profile.md` and the flame graphs of a `--profile` run: per repository × command, the top self-time and
 * total-time functions (file:function, ms, % of busy time over all threads) side by side per variant, and one
 * flame graph SVG beside every `.cpuprofile`.
 *
 * @packageDocumentation
 */
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { markdownTable } from '../export/markdown-table.js';
import { renderFlameGraph } from '../export/flame-graph.js';
import type { ProfiledRun } from '../run/profile.js';
import { flameTree, functionTimes, readCpuProfile, type FunctionTime } from './cpuprofile.js';

/** Functions listed per table. */
const TOP = 12;

function cell(f: FunctionTime | undefined, key: 'selfMs' | 'totalMs', busyMs: number): string {
  if (!f) return '';
  const ms = f[key];
  return `\`${f.name}\` ${ms.toFixed(1)} ms (${busyMs > 0 ? ((100 * ms) / busyMs).toFixed(1) : '0'} %)`;
}

/**
 * Write `profile.md` and a flame graph per profile.
 *
 * @param runDir - The run folder.
 * @param runs - Every profiled command × variant so far.
 * @returns The path of `profile.md`.
 */
export async function writeProfileReport(runDir: string, runs: readonly ProfiledRun[]): Promise<string> {
  const lines = [
    '# CPU profiles',
    '',
    'One extra run per command × variant under `node --cpu-prof` (worker threads included), after the timed runs; ' +
      'never used by a gate. Open a `.cpuprofile` in Chrome DevTools (Performance) or speedscope. Percentages are ' +
      'of the busy (non-idle) CPU time of all threads of the process; the profiler itself slows the process down.',
    '',
  ];
  const groups = new Map<string, ProfiledRun[]>();
  for (const run of runs)
    groups.set(`${run.repo}\0${run.command}`, [...(groups.get(`${run.repo}\0${run.command}`) ?? []), run]);
  for (const group of groups.values()) {
    const { repo, command } = group[0]!;
    lines.push(`## ${repo} · ${command}`, '');
    const columns = group.map((run) => {
      const profiles = run.files.map((file) => ({ file, profile: readCpuProfile(file) }));
      const { busyMs, functions } = functionTimes(profiles.map((p) => p.profile));
      return { run, profiles, busyMs, functions };
    });
    for (const { run, profiles } of columns) {
      for (const [i, { file, profile }] of profiles.entries()) {
        const thread = i === 0 ? 'main thread' : `thread ${i}`;
        const svg = join(dirname(file), `${basename(file, '.cpuprofile')}.svg`);
        await writeFile(svg, renderFlameGraph(flameTree(profile), `${repo} · ${command} · ${run.variant} (${thread})`));
      }
    }
    lines.push(
      columns
        .map(({ run, busyMs, profiles }) =>
          run.error
            ? `- ${run.variant}: the profiled run failed: ${run.error}`
            : `- ${run.variant}: ${busyMs.toFixed(1)} ms busy over ${profiles.length} thread${profiles.length === 1 ? '' : 's'}; ` +
              profiles
                .map(
                  ({ file }) =>
                    `[${basename(file)}](${relative(runDir, file)}) ([flame graph](${relative(runDir, join(dirname(file), `${basename(file, '.cpuprofile')}.svg`))}))`,
                )
                .join(', '),
        )
        .join('\n'),
      '',
    );
    for (const [key, title] of [
      ['selfMs', 'Top self time'],
      ['totalMs', 'Top total time'],
    ] as const) {
      const sorted = columns.map((c) => [...c.functions].sort((a, b) => b[key] - a[key]).slice(0, TOP));
      const rows = Array.from({ length: TOP }, (_, i) => [
        String(i + 1),
        ...columns.map((c, v) => cell(sorted[v]![i], key, c.busyMs)),
      ]).filter((row) => row.slice(1).some((x) => x !== ''));
      lines.push(`### ${title}`, '', markdownTable(['#', ...columns.map((c) => c.run.variant)], rows), '');
    }
  }
  const file = join(runDir, 'profile.md');
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}
