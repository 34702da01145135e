/**
 * Test fixture for clinical-notes integration specs: the real service module on its own database and Kafka topic
 * namespace, plus helpers that feed it real CloudEvents (PatientAdmitted, AttendanceRecorded, PatientDischarged).
 */
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { Pool } from 'pg';
import {
  attendanceRecordedV1, patientAdmittedV1, patientDischargedV1, toKafkaMessage, toPublicEvent, type AttendanceRecorded, type Contract,
  type PatientAdmitted, type PatientDischarged,
} from '@iop/domain-events';
import { startTestApp, type TestApp } from '@iop/platform/testing';
import { createTestDatabase, createTopicNamespace, testKafka, tokenFor, uniqueId, type TestDatabase } from '@iop/testing';
import { clinicalNotesService } from '../service';

export interface Episode {
  episodeId: string;
  patientId: string;
  tenant: string;
}

export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class ClinicalNotesKit {
  private readonly tokens = new Map<string, Promise<string>>();

  private constructor(
    readonly t: TestApp,
    readonly db: TestDatabase,
    readonly pool: Pool,
    readonly prefix: string,
    readonly tenant: string,
    private readonly producer: Producer,
  ) {}

  static async start(name: string, env: Record<string, string> = {}): Promise<ClinicalNotesKit> {
    const [db, prefix] = await Promise.all([createTestDatabase('clinical_notes'), createTopicNamespace()]);
    const serviceEnv = { ...process.env, CLINICAL_NOTES_DATABASE_URL: db.url, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'silent', ...env };
    const t = await startTestApp(clinicalNotesService(serviceEnv));
    const producer = testKafka('clinical-notes-test').producer();
    await producer.connect();
    const pool = new Pool({ connectionString: db.url, max: 3 });
    pool.on('error', () => undefined); // the database is dropped (WITH FORCE) after the file
    return new ClinicalNotesKit(t, db, pool, prefix, uniqueId(name), producer);
  }

  token(roles: string[], subject = `user-${roles.join('-')}`, tenant = this.tenant): Promise<string> {
    const key = `${tenant}|${subject}|${roles.join(',')}`;
    if (!this.tokens.has(key)) this.tokens.set(key, tokenFor(tenant, roles, subject));
    return this.tokens.get(key)!;
  }

  /** Publishes a real CloudEvent into this file's topic namespace and waits until the service's inbox took it. */
  async publish<T>(contract: Contract<T>, data: T, tenant = this.tenant): Promise<string> {
    const id = randomUUID();
    const meta = { id, subject: `test-${id}`, time: new Date().toISOString(), tenantId: tenant, correlationId: randomUUID() };
    const event = toPublicEvent(contract, meta, data);
    const key = String((data as Record<string, unknown>)[contract.key]);
    await this.producer.send({ topic: this.prefix + contract.topic, messages: [toKafkaMessage(key, event)] });
    await until(async () => (await this.pool.query('SELECT 1 FROM inbox WHERE event_id = $1', [id])).rowCount === 1);
    return id;
  }

  async admit(opts: { tenant?: string; startDate?: string; locationId?: string } = {}): Promise<Episode> {
    const episode = { episodeId: randomUUID(), patientId: randomUUID(), tenant: opts.tenant ?? this.tenant };
    const data: PatientAdmitted = {
      ...patientAdmittedV1.example, episodeId: episode.episodeId, patientId: episode.patientId, referralId: randomUUID(),
      startDate: opts.startDate ?? new Date().toISOString().slice(0, 10), admittedAt: new Date().toISOString(),
      ...(opts.locationId ? { locationId: opts.locationId } : {}),
    };
    await this.publish(patientAdmittedV1, data, episode.tenant);
    return episode;
  }

  async attend(episode: Episode, opts: Partial<AttendanceRecorded> = {}): Promise<string> {
    const sessionId = opts.sessionId ?? randomUUID();
    await this.publish(attendanceRecordedV1, {
      ...attendanceRecordedV1.example, episodeId: episode.episodeId, patientId: episode.patientId, sessionId,
      sessionStartsAt: new Date().toISOString(), recordedAt: new Date().toISOString(), ...opts,
    }, episode.tenant);
    return sessionId;
  }

  async discharge(episode: Episode, opts: Partial<PatientDischarged> = {}): Promise<void> {
    await this.publish(patientDischargedV1, {
      ...patientDischargedV1.example, episodeId: episode.episodeId, patientId: episode.patientId, dischargedAt: new Date().toISOString(), ...opts,
    }, episode.tenant);
  }

  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
    await this.t?.close();
    await this.pool.end();
    await this.db?.drop();
  }
}
