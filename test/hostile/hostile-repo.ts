/**
 * A repository salted with hostile files, generated in a temporary folder (small: well under a megabyte apart from
 * the one large file, and written in well under a second). Each case says what `codira index` must do with it.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** What the index must do with a case's file. */
export type Outcome =
  /** Indexed; `symbol` is a qualified name `sym` must find, at `line`. */
  | { readonly kind: 'indexed'; readonly symbol: string; readonly line: number }
  /** Reported as failed with a reason matching `reason`; no rows. */
  | { readonly kind: 'failed'; readonly reason: RegExp }
  /** Left out and reported as skipped with a reason matching `reason`. */
  | { readonly kind: 'skipped'; readonly reason: RegExp }
  /** Not a candidate: never indexed, never reported as failed. */
  | { readonly kind: 'ignored' };

/** One hostile case. */
export interface HostileCase {
  /** Short label for the ledger and test names. */
  readonly name: string;
  /** Repository-relative path of the file the outcome is about. */
  readonly path: string;
  readonly outcome: Outcome;
  /** Outcome when the repository is a git work tree, if it differs (git lists tracked files it cannot read). */
  readonly gitOutcome?: Outcome;
}

const indexed = (symbol: string, line = 1): Outcome => ({ kind: 'indexed', symbol, line });
const failed = (reason: RegExp): Outcome => ({ kind: 'failed', reason });
const skipped = (reason: RegExp): Outcome => ({ kind: 'skipped', reason });
const ignored: Outcome = { kind: 'ignored' };

/** Nesting depth of the deep files: the TypeScript one crashed the native parser, killing the whole run. */
export const DEEP = 10_000;

/** Number of functions in the large generated file. */
export const LARGE_FUNCTIONS = 1000;

