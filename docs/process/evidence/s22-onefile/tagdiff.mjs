/* global process, console */
// s22-onefile: the tags of the C++ and Bash matchers against their query's, file by file.
// usage: node tagdiff.mjs <dist dir> <root>... — every file under the roots that the C++ or Bash analyzer claims is
// parsed once and its tags collected both ways (collectTags over the query, collectTypedTags over the matchers);
// the (role, main span, parts' spans) sequences must be equal, order included. A root written `cpp:<dir>` or
// `bash:<dir>` has every file under it parsed as that language (e.g. the extension-less headers of /usr/include/c++).
import { readdirSync, readFileSync, lstatSync } from 'node:fs';
import { join, extname } from 'node:path';

const [dist, ...roots] = process.argv.slice(2);
const load = (path) => import(join(dist, path));
const { collectTags, collectTypedTags } = await load('analyzers/tree-sitter/query-tags.js');
const { queryFor, parserFor } = await load('analyzers/tree-sitter/grammar-loader.js');
const cpp = await load('analyzers/cpp/cpp-definitions.js');
const bash = await load('analyzers/bash/bash-definitions.js');
const { CPP_GRAMMAR } = await load('analyzers/cpp/cpp-parser.js');
const { BASH_GRAMMAR } = await load('analyzers/bash/bash-parser.js');
const { cppAnalyzer } = await load('analyzers/cpp/cpp-analyzer.js');
const { bashAnalyzer } = await load('analyzers/bash/bash-analyzer.js');

const LANGS = [
  {
    name: 'cpp',
    analyzer: cppAnalyzer,
    grammar: CPP_GRAMMAR,
    query: cpp.CPP_TAGS_QUERY,
    types: cpp.CPP_TAG_TYPES,
    match: cpp.cppTag,
  },
  {
    name: 'bash',
    analyzer: bashAnalyzer,
    grammar: BASH_GRAMMAR,
    query: bash.BASH_TAGS_QUERY,
    types: bash.BASH_TAG_TYPES,
    match: bash.bashTag,
  },
];

/**
 * Every regular file under a folder (no symbolic links followed).
 *
 * @param dir - The folder.
 * @returns The files' paths.
 */
function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isDirectory()) yield* files(path);
    else if (st.isFile()) yield path;
  }
}

/**
 * A tag as comparable text.
 *
 * @param tag - The tag (role, node, parts).
 * @returns Role, main span and parts' spans.
 */
const show = (tag) =>
  `${tag.role} ${tag.node.startIndex}-${tag.node.endIndex} ` +
  Object.keys(tag.parts)
    .sort()
    .map((k) => `${k}=${tag.parts[k].startIndex}-${tag.parts[k].endIndex}`)
    .join(' ');

const counts = {};
let differ = 0;
for (const arg of roots) {
  const forced = /^(cpp|bash):/.exec(arg)?.[1];
  const root = forced ? arg.slice(forced.length + 1) : arg;
  for (const path of files(root)) {
    const rel = path.slice(root.length + 1);
    for (const lang of LANGS) {
      // Extension-less scripts the analyzer does not claim by name are parsed as Bash too when they start with `#!`.
      const claims =
        forced === lang.name ||
        (forced === undefined && lang.analyzer.claims(rel)) ||
        (forced === undefined &&
          lang.name === 'bash' &&
          extname(path) === '' &&
          readFileSync(path, 'latin1').startsWith('#!'));
      if (!claims) continue;
      const source = readFileSync(path, 'utf8');
      const tree = parserFor(lang.grammar).parse(source, null, { bufferSize: source.length + 1 });
      const a = collectTags(queryFor(lang.grammar, lang.query), tree.rootNode).map(show);
      const b = collectTypedTags(tree.rootNode, lang.types, lang.match).map(show);
      const c = (counts[lang.name] ??= { files: 0, tags: 0 });
      c.files++;
      c.tags += a.length;
      if (a.join('\n') !== b.join('\n')) {
        differ++;
        const i = a.findIndex((x, j) => x !== b[j]);
        console.log(
          `DIFF ${lang.name} ${path}: query ${a.length} tags, matchers ${b.length}; first at ${i}: ${a[i]} | ${b[i]}`,
        );
      }
    }
  }
}
console.log(JSON.stringify({ counts, differ }));
