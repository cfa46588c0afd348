import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { siteView, writeCorpus } from './oracle-corpus.js';
import { typescriptOracle } from '../../../src/bench/accuracy/typescript-oracle.js';

const FILES: Record<string, string> = {
  'lib/impl.ts': [
    'export function helper(): number {', // 1
    '  return 1;',
    '}',
    'export class Base {', // 4
    '  constructor(readonly n: number) {}',
    '  ping(): number {', // 6
    '    return helper();', // 7: function (inside a method body)
    '  }',
    '}',
  ].join('\n'),
  'lib/index.ts': "export { helper as aliased, Base } from './impl';\n",
  'main.ts': [
    "import { aliased, Base } from './lib/index';", // 1
    'export interface Pinger {', // 2
    '  ping(): number;', // 3
    '}',
    'export class Child extends Base {', // 5
    '  constructor() {',
    '    super(2);', // 7: super
    '  }',
    '  run(other: Pinger): number {',
    '    const local = (): number => 3;',
    '    return this.ping() + other.ping() + aliased() + local() + super.ping() + [1].indexOf(1);', // 11
    '  }',
    '}',
    'export function make(): Child {',
    '  return new Child();', // 15: constructor
    '}',
    'make();', // 17: top level, not in a function body
  ].join('\n'),
};

const root = writeCorpus(FILES);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('typescriptOracle', () => {
  it('resolves every call in a function body through aliases, hierarchies and declared types', async () => {
    const sites = await typescriptOracle(root, Object.keys(FILES).sort());
    const view = siteView(sites);
    expect(view).toEqual([
      ['lib/impl.ts:7', 'helper', 'function', 'resolved', 'lib/impl.ts:1:helper'],
      ['main.ts:7', 'super', 'super', 'resolved', 'lib/impl.ts:4:Base'],
      ['main.ts:11', 'this.ping', 'this-method', 'resolved', 'lib/impl.ts:6:ping'],
      ['main.ts:11', 'other.ping', 'object-method', 'resolved', 'main.ts:3:ping'],
      ['main.ts:11', 'aliased', 're-export', 'resolved', 'lib/impl.ts:1:helper'],
      ['main.ts:11', 'local', 'constant', 'external', ''],
      ['main.ts:11', 'super.ping', 'super', 'resolved', 'lib/impl.ts:6:ping'],
      ['main.ts:11', null, 'object-method', 'external', ''],
      ['main.ts:15', 'Child', 'constructor', 'resolved', 'main.ts:5:Child'],
    ]);
  });

  it('writes an element read by a name inside a callee chain as [name], the way codira records it', async () => {
    const files = {
      'keyed.ts': [
        'const $k = Symbol();', // 1
        'export class Admin {', // 2
        '  go(): void {}', // 3
        '}', // 4
        'export interface Has { [$k]: Admin }', // 5
        'export function use(h: Has, x: unknown, handlers: Record<string, () => void>): void {', // 6
        '  h[$k].go();', // 7
        '  (x as Has)[$k].go();', // 8
        "  handlers['a']();", // 9: a literal key, and the callee itself an element: no text
        '}', // 10
      ].join('\n'),
    };
    const keyed = writeCorpus(files);
    try {
      const view = siteView(await typescriptOracle(keyed, Object.keys(files)));
      expect(view).toEqual([
        ['keyed.ts:7', 'h[$k].go', 'object-method', 'resolved', 'keyed.ts:3:go'],
        ['keyed.ts:8', 'x[$k].go', 'object-method', 'resolved', 'keyed.ts:3:go'],
        ['keyed.ts:9', null, 'function', 'unknown', ''],
      ]);
    } finally {
      rmSync(keyed, { recursive: true, force: true });
    }
  });
});