/** Every case with its expected outcome. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  { name: 'plain file', path: 'good.py', outcome: indexed('good.helper', 4) },
  { name: 'binary content', path: 'binary.py', outcome: failed(/^binary file$/) },
  { name: 'invalid UTF-8', path: 'invalid-utf8.py', outcome: failed(/^not valid UTF-8$/) },
  { name: 'UTF-8 byte-order mark', path: 'bom.py', outcome: indexed('bom.with_bom') },
  { name: 'UTF-16 LE with byte-order mark', path: 'utf16le.py', outcome: indexed('utf16le.sixteen', 2) },
  { name: 'UTF-16 BE with byte-order mark', path: 'utf16be.ts', outcome: indexed('utf16be.sixteenBig') },
  { name: 'broken UTF-16', path: 'utf16-broken.py', outcome: failed(/^not valid UTF-16$/) },
  { name: 'CRLF line ends', path: 'crlf.py', outcome: indexed('crlf.second', 4) },
  { name: 'NUL byte after the binary probe', path: 'late-nul.py', outcome: failed(/^syntax error at line \d+$/) },
  { name: 'Python syntax error', path: 'syntax-error.py', outcome: failed(/^syntax error at line 1/) },
  { name: 'TypeScript syntax error', path: 'syntax-error.ts', outcome: failed(/^syntax error at line 1/) },
  { name: 'empty Python file', path: 'empty.py', outcome: indexed('empty') },
  { name: 'empty TypeScript file', path: 'empty-ts.ts', outcome: indexed('empty-ts') },
  {
    name: 'large generated file',
    path: 'large.py',
    outcome: indexed(`large.f${LARGE_FUNCTIONS - 1}`, LARGE_FUNCTIONS * 2 - 1),
  },
  { name: 'symbolic link loop', path: 'loop.py', outcome: ignored },
  { name: 'symbolic link to a folder loop', path: 'pkg/self', outcome: ignored },
  { name: 'symbolic link outside the repository', path: 'outside.py', outcome: ignored },
  { name: 'dangling symbolic link', path: 'dangling.py', outcome: ignored },
  { name: 'FIFO', path: 'fifo.py', outcome: ignored },
  { name: 'unreadable file', path: 'unreadable.py', outcome: failed(/^unreadable: EACCES$/) },
  {
    name: 'file in an unreadable folder',
    path: 'locked/hidden.py',
    outcome: ignored,
    gitOutcome: failed(/^unreadable: EACCES$/),
  },
  { name: 'unreadable folder', path: 'locked', outcome: skipped(/^unreadable directory \(EACCES\)$/) },
  { name: `TypeScript nested ${DEEP} levels`, path: 'deep.ts', outcome: indexed('deep.afterDeep', 2) },
  { name: `JavaScript nested ${DEEP} levels`, path: 'deep-blocks.js', outcome: indexed('deep-blocks.blocks') },
  { name: `Python nested ${DEEP} levels`, path: 'deep.py', outcome: indexed('deep.after_deep', 2) },
  {
    name: 'file over the size limit (2 MiB)',
    path: 'generated/huge.py',
    outcome: skipped(/^too large: \d+ bytes \(limit 2097152\)$/),
  },
  { name: 'newline in a file name', path: 'new\nline.py', outcome: indexed('new\nline.nl') },
  { name: 'tab in a file name', path: 'tab\tname.py', outcome: indexed('tab\tname.tabbed') },
  { name: 'space in a file name', path: 'space name.py', outcome: indexed('space name.spaced') },
  { name: 'leading dash in a file name', path: '-dash.py', outcome: indexed('-dash.dashed') },
  { name: 'quotes in a file name', path: `quote'"name.py`, outcome: indexed(`quote'"name.quoted`) },
  { name: 'backslash in a file name', path: 'back\\slash.py', outcome: indexed('back\\slash.slashed') },
  { name: 'non-ASCII file name', path: 'ünïcödé/日本.py', outcome: indexed('ünïcödé.日本.kanji') },
  { name: 'file name that is not UTF-8', path: 'bad\ufffdname.py', outcome: skipped(/^file name is not valid UTF-8$/) },
  { name: 'SQL LIKE metacharacters in a file name', path: '100%_done.py', outcome: indexed('100%_done.percent') },
  { name: 'very long file name', path: `${'n'.repeat(200)}.py`, outcome: indexed(`${'n'.repeat(200)}.long_name`) },
  { name: '.gitignore: ignored folder', path: 'build/generated.py', outcome: ignored },
  { name: '.gitignore: ignored pattern', path: 'schema.gen.py', outcome: ignored },
  {
    name: 'JS object-key names (Python)',
    path: '__proto__.py',
    outcome: indexed('__proto__.__proto__.constructor', 2),
  },
  { name: 'JS object-key names (TypeScript)', path: 'proto.ts', outcome: indexed('proto.__proto__') },
  { name: 'SQL text in names and docstrings', path: 'sql.py', outcome: indexed('sql.a_c', 4) },
];

/** A generated repository; `dispose` removes it (restoring permissions first). */
export interface HostileRepo {
  readonly root: string;
  dispose(): void;
}

const LATE_NUL = Buffer.concat([
  Buffer.from(`def before():\n    pass\n# ${'x'.repeat(9000)}\n`),
  Buffer.from('S = "a\0b"\n\ndef after():\n    pass\n'),
]);

function largeFile(): string {
  const lines: string[] = [];
  for (let i = 0; i < LARGE_FUNCTIONS; i++) lines.push(`def f${i}():`, `    return f${(i + 1) % LARGE_FUNCTIONS}()`);
  return `${lines.join('\n')}\n`;
}

