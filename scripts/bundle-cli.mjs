#!/usr/bin/env node
// Build step after tsc: bundle the `index` and `mcp` commands' entries (src/cli/index-entry.ts, src/cli/mcp-entry.ts)
// into dist/cli/index-bundle.cjs and dist/cli/mcp-bundle.cjs with rolldown, and write their V8 code caches. Why: the
// entries' comments. As in the read bundle (bundle-read.mjs), better-sqlite3's JavaScript is bundled and every other
// package stays an ordinary require; unlike it:
// - a bundled module's `import.meta.url` is the URL of its compiled copy in dist/ (not the bundle's), so the URLs
//   built from it — the analysis hosts' entries, the analyzer registry a host imports, the index thread's entry,
//   package.json — name the same files as in the ES module build (and the hosts compare the same registry URL);
// - the modules that load a heavy or native package, a grammar or a host are evaluated only when first imported, and
//   their packages and Node built-ins are required then, not when the bundle loads (see `lazyRequires`), so a SQLite
//   run never loads DuckDB, apache-arrow or the thread and process modules it does not use;
// - the mcp bundle holds the MCP SDK and zod (server/sdk-entry.ts with the ajv provider deferred, as in
//   bundle-sdk.mjs) instead of loading their own bundle, and no writer (the server's index runs load on their own
//   thread, from dist/cli/index-thread.js).
// Without rolldown (an install without dev dependencies) it says so and stops; bin/codira.js then loads the full CLI.
import { existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asciiBundle, prepareBundle } from './bundle-prelude.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const NO_WRITER = '\0codira-no-writer';
const LAZY = '\0codira-lazy:';
/** The analysis thread bundle's copy of the `tree-sitter` package's `index.js` (see `treeSitterModule`). */
const TREE_SITTER = '\0codira-tree-sitter';
/** What grammar-loader.ts requires `tree-sitter` with, and what the thread bundle calls instead. */
const TREE_SITTER_REQUIRE = "require('tree-sitter')";
const TREE_SITTER_LOAD = '__codiraTreeSitter()';
/** Packages and built-ins required on first use by the module that imports them, not when the bundle loads. */
const LAZY_REQUIRES = new Set([
  '@duckdb/node-bindings',
  'node:child_process',
  'node:crypto',
  'node:v8',
  'node:vm',
  'node:worker_threads',
  'node:perf_hooks',
  'node:timers/promises',
]);
/** The one module of oxc-parser the bundles hold (see `resolveId`). */
const OXC_VISITOR_KEYS = 'oxc-parser/src-js/generated/visit/keys.js';
/** The name of the bundle's helper that gives a bundled module its compiled copy's URL. */
const DIST_URL = '__codiraDistUrl';

/**
 * The plugin both bundles share.
 *
 * @param bundle - Absolute path of the bundle.
 * @param writers - Whether the writers are bundled (index) or replaced by a module that throws (mcp).
 * @param treeSitter - Whether the `tree-sitter` package's `index.js` is bundled (the analysis thread; see
 *   `treeSitterModule`).
 * @returns The rolldown plugin.
 */
