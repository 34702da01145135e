import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The lint rules that keep services apart and domain code pure, run the way an editor runs them: ESLint's Node API in
 * a process of its own (not the `eslint` command), with no Nx project graph cached (an empty workspace-data
 * directory). Nx's boundary rule skips itself with only a warning when it finds no graph; eslint.config.mjs computes
 * the graph first, and these fixtures show the rules fire.
 */
const ROOT = join(__dirname, '..', '..');

interface Fixture {
  filePath: string;
  code: string;
}
interface Result {
  messages: { ruleId: string | null; message: string }[];
}

const LINT = `
const { ESLint } = require('eslint');
(async () => {
  const fixtures = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  const eslint = new ESLint({ cwd: process.cwd() });
  const results = [];
  for (const f of fixtures) results.push((await eslint.lintText(f.code, { filePath: f.filePath }))[0]);
  process.stdout.write('\\n@@RESULTS@@' + JSON.stringify(results.map((r) => ({ messages: r.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })) }))));
})().catch((err) => { console.error(err); process.exit(2); });
`;

function lintWithoutCachedGraph(fixtures: Fixture[]): { results: Result[]; stdout: string } {
  const data = mkdtempSync(join(tmpdir(), 'iop-nx-data-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: data, NX_CACHE_DIRECTORY: join(data, 'cache'), NX_DAEMON: 'false' };
    // Under `nx run <project>:test` these say "Nx computed the graph"; the editor this stands for has none.
    for (const key of Object.keys(env)) if (key.startsWith('NX_TASK_')) delete env[key];
    const stdout = execFileSync(process.execPath, ['-e', LINT], { cwd: ROOT, env, input: JSON.stringify(fixtures), encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const [before, json] = stdout.split('@@RESULTS@@');
    return { results: JSON.parse(json) as Result[], stdout: before };
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}

const rules = (r: Result): (string | null)[] => r.messages.map((m) => m.ruleId);

describe('module boundaries and pure domain code, linted with no cached Nx graph', () => {
  const fixtures: Fixture[] = [
    // 0: a decider of a service importing the platform (which wraps NestJS and PostgreSQL)
    { filePath: 'apps/admissions/src/domain/episode/lint-fixture.decide.ts', code: "import { AuditLog } from '@iop/platform';\nexport type A = AuditLog;\n" },
    // 1: event types importing the event store
    { filePath: 'apps/outcomes/src/domain/episode/lint-fixture.events.ts', code: "import type { EventNotifier } from '@iop/event-store';\nexport type E = EventNotifier;\n" },
    // 2: a domain library importing the platform: the import rule and the tag constraint
    { filePath: 'libs/asam-criteria/src/lint-fixture.ts', code: "import { AuditLog } from '@iop/platform';\nexport type A = AuditLog;\n" },
    // 3: one service importing another's code
    { filePath: 'apps/scheduling/src/domain/session/lint-fixture.ts', code: "import { episodeDecider } from '../../../../admissions/src/domain/episode/episode.decide';\nexport const d = episodeDecider;\n" },
    // 4: a pure decider: only the domain libraries and the contracts
    { filePath: 'apps/admissions/src/domain/episode/lint-fixture-ok.decide.ts', code: "import { conflict } from '@iop/decider';\nimport type { Track } from '@iop/domain-events';\nexport const c = conflict;\nexport type T = Track;\n" },
    // 5: a service's controller may use the platform
    { filePath: 'apps/admissions/src/admit-patient/lint-fixture-ok.controller.ts', code: "import { AuditLog } from '@iop/platform';\nexport type A = AuditLog;\n" },
    // 6: any file under domain/ (a rules file here), not only the decider's own, reading the database
    { filePath: 'apps/outcomes/src/domain/scoring/lint-fixture.rules.ts', code: "import type { Pool } from 'pg';\nexport type P = Pool;\n" },
  ];
  let results: Result[];
  let stdout: string;
  beforeAll(() => {
    ({ results, stdout } = lintWithoutCachedGraph(fixtures));
  }, 120_000);

  it('the boundary rule runs (it never says it skipped itself)', () => {
    expect(stdout).not.toMatch(/No cached ProjectGraph/);
  });

  it('domain code in a service may not import a workspace library that wraps a framework', () => {
    expect(rules(results[0])).toEqual(['no-restricted-imports']);
    expect(results[0].messages[0].message).toMatch(/@iop\/platform.*wraps a framework/);
    expect(rules(results[1])).toEqual(['no-restricted-imports']);
    expect(rules(results[6])).toEqual(['no-restricted-imports']);
  });

  it('a domain library may not depend on an infrastructure library (by tag, too)', () => {
    expect(rules(results[2]).sort()).toEqual(['@nx/enforce-module-boundaries', 'no-restricted-imports']);
    expect(results[2].messages.find((m) => m.ruleId === '@nx/enforce-module-boundaries')?.message).toMatch(/"type:domain" can only depend on libs tagged with "type:domain"/);
  });

  it('a service may not import another service', () => {
    expect(rules(results[3])).toEqual(['@nx/enforce-module-boundaries']);
  });

  it('pure domain code and a controller using the platform pass', () => {
    expect(results[4].messages).toEqual([]);
    expect(results[5].messages).toEqual([]);
  });
});
