// Lint: typescript-eslint, Nx module boundaries by tags (no catch-all rule), and pure domain files.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const FRAMEWORKS_AND_DRIVERS = ['@nestjs/*', 'typeorm', 'pg', 'kafkajs', 'fastify', 'jose', 'node:*', 'fs', 'crypto', 'http', 'https', 'net'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.stack/**', 'coverage/**', '.nx/**', 'docs/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:infra', 'type:testing'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            // type:testing only from specs: the test helpers never ship in a service bundle.
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:infra', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:tooling'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:contracts'] },
          ],
        },
      ],
    },
  },
  {
    // Domain code is pure (STYLE.md): no framework, driver or clock. Time and ids arrive in command metadata.
    files: ['**/*.events.ts', '**/*.state.ts', '**/*.decide.ts', 'libs/asam-criteria/src/**/*.ts', 'libs/calendar/src/**/*.ts', 'libs/decider/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: FRAMEWORKS_AND_DRIVERS, message: 'Domain code imports no framework, driver or I/O.' }] }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'No clock in domain code: take the time from command metadata.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'No clock in domain code: take the time from command metadata.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'No randomness in domain code: ids come in command metadata.' },
        { selector: "CallExpression[callee.name='randomUUID']", message: 'No random ids in domain code: ids come in command metadata.' },
      ],
    },
  },
  {
    // Command-line tools, scripts and benchmarks write to the terminal on purpose.
    files: ['tools/**/*.ts', 'bench/**/*.ts', 'infra/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
