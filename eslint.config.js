// Module boundaries from DESIGN.md and the conventions from STYLE.md, enforced by lint.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const folders = ['config', 'db', 'models', 'chat', 'users', 'http', 'server', 'cli', 'memory', 'jobs', 'tools'];

/** Imports of another folder's internals (anything but its index.js) are off limits. */
const internals = {
  regex: `^(\\.\\./)+(${folders.join('|')})/(?!index\\.js$).+`,
  message: "Import another folder through its index.js, not its internals (STYLE: each folder exports a small surface).",
};

/** A folder may not depend on these (dependencies point inward: DESIGN.md). */
const forbid = (...names) => ({
  regex: `^(\\.\\./)+(${names.join('|')})/`,
  message: `Dependencies point inward (DESIGN.md): this folder must not import ${names.join(', ')}.`,
});

const restrict = (...patterns) => ['error', { patterns: [internals, ...patterns] }];

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'bench/results/', 'src/db/migrations/', 'coverage/', '.scratch/', 'dist/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      'max-params': ['error', 3],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  { files: ['src/**/*.ts'], rules: { 'no-restricted-imports': restrict() } },
  { files: ['src/config/**/*.ts'], rules: { 'no-restricted-imports': restrict(forbid('db', 'models', 'chat', 'users', 'http', 'server', 'cli', 'memory', 'jobs')) } },
  { files: ['src/db/**/*.ts'], rules: { 'no-restricted-imports': restrict(forbid('models', 'chat', 'users', 'http', 'server', 'cli', 'memory', 'jobs')) } },
  { files: ['src/users/**/*.ts'], rules: { 'no-restricted-imports': restrict(forbid('models', 'chat', 'http', 'server', 'cli', 'memory')) } },
  { files: ['src/models/**/*.ts'], rules: { 'no-restricted-imports': restrict(forbid('chat', 'users', 'http', 'server', 'cli', 'memory', 'jobs')) } },
  { files: ['src/tools/**/*.ts'], rules: { 'no-restricted-imports': restrict(forbid('db', 'models', 'chat', 'users', 'http', 'server', 'cli', 'memory', 'jobs')) } },
  { files: ['src/chat/**/*.ts'], rules: { 'no-restricted-imports': restrict(forbid('users', 'http', 'server', 'cli')) } },
  { files: ['src/http/**/*.ts'], rules: { 'no-restricted-imports': restrict(forbid('server', 'cli')) } },
  { files: ['web/src/**/*.{ts,tsx}'], plugins: { 'react-hooks': reactHooks }, rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn', 'no-restricted-imports': ['error', { patterns: [{ regex: '(\\.\\./)+src/', message: 'The UI talks to the server over HTTP only.' }] }] } },
  // Terminal output is the CLI's job; tests, benchmarks and scripts print freely.
  { files: ['src/cli/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**'], rules: { 'no-console': 'off' } },
  { files: ['test/**/*.ts', '**/*.test.ts', 'bench/**/*.ts'], rules: { 'max-params': 'off', '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
