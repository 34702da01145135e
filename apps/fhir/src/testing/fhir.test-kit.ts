import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { Pool } from 'pg';
import { type Contract, contractFor, type PublicEvent, toKafkaMessage, toPublicEvent, validateEvent } from '@iop/domain-events';
import { startTestApp, type TestApp } from '@iop/platform/testing';
import { createTestDatabase, createTopicNamespace, customToken, testKafka, tokenFor, type TestDatabase } from '@iop/testing';
import { fhirService } from '../service';

/** The real fhir service on its own database and topic namespace, fed with public events as the services publish them. */
export interface FhirKit {
  app: TestApp;
  /** Reads every tenant's rows (projector role). */
  db: Pool;
  databaseUrl: string;
  token(tenant: string, roles: string[], subject?: string): Promise<string>;
  publish(events: PublicEvent[]): Promise<void>;
  /** Waits until the service's inbox has applied these events. */
  consumed(events: PublicEvent[], timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A local token with extra claims: SMART `scope`, the launch context's `patient`. */
export const tokenWithClaims = (tenant: string, roles: string[], claims: Record<string, unknown>): Promise<string> =>
  customToken({ tenant, roles, subject: 'smart-app', claims });

/** A CloudEvent as its service publishes it, checked against its contract's schema first. */
export function event<T>(contract: Contract<T>, tenantId: string, data: T): PublicEvent<T> {
  const e = toPublicEvent(contract, { id: randomUUID(), subject: `test-${randomUUID()}`, time: new Date().toISOString(), tenantId, correlationId: randomUUID() }, data);
  const result = validateEvent(e.type, e.data);
  if (!result.ok) throw new Error(`${contract.type}: ${JSON.stringify(result.errors)}`);
  return e;
}

/** `env`: settings over the test's own (the benchmark runs outside jest, so it says it is development). */
export async function startFhirKit(env: Record<string, string> = {}): Promise<FhirKit> {
  const database: TestDatabase = await createTestDatabase('fhir');
  const prefix = await createTopicNamespace();
  const app = await startTestApp(fhirService({ ...process.env, FHIR_DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'silent', FHIR_EXPORT_POLL_MS: '200', ...env }));
  const db = new Pool({ connectionString: database.url, max: 2, options: '-c app.role=projector' });
  db.on('error', () => undefined); // the database is dropped (WITH FORCE) after the file
  let producer: Producer | undefined;
  return {
    app, db, databaseUrl: database.url,
    token: (tenant, roles, subject) => tokenFor(tenant, roles, subject),
    async publish(events) {
      if (!producer) await (producer = testKafka().producer()).connect();
      for (const e of events) {
        const contract = contractFor(e.type)!;
        const key = String((e.data as Record<string, unknown>)[contract.key]);
        await producer.send({ topic: prefix + contract.topic, messages: [toKafkaMessage(key, e)] });
      }
    },
    async consumed(events, timeoutMs = 60_000) {
      const ids = events.map((e) => e.id);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await db.query<{ n: number }>('SELECT count(DISTINCT event_id)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])', [ids]);
        if (rows[0].n === ids.length) return;
        if (Date.now() > deadline) throw new Error(`${ids.length - rows[0].n} of ${ids.length} events not consumed`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await producer?.disconnect();
      await app.close();
      await db.end();
      await database.drop();
    },
  };
}
