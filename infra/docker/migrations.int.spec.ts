import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { startTestApp } from '@iop/platform/testing';
import { createTestDatabase, createTopicNamespace, type TestDatabase } from '@iop/testing';
import { admissionsService } from '../../apps/admissions/src/service';

/**
 * Migrations once per release (docs/OPERATIONS.md): `main.js --migrate-only` runs them and exits, with the database URL
 * read from a file as the chart mounts it; a replica with MIGRATE_AT_START=false starts on the migrated schema and
 * refuses one with pending migrations, without creating anything in it.
 */
const ROOT = join(__dirname, '..', '..');
const exec = promisify(execFile);
const migrateOnly = (env: Record<string, string | undefined>) =>
  exec(process.execPath, ['-r', '@swc-node/register', 'apps/admissions/src/main.ts', '--migrate-only'], { cwd: ROOT, env: env as NodeJS.ProcessEnv, timeout: 90_000 });

describe('migrations as a release step', () => {
  let migrated: TestDatabase;
  let fresh: TestDatabase;
  let topicPrefix: string;
  const base = { ...process.env, IOP_ENV: 'development', AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks.json', LOG_LEVEL: 'silent' };

  beforeAll(async () => {
    [migrated, fresh, topicPrefix] = await Promise.all([createTestDatabase('admissions'), createTestDatabase('admissions'), createTopicNamespace()]);
  });
  afterAll(async () => {
    await migrated?.drop();
    await fresh?.drop();
  });

  it('main.js --migrate-only runs the pending migrations, reading the URL from its file, and exits 0; again, finds none', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'iop-secret-')), 'database-url');
    writeFileSync(file, `${migrated.url}\n`);
    const env = { ...base, ADMISSIONS_DATABASE_URL: undefined, ADMISSIONS_DATABASE_URL_FILE: file };
    const first = await migrateOnly(env);
    expect(first.stdout).toMatch(/^admissions migrations: ran \S+/m);
    const second = await migrateOnly(env);
    expect(second.stdout).toMatch(/^admissions migrations: none pending/m);
  }, 180_000);

  it('a replica with MIGRATE_AT_START=false serves on the migrated schema', async () => {
    const app = await startTestApp(admissionsService({ ...base, ADMISSIONS_DATABASE_URL: migrated.url, KAFKA_TOPIC_PREFIX: topicPrefix, MIGRATE_AT_START: 'false' }));
    try {
      expect((await app.request('GET', '/health/live')).status).toBe(200);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('refuses a schema with pending migrations, and creates nothing in it', async () => {
    await expect(startTestApp(admissionsService({ ...base, ADMISSIONS_DATABASE_URL: fresh.url, KAFKA_TOPIC_PREFIX: topicPrefix, MIGRATE_AT_START: 'false' })))
      .rejects.toThrow(/migration\(s\) pending .*MIGRATE_AT_START=false/);
    const client = new Client({ connectionString: fresh.url });
    await client.connect();
    try {
      expect((await client.query("SELECT to_regclass('schema_migrations') IS NULL AS absent")).rows[0].absent).toBe(true);
    } finally {
      await client.end();
    }
  }, 60_000);
});