function codiraPlugin(bundle, writers, treeSitter) {
  const src = `${root}src/`;
  return {
    name: 'codira-cli-bundle',
    resolveId(source, importer, extra) {
      if (source === TREE_SITTER) return { id: TREE_SITTER, moduleSideEffects: false };
      if (!writers && /\/(sqlite|duckdb|memory)-writer\.js$/.test(source)) {
        return { id: NO_WRITER, moduleSideEffects: true };
      }
      // The server's SDK module loads the SDK's own bundle with a top-level await; here the SDK is bundled in.
      if (importer?.startsWith(`${src}`) && /(^|\/)server\/sdk\.js$|^\.\/sdk\.js$/.test(source)) {
        if (importer.startsWith(`${src}server/`) || source.endsWith('server/sdk.js')) {
          return `${src}server/sdk-entry.ts`;
        }
      }
      if (importer?.includes('@modelcontextprotocol/sdk') && /\/validation\/ajv-provider\.js$/.test(source)) {
        return `${src}server/deferred-ajv.ts`;
      }
      // A package imported with import() is required then too (a vm script has no import()).
      if (importer?.startsWith(LAZY)) return { id: source, external: true };
      if (LAZY_REQUIRES.has(source) || (extra?.kind === 'dynamic-import' && !/^[./]/.test(source))) {
        return `${LAZY}${source}`;
      }
      // oxc-parser's visitor key table, a plain ES module: bundled, as a require of it would start Node's ES module
      // loader in the analysis thread (typescript-parser.ts).
      if (source === OXC_VISITOR_KEYS) return null;
      if (/^better-sqlite3(\/|$)/.test(source) || /^[./]/.test(source) || source.startsWith('\0')) return null;
      // The SDK and everything it imports are bundled, as in sdk-bundle.cjs.
      if (
        !writers &&
        (/^(zod|@modelcontextprotocol\/sdk)(\/|$)/.test(source) ||
          /\/node_modules\/(@modelcontextprotocol|zod)/.test(importer ?? ''))
      ) {
        return null;
      }
      return { id: source, external: true }; // other node: built-ins and every other package
    },
    load(id) {
      if (id === NO_WRITER) return 'throw new Error("codira: the mcp bundle holds no writer");';
      if (id === TREE_SITTER) return { code: treeSitterModule(bundle), moduleType: 'js' };
      if (id.startsWith(LAZY)) {
        return { code: `module.exports = require(${JSON.stringify(id.slice(LAZY.length))});`, moduleType: 'js' };
      }
      return null;
    },
    transform(code, id) {
      if (!id.startsWith(src) || !id.endsWith('.ts')) return null;
      let out = code;
      if (id.endsWith('/src/backends/sqlite/sqlite-native.ts')) {
        const loaded = "load('better-sqlite3')";
        if (!out.includes(loaded)) throw new Error(`bundle-cli: ${loaded} not found in sqlite-native.ts`);
        out = out.replace(loaded, "require('better-sqlite3')");
      }
      if (treeSitter && id.endsWith('/src/analyzers/tree-sitter/grammar-loader.ts')) {
        if (!out.includes(TREE_SITTER_REQUIRE)) {
          throw new Error(`bundle-cli: ${TREE_SITTER_REQUIRE} not found in grammar-loader.ts`);
        }
        out = `import { __codiraTreeSitter } from ${JSON.stringify(TREE_SITTER)};\n${out.replaceAll(
          TREE_SITTER_REQUIRE,
          TREE_SITTER_LOAD,
        )}`;
      }
      if (out.includes('import.meta.url')) {
        const compiled = `${root}dist/${id.slice(src.length).replace(/\.ts$/, '.js')}`;
        out = out.replaceAll('import.meta.url', `${DIST_URL}(${JSON.stringify(relative(dirname(bundle), compiled))})`);
      }
      return out === code ? null : out;
    },
  };
}

/**
 * Build one bundle and its code cache.
 *
 * @param name - `index` or `mcp`.
 * @param writers - Whether the writers are bundled.
 * @param mustHold - Paths of modules the bundle must contain (a check that the plugin did its work).
 * @param warm - The entry's export that initialises its modules before the code cache is written.
 * @param input - The entry, relative to the checkout.
 * @param output - The bundle, relative to the checkout.
 */