/** File contents by path (text or bytes). */
const CONTENTS: Readonly<Record<string, string | Buffer>> = {
  'good.py': 'def ok():\n    return helper()\n\ndef helper():\n    return 1\n',
  'binary.py': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0, 0xff]),
  'invalid-utf8.py': Buffer.from([...Buffer.from('def x():\n    return "'), 0xff, 0xfe, 0xc3, ...Buffer.from('"\n')]),
  'bom.py': '\ufeffdef with_bom():\n    pass\n',
  'utf16le.py': Buffer.from('\ufeff# UTF-16\ndef sixteen():\n    return "ü"\n', 'utf16le'),
  'utf16be.ts': Buffer.from('\ufeffexport function sixteenBig() { return 1; }\n', 'utf16le').swap16(),
  'utf16-broken.py': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([0x00, 0xd8, 0x41, 0x00])]),
  'deep.ts': `export const nested = ${'['.repeat(DEEP)}${']'.repeat(DEEP)};\nexport function afterDeep() { return 1; }\n`,
  'deep-blocks.js': `export function blocks(x) { ${'if (x) { '.repeat(DEEP)}${'}'.repeat(DEEP)} }\n`,
  'deep.py': `X = ${'('.repeat(DEEP)}1${')'.repeat(DEEP)}\ndef after_deep():\n    return X\n`,
  'generated/huge.py': `# generated\n${'x = 1\n'.repeat(360_000)}`,
  'crlf.py': 'def first():\r\n    return 1\r\n\r\ndef second():\r\n    return first()\r\n',
  'late-nul.py': LATE_NUL,
  'syntax-error.py': 'def broken(:\n    pass\n',
  'syntax-error.ts': 'export function (\n',
  'empty.py': '',
  'empty-ts.ts': '',
  'large.py': largeFile(),
  'unreadable.py': 'def secret():\n    pass\n',
  'locked/hidden.py': 'def hidden():\n    pass\n',
  'new\nline.py': 'def nl():\n    pass\n',
  'tab\tname.py': 'def tabbed():\n    pass\n',
  'space name.py': 'def spaced():\n    pass\n',
  '-dash.py': 'def dashed():\n    pass\n',
  [`quote'"name.py`]: 'def quoted():\n    pass\n',
  'back\\slash.py': 'def slashed():\n    pass\n',
  'ünïcödé/日本.py': 'def kanji():\n    pass\n',
  '100%_done.py': 'def percent():\n    pass\n',
  [`${'n'.repeat(200)}.py`]: 'def long_name():\n    pass\n',
  '.gitignore': 'build/\n*.gen.py\n',
  'build/generated.py': 'def generated():\n    pass\n',
  'schema.gen.py': 'def schema():\n    pass\n',
  '__proto__.py': [
    'class __proto__:',
    '    def constructor(self):',
    '        return hasOwnProperty()',
    '',
    'def hasOwnProperty():',
    '    return toString()',
    '',
    'def toString():',
    '    return __proto__()',
    '',
  ].join('\n'),
  'proto.ts': [
    'export function __proto__() { return constructor(); }',
    'export function constructor() { return 1; }',
    'export class toString { valueOf() { return __proto__(); } }',
    '',
  ].join('\n'),
  'sql.py': [
    'def abc():',
    `    """Robert'); DROP TABLE symbols;-- plain"""`,
    '',
    'def a_c():',
    '    """100% done_ with [brackets] and \\\\ backslash"""',
    '',
  ].join('\n'),
};

/**
 * Write the hostile repository. Permissions are set last; the caller hands the tree to the unprivileged user.
 *
 * @param options - `git: true` makes it a git work tree (scanned with `git ls-files`), otherwise a plain folder.
 * @returns The repository.
 */
export function writeHostileRepo(options: { readonly git: boolean }): HostileRepo {
  const root = mkdtempSync(join(tmpdir(), 'codira-hostile-'));
  chmodSync(root, 0o755);
  for (const [path, content] of Object.entries(CONTENTS)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  // Linux names are bytes: this one (0xff) has no text form, so it cannot be stored as a path.
  writeFileSync(Buffer.concat([Buffer.from(`${root}/bad`), Buffer.from([0xff]), Buffer.from('name.py')]), 'x = 1\n');
  mkdirSync(join(root, 'pkg'));
  writeFileSync(join(root, 'pkg', 'mod.py'), 'def in_pkg():\n    pass\n');
  symlinkSync('loop.py', join(root, 'loop.py'));
  symlinkSync('..', join(root, 'pkg', 'self'));
  symlinkSync('/etc/hostname', join(root, 'outside.py'));
  symlinkSync('missing.py', join(root, 'dangling.py'));
  execFileSync('mkfifo', [join(root, 'fifo.py')]);
  if (options.git) {
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '-A'], { cwd: root });
  }
  chmodSync(join(root, 'unreadable.py'), 0o000);
  chmodSync(join(root, 'locked'), 0o000);
  return {
    root,
    dispose: () => {
      chmodSync(join(root, 'locked'), 0o755);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
