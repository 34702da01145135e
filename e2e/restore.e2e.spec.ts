/**
 * The restore drill of docs/RUNBOOK-RESTORE.md (issue 23, part 7), on scheduling: admissions, a dump of scheduling's
 * database (tools/backup/backup.sh) while it runs, more admissions, the service stopped, the dump restored into a new
 * database (tools/backup/restore.sh), its consumer groups rewound (tools/backup/rewind-consumers.ts), the service
 * started on it and its read models rebuilt (operator). What it consumed after the dump comes again from Kafka and is
 * applied once, with the same event ids as before the loss (so nothing downstream sees an enrollment twice), and new
 * admissions are enrolled.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { anHourAgo, api, eventually, expectStatus } from './api';
import { Cluster } from './cluster';
import { countRows } from './db';
import { createTestDatabase, localDatabaseUrl, testKafka, tokenFor, type TestDatabase } from '../libs/testing/src';
import { rewindConsumerGroups } from '../tools/backup/rewind-consumers';

jest.setTimeout(300_000);

const run = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';
const tenant = `restore-${randomBytes(4).toString('hex')}`;
const today = new Date().toISOString().slice(0, 10);
const PROJECTIONS = ['locations', 'sessions', 'enrollments', 'attendance'];
const backupRole = `iop_backup_${randomBytes(3).toString('hex')}`;

async function superuser(sql: string): Promise<void> {
  const c = new Client({ connectionString: localDatabaseUrl('postgres', undefined, 'postgres') });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** episodeId -> the id of its EpisodeEnrolled event, and how many there are of each. */
async function enrolledEvents(url: string): Promise<{ ids: Map<string, string>; total: number }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ episode_id: string; event_id: string }>("SELECT data->>'episodeId' AS episode_id, event_id::text FROM events WHERE event_type = 'EpisodeEnrolled'");
    return { ids: new Map(rows.map((r) => [r.episode_id, r.event_id])), total: rows.length };
  } finally {
    await c.end();
  }
}