async function build(
  name,
  writers,
  mustHold,
  warm,
  input = `src/cli/${name}-entry.ts`,
  output = `dist/cli/${name}-bundle.cjs`,
) {
  const bundle = `${root}${output}`;
  const rolldown = await prepareBundle(
    bundle,
    `bundle-cli: rolldown is not installed; codira ${name} will load the full CLI`,
  );
  await rolldown.build({
    input: `${root}${input}`,
    cwd: root,
    platform: 'node',
    logLevel: 'warn',
    plugins: [codiraPlugin(bundle, writers, name === 'analysis-thread')],
    output: {
      file: bundle,
      format: 'cjs',
      codeSplitting: false,
      banner:
        `const ${DIST_URL} = (path) => require("node:url").pathToFileURL(require("node:path").join(__dirname, path))` +
        '.href;',
    },
  });
  if (!existsSync(bundle)) throw new Error(`bundle-cli: ${bundle} was not written`);
  // One-byte source for V8 (see asciiBundle).
  const text = asciiBundle(readFileSync(bundle, 'utf8'), output);
  writeFileSync(bundle, text);
  for (const path of mustHold) {
    if (!text.includes(path)) throw new Error(`bundle-cli: ${name}-bundle.cjs does not hold ${path}`);
  }
  // (an import() of a literal: what rolldown leaves of a package's import(); a vm script has none)
  if (/\bimport\(\s*["']/.test(text)) throw new Error(`bundle-cli: ${name}-bundle.cjs kept a dynamic import()`);
  const { writeWarmBundleCache } = await import(`${root}dist/server/bundle-loader.js`);
  const bytes = await writeWarmBundleCache(bundle, (exports) => exports[warm]());
  process.stderr.write(`bundle-cli: ${output} with a ${Math.round(bytes / 1024)} KiB code cache\n`);
}

/**
 * The analysis thread bundle's module for the `tree-sitter` package: the package's `index.js` (its JavaScript classes
 * around the native addon), compiled with the bundle and so in its code cache, instead of required from the package
 * at the thread's first tree-sitter parse (~1.8 ms of CPU per one-file run on a tree-sitter corpus: issue 12 ledger,
 * sessions 23 and 24). Its binding is the addon `node-gyp-build` picks here, found at build time and required by its
 * path (the native `.node` file still loads from node_modules); `node-gyp-build`'s search runs only when that file
 * does not load. One copy per thread: evaluated only on first use, it takes the package's exports when the package
 * was already required in the thread, and it registers its exports as the package's module, so a later
 * `require('tree-sitter')` in the thread gets them (the package patches the addon's prototypes: two copies would
 * wrap them twice). A package that is not where the build found it is required as before.
 *
 * @param bundle - Absolute path of the bundle.
 * @returns The module's source (an ES module calling the bundle's `require`).
 */
function treeSitterModule(bundle) {
  const requireHere = createRequire(`${root}package.json`);
  const index = realpathSync(requireHere.resolve('tree-sitter'));
  const packageRoot = dirname(index);
  const addon = requireHere('node-gyp-build').path(packageRoot);
  const source = readFileSync(index, 'utf8');
  const binding =
    /^const binding = typeof process\.versions\.bun === "string" \?[\s\S]*?require\('node-gyp-build'\)\(__dirname\);\n/;
  if (!binding.test(source)) throw new Error(`bundle-cli: the binding's require not found in ${index}`);
  if (/__dirname|__filename|module\.parent|require\.main/.test(source.replace(binding, ''))) {
    throw new Error(`bundle-cli: ${index} uses its own location beyond its binding's require`);
  }
  const from = (file) => JSON.stringify(relative(dirname(bundle), file).split('\\').join('/'));
  const body = source.replace(binding, 'const binding = loadBinding(packageRoot);\n');
  return `import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
let loaded;
/** The tree-sitter package's exports, one copy per thread. */
export function __codiraTreeSitter() {
  if (loaded === undefined) loaded = loadTreeSitter();
  return loaded;
}
function loadTreeSitter() {
  let index;
  try {
    index = realpathSync(join(__dirname, ${from(index)}));
  } catch {
    return require('tree-sitter'); // not where the build found it
  }
  const cached = require.cache[index];
  if (cached !== undefined) return cached.exports;
  const Module = require('node:module');
  const module = new Module(index);
  module.filename = index;
  module.paths = Module._nodeModulePaths(dirname(index));
  treeSitterIndex(module, module.exports, dirname(index));
  module.loaded = true;
  require.cache[index] = module;
  return module.exports;
}
function loadBinding(packageRoot) {
  try {
    return require(join(__dirname, ${from(addon)}));
  } catch {
    return require('node-gyp-build')(packageRoot); // rebuilt or moved since the build: the package's own search
  }
}
function treeSitterIndex(module, exports, packageRoot) {
${body}
}
`;
}

/**
 * Record each tree-sitter grammar package's native addon (the file its loader, `node-gyp-build`, picks here) in
 * `dist/analyzers/tree-sitter/grammar-addons.json`, relative to that folder, so the grammar loader can require the
 * addon without the package's search and its `node-types.json` (src/analyzers/tree-sitter/grammar-loader.ts). A
 * package without an addon found is left out (the loader then requires the package).
 */
function writeGrammarAddons() {
  const dependencies = Object.keys(JSON.parse(readFileSync(`${root}package.json`, 'utf8')).dependencies ?? {});
  const folder = `${root}dist/analyzers/tree-sitter`;
  const requireHere = createRequire(`${root}package.json`);
  const addons = {};
  for (const name of dependencies.filter((dependency) => /^(@tree-sitter-grammars\/)?tree-sitter-/.test(dependency))) {
    try {
      const packageRoot = dirname(requireHere.resolve(`${name}/package.json`));
      const addon = requireHere('node-gyp-build').path(packageRoot);
      addons[name] = relative(folder, addon).split('\\').join('/');
    } catch {
      // no addon for this platform: the package decides at run time
    }
  }
  writeFileSync(`${folder}/grammar-addons.json`, `${JSON.stringify(addons, null, 2)}\n`);
}

writeGrammarAddons();
await writeOxcBinding();

/**
 * Record the oxc-parser platform package's file the TypeScript parser's search picks here (`searchedBinding`) in
 * `dist/analyzers/typescript/oxc-binding.json`, relative to that folder, so an analysis thread requires it without the
 * search's `require.resolve`s (src/analyzers/typescript/typescript-parser.ts). No file found: no record.
 */
async function writeOxcBinding() {
  const folder = `${root}dist/analyzers/typescript`;
  const { OXC_BINDING_FILE, searchedBinding } = await import(`${folder}/typescript-parser.js`);
  const file = searchedBinding();
  rmSync(`${folder}/${OXC_BINDING_FILE}`, { force: true });
  if (file === undefined) return;
  const record = { file: relative(folder, file).split('\\').join('/') };
  writeFileSync(`${folder}/${OXC_BINDING_FILE}`, `${JSON.stringify(record, null, 2)}\n`);
}

// The analysis thread of the project's analyzer list, beside the registry (see src/core/analysis-thread-start.ts).
// Built first: the index bundle's warm-up runs index runs, whose analysis thread runs from it.
await build(
  'analysis-thread',
  true,
  [
    'src/core/analysis-thread.ts',
    'src/analyzers/registry.ts',
    'node_modules/oxc-parser/src-js/generated/visit/keys.js',
    'node_modules/tree-sitter/index.js',
  ],
  'warmAnalysisThreadModules',
  'src/analyzers/analysis-thread-entry.ts',
  'dist/analyzers/analysis-thread-bundle.cjs',
);
await build('index', true, ['node_modules/better-sqlite3/lib/database.js', 'src/core/indexer.ts'], 'warmIndexModules');
await build('mcp', false, ['node_modules/@modelcontextprotocol/sdk/', 'src/server/mcp-server.ts'], 'warmMcpModules');
// The DuckDB writer's Apache Arrow modules, bundled with a code cache (see src/backends/duckdb/duckdb-arrow.ts): the
// same five CommonJS modules of the package it requires otherwise, so the batches are built by the same code.
await buildArrow();

/**
 * Build `dist/backends/duckdb/arrow-bundle.cjs` from the package's CommonJS modules and write its code cache, warmed by
 * building one small vector (so the vector and data builders' code is in the cache).
 */
async function buildArrow() {
  const output = 'dist/backends/duckdb/arrow-bundle.cjs';
  const bundle = `${root}${output}`;
  const entry = `${root}dist/backends/duckdb/arrow-bundle-entry.cjs`;
  const rolldown = await prepareBundle(
    bundle,
    'bundle-cli: rolldown is not installed; the DuckDB writer requires apache-arrow',
  );
  const modules = ['type', 'recordbatch', 'data', 'vector', 'enum'];
  writeFileSync(
    entry,
    `module.exports = { ${modules.map((name) => `${name}: require('apache-arrow/${name}')`).join(', ')} };\n`,
  );
  try {
    await rolldown.build({
      input: entry,
      cwd: root,
      platform: 'node',
      logLevel: 'warn',
      output: { file: bundle, format: 'cjs', codeSplitting: false },
    });
  } finally {
    rmSync(entry, { force: true });
  }
  const text = readFileSync(bundle, 'utf8');
  if (/\brequire\(\s*["']apache-arrow/.test(text))
    throw new Error('bundle-cli: arrow-bundle.cjs still requires the package');
  const { writeWarmBundleCache } = await import(`${root}dist/server/bundle-loader.js`);
  const bytes = await writeWarmBundleCache(bundle, async (exports) =>
    exports.vector.makeVector(Int32Array.of(1, 2, 3)),
  );
  process.stderr.write(`bundle-cli: ${output} with a ${Math.round(bytes / 1024)} KiB code cache\n`);
}
