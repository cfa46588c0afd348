/* global console, process */
// Each mutation: replace one text in a source file, run the named tests, restore; prints one JSON line per mutation.
// usage: node mutate.mjs (from the worktree root)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const MUTATIONS = [
  [
    'M1 mtime read from the wrong slot',
    'src/core/fast-stat.ts',
    'const MTIME_NSEC = 13;',
    'const MTIME_NSEC = 11;',
    ['test/core/fast-stat.test.ts'],
  ],
  [
    'M2 links and folders taken as files',
    'src/core/fast-stat.ts',
    'isFile: (values[MODE]! & constants.S_IFMT) === constants.S_IFREG,',
    'isFile: true,',
    ['test/core/fast-stat.test.ts'],
  ],
  [
    'M3 identity nanoseconds not padded',
    'src/core/fast-stat.ts',
    "${String(nsec).padStart(9, '0')}",
    '${nsec}',
    ['test/core/fast-stat.test.ts'],
  ],
  [
    'M4 sorted check ignores surrogates',
    'src/core/text.ts',
    'if (SURROGATE.test(text)) return items.sort',
    'if (false) return items.sort',
    ['test/core/text-order.test.ts'],
  ],
  [
    'M5 sorted check never re-sorts',
    'src/core/text.ts',
    '  if (ordered) return items;',
    '  return items;',
    ['test/core/text-order.test.ts'],
  ],
  [
    'M6 kept snapshot entries: the replaced ones',
    'src/core/indexer.ts',
    'if (!replaced.has(entry[0])) kept.push(entry);',
    'if (replaced.has(entry[0])) kept.push(entry);',
    ['test/core/stored-state.test.ts', 'test/core/indexer.test.ts'],
  ],
  [
    'M7 kept snapshot entries: none',
    'src/core/indexer.ts',
    'if (!replaced.has(entry[0])) kept.push(entry);',
    'void entry;',
    ['test/core/stored-state.test.ts', 'test/core/indexer.test.ts'],
  ],
  [
    'M8 walk record in walk order',
    'src/core/scanner.ts',
    `  const claimed = sortByText(
    walk(root, (skip) => (recorder.spoil(), onSkipped(skip)), recorder).filter(claims),
    (path) => path,
  );`,
    '  const claimed = walk(root, (skip) => (recorder.spoil(), onSkipped(skip)), recorder).filter(claims);',
    ['test/core/walk-record.test.ts'],
  ],
  [
    'H1 repositories never flipped',
    'src/bench/run/measure-loop.ts',
    '    if (round % 2 === 1) order.reverse();',
    '',
    ['test/bench/runner.test.ts'],
  ],
  [
    'H2 no rotation across one-round loops',
    'src/bench/run/measure-loop.ts',
    'editsSoFar: round, rotation: round }',
    'editsSoFar: round }',
    ['test/bench/runner.test.ts'],
  ],
  [
    'H3 interleaveRepos ignored',
    'src/bench/runner.ts',
    'if (campaign.interleaveRepos === true && repos.length > 1)',
    'if (false)',
    ['test/bench/runner.test.ts'],
  ],
  [
    'H4 one edit number for every round',
    'src/bench/run/measure-loop.ts',
    'editsSoFar: round, rotation: round }',
    'editsSoFar: 0, rotation: round }',
    ['test/bench/runner.test.ts'],
  ],
  [
    'H5 campaign field dropped',
    'src/bench/campaign.ts',
    '...(interleaveRepos === true ? { interleaveRepos: true } : {}),',
    '',
    ['test/bench/config.test.ts'],
  ],
  [
    'M9 a missing first path turns the binding off',
    'src/core/fast-stat.ts',
    '      return undefined;\n    }\n    if (!(plain',
    '      return null;\n    }\n    if (!(plain',
    ['test/core/fast-stat.test.ts'],
  ],
];

/**
 * Run tests; the count of failed tests.
 *
 * @param files - Test files.
 * @returns Counts from vitest's JSON report.
 */
function run(files) {
  let out;
  try {
    out = execFileSync('npx', ['vitest', 'run', '--reporter=json', ...files], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    out = error.stdout;
  }
  const report = JSON.parse(out.slice(out.indexOf('{')));
  return { failed: report.numFailedTests, passed: report.numPassedTests };
}

const only = process.argv[2];
for (const [name, file, from, to, tests] of MUTATIONS) {
  if (only && !name.startsWith(only)) continue;
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) {
    console.log(JSON.stringify({ name, error: 'text not found' }));
    continue;
  }
  writeFileSync(file, text.replace(from, to));
  try {
    console.log(JSON.stringify({ name, file, tests, ...run(tests) }));
  } finally {
    writeFileSync(file, text);
  }
}