describe('restore drill: scheduling from a dump, resuming from Kafka with nothing lost or applied twice', () => {
  const cluster = new Cluster({ label: 'restore' });
  const dir = mkdtempSync(join(tmpdir(), 'iop-restore-'));
  const t: Record<string, string> = {};
  const episodes: string[] = [];
  let locationId: string;
  let original: TestDatabase | undefined;

  beforeAll(async () => {
    await cluster.start();
    for (const role of ['admin', 'intake', 'clinician', 'operator'] as const) t[role] = await tokenFor(tenant, [role], `restore-${role}`);
    const loc = await api(cluster.url('scheduling'), 'POST', '/v1/locations', t.admin, {
      name: 'Harbor', timezone: 'America/New_York', blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }],
    });
    expectStatus(loc, 201);
    locationId = loc.body.locationId;
  });
  afterAll(async () => {
    await cluster.stop();
    await superuser(`DROP ROLE IF EXISTS ${backupRole}`).catch(() => undefined);
    await original?.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const admit = async (i: number): Promise<string> => {
    const base = cluster.url('admissions');
    const ref = await api(base, 'POST', '/v1/referrals', t.intake, { patient: { firstName: `D${i}`, lastName: 'Synthetic', dateOfBirth: '1983-04-05' }, source: 'self', referredAt: anHourAgo() });
    expectStatus(ref, 201);
    expectStatus(await api(base, 'POST', `/v1/referrals/${ref.body.referralId}/assessments`, t.clinician, { criteriaEdition: 3, ratings: { d1: 0, d2: 0, d3: 1, d4: 2, d5: 2, d6: 1 } }), 201);
    const admitted = await eventually(async () => {
      const res = await api(base, 'POST', `/v1/referrals/${ref.body.referralId}/admission`, t.intake, { locationId, track: 'evening', startDate: today, levelOfCare: '2.1' }, { 'idempotency-key': `admit-${ref.body.referralId}` });
      return res.status === 201 ? res : undefined;
    }, 60_000, 'admissions to know the location');
    episodes.push(admitted.body.episodeId);
    return admitted.body.episodeId;
  };
  const schedulingDb = () => cluster.services.get('scheduling')!.db.url;
  const enrolled = (n: number) => eventually(async () => ((await enrolledEvents(schedulingDb())).ids.size >= n ? true : undefined), 90_000, `${n} enrollments`);

  it('restores, rewinds, rebuilds and resumes', async () => {
    for (let i = 0; i < 4; i++) await admit(i);
    await enrolled(4);

    // The backup, while the service runs, as the backup role of the runbook: the tables force row-level security on
    // their owner too, and pg_dump refuses to dump what a policy would filter, so only a role that bypasses it can.
    const dump = join(dir, 'scheduling.dump');
    const dbName = cluster.services.get('scheduling')!.db.name;
    await expect(run('bash', ['tools/backup/backup.sh', schedulingDb(), dump], { env: { ...process.env, PG_BIN } })).rejects.toThrow(/row-level security/);
    await superuser(`CREATE ROLE ${backupRole} LOGIN PASSWORD '${backupRole}' BYPASSRLS IN ROLE pg_read_all_data`);
    await run('bash', ['tools/backup/backup.sh', localDatabaseUrl(backupRole, backupRole, dbName), dump], { env: { ...process.env, PG_BIN } });

    // Work goes on after the dump: these enrollments are in the lost database only, and in Kafka.
    for (let i = 4; i < 8; i++) await admit(i);
    await enrolled(8);
    const before = await enrolledEvents(schedulingDb());
    expect(before.total).toBe(8);

    // The loss: scheduling stops (its consumers leave their groups) and its database is replaced by the dump.
    await cluster.stopService('scheduling');
    const restored = await createTestDatabase('e2e_scheduling_restored');
    await run('bash', ['tools/backup/restore.sh', dump, restored.url], { env: { ...process.env, PG_BIN } });
    const atDump = await enrolledEvents(restored.url);
    expect(atDump.total).toBe(4);

    // The groups' offsets are past what the dump holds: left alone, the four admissions since would never be applied.
    // Rewound to the earliest record, the restored inbox skips what the dump has and applies the rest.
    const admin = testKafka('restore-drill').admin();
    await admin.connect();
    try {
      const group = `${cluster.topicPrefix}scheduling.admissions-episodes`;
      const topic = `${cluster.topicPrefix}iop.admissions.v1`;
      const committed = (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0].partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
      const end = (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
      expect(committed).toBe(end);
      const rewound = await rewindConsumerGroups(admin, { service: 'scheduling', topicPrefix: cluster.topicPrefix, to: 'earliest' });
      expect(rewound.map((r) => r.groupId)).toContain(group);
    } finally {
      await admin.disconnect();
    }

    const s = cluster.services.get('scheduling')!;
    original = s.db;
    s.db = restored;
    await cluster.startService('scheduling');

    // The read models rebuilt from the restored events (operator only), while the service consumes.
    expect((await api(cluster.url('scheduling'), 'POST', '/v1/admin/projections/enrollments/rebuild', t.admin)).status).toBe(403);
    for (const name of PROJECTIONS) {
      expect((await api(cluster.url('scheduling'), 'POST', `/v1/admin/projections/${name}/rebuild`, t.operator)).status).toBe(202);
      const done = await eventually(async () => {
        const p = await api(cluster.url('scheduling'), 'GET', `/v1/admin/projections/${name}/rebuild`, t.operator);
        return p.body?.done ? p.body : undefined;
      }, 60_000, `the rebuild of ${name}`);
      expect(done.error).toBeUndefined();
    }

    // Nothing lost, nothing twice: every episode enrolled once, with the event id it had before the loss.
    await enrolled(8);
    const after = await enrolledEvents(schedulingDb());
    expect(after.total).toBe(8);
    expect([...after.ids.entries()].sort()).toEqual([...before.ids.entries()].sort());
    // The inbox has every admission's event again: the ones from the dump and the ones applied after the rewind.
    expect(await countRows(schedulingDb(), "SELECT count(*) AS n FROM inbox WHERE consumer = 'admissions-episodes'")).toBeGreaterThanOrEqual(8);

    // And it goes on: an admission after the restore is enrolled, and every enrollment reads back.
    const late = await admit(8);
    await eventually(async () => ((await api(cluster.url('scheduling'), 'GET', `/v1/enrollments/${late}`, t.clinician)).status === 200 ? true : undefined), 90_000, 'the enrollment after the restore');
    for (const episodeId of episodes) expectStatus(await api(cluster.url('scheduling'), 'GET', `/v1/enrollments/${episodeId}`, t.clinician), 200);
    expect((await enrolledEvents(schedulingDb())).total).toBe(9);
  });
});
