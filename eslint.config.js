// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import tsdoc from 'eslint-plugin-tsdoc';

const engineFree = {
  patterns: [
    {
      group: ['**/backends/**'],
      message: 'core, query and bench reach storage through src/core/contracts.ts only; the CLI picks the backend.',
    },
  ],
};

const coreFree = {
  patterns: [
    ...engineFree.patterns,
    {
      group: ['**/analyzers/**', '**/cli/**'],
      message: 'core is handed its analyzers (IndexOptions.analyzers) and never calls up into the CLI.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.artifacts/**', 'test/fixtures/**', '.codira/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { tsdoc },
    rules: {
      'tsdoc/syntax': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/query/**/*.ts', 'src/bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', engineFree] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', coreFree] },
  },
  {
    // The server is wired by the CLI like every command: it reaches storage through the contract and gets index runs
    // and analyzer claims passed in.
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...engineFree.patterns,
            { group: ['**/cli/**', '**/analyzers/**'], message: 'passed in by the CLI' },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // The launcher is CommonJS (bin/package.json; why: bin/codira.js), and plain JavaScript documented with JSDoc.
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'tsdoc/syntax': 'off' },
  },
);
