// ESLint (flat config): typescript-eslint's recommended type-checked rules on every TypeScript file, ESLint's
// recommended rules on the plain JavaScript (scripts, bin, the board's page script). Formatting is Prettier's job.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'src/db/generated/', 'data/', 'out/', 'coverage/'] },
  js.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/platforms/web/assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['**/*.ts', '**/*.mts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['vitest.config.ts'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      // a use case, port or notifier method is `async` to keep its contract (a throw becomes a rejection), awaited or not
      '@typescript-eslint/require-await': 'off',
      // `_`-named bindings and rest siblings are how this code drops a field or an argument on purpose
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // it flags the initial value of a flag set in every branch (`let ok = false; try { …; ok = true }`), kept for clarity
      'no-useless-assignment': 'off',
      // a `let` assigned once, late, is read before that by a closure (a scheduler known only once built)
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // rows, JSON bodies and zod paths are read as unknown and String()-ed on purpose: at run time they are strings or numbers
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // the Prisma store is replaced by the one SQL store (issue 23); its raw-query casts are not worth editing now
    files: ['src/db/prisma/**/*.ts'],
    rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
  {
    // tests and their fakes read untyped JSON (request bodies, JSON Lines) and assert on it; they throw odd values and
    // pass methods to expect() on purpose
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      // the fakes compare raw wire numbers with discord-api-types' enums
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // async event handlers in fakes and tests: a failure shows in the test's assertions
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
);
