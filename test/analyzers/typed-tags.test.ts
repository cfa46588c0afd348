/**
 * The C++ and Bash analyzers collect their tags with matchers per node type instead of compiling their tags queries
 * (`collectTypedTags`, issue 12 session 22): the same tags in the same order as the query's, here on sources that
 * exercise every pattern and its edge cases (a field with several children, argument order, nodes without the
 * captured part). `docs/process/evidence/s22-onefile/tagdiff.mjs` compares both on every C++ and Bash file of the
 * corpora, C++'s standard headers and the system's shell scripts.
 */
import type Parser from 'tree-sitter';
import { describe, expect, it } from 'vitest';
import { BASH_TAG_TYPES, BASH_TAGS_QUERY, bashTag } from '../../src/analyzers/bash/bash-definitions.js';
import { BASH_GRAMMAR } from '../../src/analyzers/bash/bash-parser.js';
import { CPP_TAG_TYPES, CPP_TAGS_QUERY, cppTag } from '../../src/analyzers/cpp/cpp-definitions.js';
import { CPP_GRAMMAR } from '../../src/analyzers/cpp/cpp-parser.js';
import { parserFor, queryFor, type GrammarSpec } from '../../src/analyzers/tree-sitter/grammar-loader.js';
import { collectTags, collectTypedTags, type AddTag, type Tag } from '../../src/analyzers/tree-sitter/query-tags.js';

const CPP = `
namespace outer { namespace inner { int x; } namespace { int hidden; } }
class Widget : public Base { public: void draw(int depth); };
class Forward;
struct Point { int x, y; };
union Value { int i; float f; };
enum Color { red, green };
enum class Mode : int { on, off };
typedef int count_t, *count_ptr, other_t;
typedef struct { int a; } anon_t;
using Alias = std::vector<int>;
#define SQUARE(x) ((x) * (x))
#define PLAIN 1
int Widget::draw(int depth) { return helper(depth, &on_done, ns::cb, &ns::other, *ptr, 3, name); }
template <typename T> T pick(T a) { return std::max<T>(a, a); }
static Handler table[] = { { .callback = on_done, .other = 1 } };
void run() { call()(); obj.method(arg); ptr->go(&x, y); (*fp)(z); register_cb(&Widget::draw); }
`;

const BASH = `#!/bin/bash
# header
greet() { echo "hello $1"; local x=\${2:-none}; }
function other { greet "$@"; "$cmd" arg; \${tool} run; }
_private() ( cd /tmp && ls $HOME )
complete -F _private prog
x=1 y=2 env
echo \${#arr[@]} \${var/a/b} $* $@
if [[ -n $1 ]]; then other; fi
`;

/**
 * Tags as comparable text.
 *
 * @param tags - The tags.
 * @returns Per tag: role, main span, parts' texts.
 */
const shown = (tags: Tag[]): string[] =>
  tags.map(
    (tag) =>
      `${tag.role} ${tag.node.startIndex}-${tag.node.endIndex} ` +
      Object.keys(tag.parts)
        .sort()
        .map((name) => `${name}=${tag.parts[name]?.text}`)
        .join(' '),
  );

/**
 * A source's tags through the query and through the matchers.
 *
 * @param spec - The grammar.
 * @param query - The tags query.
 * @param types - The matchers' main node types.
 * @param match - The matcher.
 * @param source - The source.
 * @returns The query's tags and the matchers', as text.
 */
function bothWays(
  spec: GrammarSpec,
  query: string,
  types: readonly string[],
  match: (node: Parser.SyntaxNode, type: string, add: AddTag) => void,
  source: string,
): [string[], string[]] {
  const root = parserFor(spec).parse(source).rootNode;
  return [shown(collectTags(queryFor(spec, query), root)), shown(collectTypedTags(root, types, match))];
}

describe('tags by matchers per node type', () => {
  it('C++: the same tags as the query, in its order', () => {
    const [query, typed] = bothWays(CPP_GRAMMAR, CPP_TAGS_QUERY, CPP_TAG_TYPES, cppTag, CPP);
    expect(typed).toEqual(query);
    expect(query.length).toBeGreaterThan(30);
    // every role, the typedef's two type names, and the arguments in order (a pointer's target among them)
    for (const role of ['namespace', 'class', 'struct', 'union', 'enum', 'function', 'type', 'macro']) {
      expect(query.some((tag) => tag.startsWith(`definition.${role} `))).toBe(true);
    }
    expect(query.filter((tag) => / name=(count_t|other_t)$/.test(tag))).toHaveLength(2);
    const args = query.filter((tag) => tag.startsWith('reference.value') && tag.includes('target='));
    expect(args.map((tag) => tag.split('target=')[1])).toEqual(
      expect.arrayContaining(['depth', 'on_done', 'ns::cb', 'ns::other', 'name', 'x', 'y', 'Widget::draw']),
    );
    const helperArgs = args.filter((tag) => /^reference\.value \d+-\d+ /.test(tag)).slice(0, 6);
    // (`*ptr` is a pointer_expression too)
    expect(helperArgs.map((tag) => tag.split('target=')[1])).toEqual([
      'depth',
      'on_done',
      'ns::cb',
      'ns::other',
      'ptr',
      'name',
    ]);
  });

  it('Bash: the same tags as the query, in its order', () => {
    const [query, typed] = bothWays(BASH_GRAMMAR, BASH_TAGS_QUERY, BASH_TAG_TYPES, bashTag, BASH);
    expect(typed).toEqual(query);
    expect(query.filter((tag) => tag.startsWith('definition.function'))).toHaveLength(3);
    expect(query.some((tag) => tag.startsWith('reference.call') && tag.endsWith('callee=complete'))).toBe(true);
    expect(query.filter((tag) => tag.startsWith('expansion.variable')).length).toBeGreaterThan(5);
  });
});
