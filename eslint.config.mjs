// Lint: typescript-eslint, Nx module boundaries by tags (no catch-all rule), and pure domain files.
import js from '@eslint/js';
import { createProjectGraphAsync, readCachedProjectGraph } from '@nx/devkit';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * @nx/enforce-module-boundaries reads the project graph Nx cached (under .nx/workspace-data) and, when there is none
 * (a fresh clone, an editor, another NX_WORKSPACE_DATA_DIRECTORY), prints a warning and checks nothing. So the graph
 * is computed here (which caches it) before any file is linted, unless this runs as an Nx task, whose graph Nx has
 * just computed; and if it still cannot be read, linting stops with the reason instead of passing.
 */
if (!process.env.NX_TASK_TARGET_PROJECT) await createProjectGraphAsync({ exitOnError: false });
try {
  readCachedProjectGraph();
} catch (err) {
  throw new Error(`eslint.config.mjs: no Nx project graph, so module boundaries cannot be checked: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Tags (each project.json): `type:*` says what a project is, `scope:*` whose it is.
 * - type:app (a service), type:domain (pure rules: no framework, driver, clock or randomness), type:contracts (the
 *   public event contracts), type:infra (libraries that wrap a framework or driver: NestJS, PostgreSQL, Kafka),
 *   type:testing (test helpers), type:tooling (the local stack).
 * - scope:<service> on each app, scope:shared on every library: a service imports its own code and shared libraries,
 *   never another service (Nx refuses imports of an application in any case).
 */
const SERVICES = ['admissions', 'scheduling', 'clinical-notes', 'outcomes', 'webhooks', 'fhir'];

const FRAMEWORKS_AND_DRIVERS = ['@nestjs/*', 'typeorm', 'pg', 'kafkajs', 'fastify', 'jose', 'node:*', 'fs', 'crypto', 'http', 'https', 'net'];
/** Workspace libraries that wrap a framework or driver (type:infra, type:testing, type:tooling), by alias and by path. */
const FRAMEWORK_LIBS = [
  '@iop/platform', '@iop/platform/*', '@iop/event-store', '@iop/event-store/*', '@iop/testing', '@iop/testing/*', '@iop/local-stack',
  '**/libs/platform/**', '**/libs/event-store/**', '**/libs/testing/**', '**/infra/local/**',
];

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
            // Domain code decides on the public contracts' types (a consumed event becomes a command), as a service's own does.
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            // type:testing only from specs: the test helpers never ship in a service bundle.
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:infra', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:tooling'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:contracts'] },
            ...SERVICES.map((service) => ({ sourceTag: `scope:${service}`, onlyDependOnLibsWithTags: [`scope:${service}`, 'scope:shared'] })),
          ],
        },
      ],
    },
  },
  {
    // Domain code is pure (docs/ARCHITECTURE.md, "Conventions"): no framework, driver or clock, nor a workspace library
    // that wraps one (an app may import @iop/platform, its deciders may not). Time and ids arrive in command metadata.
    files: ['apps/*/src/domain/**/*.ts', '**/*.events.ts', '**/*.state.ts', '**/*.decide.ts', 'libs/asam-criteria/src/**/*.ts', 'libs/calendar/src/**/*.ts', 'libs/care-team/src/**/*.ts', 'libs/decider/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: FRAMEWORKS_AND_DRIVERS, message: 'Domain code imports no framework, driver or I/O.' },
            { group: FRAMEWORK_LIBS, message: 'Domain code imports no workspace library that wraps a framework or driver (only @iop/decider, @iop/asam-criteria, @iop/calendar, @iop/care-team, @iop/domain-events).' },
          ],
        },
      ],
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
