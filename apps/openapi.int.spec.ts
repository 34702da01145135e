/**
 * Every service's OpenAPI document tells the truth: Schemathesis, a property-based fuzzer nobody here wrote, sends
 * each operation requests generated from the document (valid ones and deliberately invalid ones) with a token that
 * holds every role, and checks each answer against what the document promises (status codes, problem+json bodies,
 * headers, that invalid input is refused and valid input is not, that a request without a token gets a 401...).
 * Any finding fails the test and prints Schemathesis' report.
 *
 * Bounded and reproducible: deterministic generation (no random seed, and no example database kept between runs), and a
 * fixed number of examples per operation.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createTestDatabase, createTopicNamespace, tokenFor, type TestDatabase } from '@iop/testing';
import { startTestApp, type TestApp } from '@iop/platform/testing';
import { ROLES, type ServiceDefinition } from '@iop/platform';
import { ensureSchemathesis, schemathesis } from '../tools/schemathesis/schemathesis';
import { admissionsService } from './admissions/src/service';
import { clinicalNotesService } from './clinical-notes/src/service';
import { outcomesService } from './outcomes/src/service';
import { schedulingService } from './scheduling/src/service';
import { webhooksService } from './webhooks/src/service';

const services: [string, (env: Record<string, string | undefined>) => ServiceDefinition][] = [
  ['admissions', admissionsService],
  ['scheduling', schedulingService],
  ['clinical-notes', clinicalNotesService],
  ['outcomes', outcomesService],
  ['webhooks', webhooksService],
];

/**
 * Examples per operation and phase: few enough to keep `npm test` within its time budget. `IOP_FUZZ_EXAMPLES=50` (or
 * more) is a longer run by hand, worth doing when an API changes.
 */
const MAX_EXAMPLES = Number(process.env.IOP_FUZZ_EXAMPLES ?? 10);
/** Rules of this API a schema cannot state, and the one check setting changed, each explained in its file. */
const HOOKS = join(__dirname, '..', 'tools', 'schemathesis', 'hooks.py');
const CONFIG = join(__dirname, '..', 'tools', 'schemathesis', 'schemathesis.toml');

let python: string;
beforeAll(() => {
  python = ensureSchemathesis();
}, 300_000);

describe.each(services)('%s OpenAPI document', (name, define) => {
  let db: TestDatabase;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase(name.replace('-', '_'));
    const prefix = name.toUpperCase().replace('-', '_');
    const topicPrefix = await createTopicNamespace();
    t = await startTestApp(define({ ...process.env, [`${prefix}_DATABASE_URL`]: db.url, KAFKA_TOPIC_PREFIX: topicPrefix, LOG_LEVEL: 'silent' }));
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  // Long: the stateful phase follows the links the response schemas give it (create, then read and change what was
  // created), which on a loaded machine takes one service past five minutes.
  it('holds against Schemathesis (--checks all)', async () => {
    const token = await tokenFor('tenant-fuzz', [...ROLES]);
    const { code, output } = await schemathesis(python, [
      '--config-file', CONFIG,
      'run', `${base}/docs-json`,
      '--checks', 'all',
      '--max-examples', String(MAX_EXAMPLES),
      // Derandomized: the same document generates the same requests (Schemathesis ignores --seed in this mode).
      '--generation-deterministic',
      '--workers', '1',
      '--header', `Authorization: Bearer ${token}`,
    ], { SCHEMATHESIS_HOOKS: HOOKS });
    if (code !== 0) throw new Error(`Schemathesis found problems in ${name} (exit ${code}):\n${output}`);
    // It did test something: every operation of the document, none skipped for want of a usable schema.
    expect(output).toMatch(/Operations: +(\d+) selected \/ \1 total/);
    expect(output).toMatch(/Tested: +[1-9]/);
  }, 600_000);
});
