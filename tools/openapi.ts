/**
 * `npm run openapi`: the console's API types, generated from the services' own OpenAPI documents rather than written
 * by hand. Each service is booted in-process, as the integration tests boot it (its real module on a throwaway
 * database and its own Kafka topics), its `/docs-json` is read, and two files are written per service under
 * apps/console/web/src/api/: `<service>.openapi.json` (the document) and `<service>.ts` (openapi-typescript's types
 * of it, which the typed clients use). PostgreSQL and Kafka are started when they are not running, and stopped again
 * if this started them.
 *
 * tools/openapi.spec.ts fails when the committed types are not what the committed documents generate, and
 * tools/openapi.int.spec.ts when the committed documents are not what the services serve now: a changed API cannot
 * drift from the console silently.
 */
import './jest/paths'; // first: the @iop aliases for what follows
import { writeFileSync } from 'node:fs';
import { down, ensureDevKeys, up } from '@iop/local-stack';
import { createTestDatabase, createTopicNamespace, deleteTopics } from '@iop/testing';
import { startTestApp } from '@iop/platform/testing';
import type { ServiceDefinition } from '@iop/platform';
import { admissionsService } from '../apps/admissions/src/service';
import { clinicalNotesService } from '../apps/clinical-notes/src/service';
import { outcomesService } from '../apps/outcomes/src/service';
import { schedulingService } from '../apps/scheduling/src/service';
import { webhooksService } from '../apps/webhooks/src/service';
import { API_SERVICES, documentFile, documentText, typesFile, typesText, type ApiService } from './openapi-files';

/** The document a service serves now: its module booted in-process on a throwaway database and topics. */
async function servedDocument(service: ApiService): Promise<unknown> {
  const define = DEFINITIONS[service];
  const db = await createTestDatabase(`openapi_${service.replace('-', '_')}`);
  const topicPrefix = await createTopicNamespace();
  const prefix = service.toUpperCase().replace('-', '_');
  try {
    const app = await startTestApp(define({ ...process.env, IOP_ENV: 'development', [`${prefix}_DATABASE_URL`]: db.url, KAFKA_TOPIC_PREFIX: topicPrefix, LOG_LEVEL: 'silent' }));
    try {
      const res = await app.request('GET', '/docs-json');
      if (res.status !== 200) throw new Error(`${service} answered ${res.status} to GET /docs-json`);
      return res.body;
    } finally {
      await app.close();
    }
  } finally {
    await db.drop();
    await deleteTopics((t) => t.startsWith(topicPrefix));
  }
}

const DEFINITIONS: Record<ApiService, (env: Record<string, string | undefined>) => ServiceDefinition> = {
  admissions: admissionsService,
  scheduling: schedulingService,
  'clinical-notes': clinicalNotesService,
  outcomes: outcomesService,
  webhooks: webhooksService,
};

/** Every service's document as it serves it now (PostgreSQL and Kafka must be up: see main). */
export async function servedDocuments(services: readonly ApiService[] = API_SERVICES): Promise<Map<ApiService, unknown>> {
  const out = new Map<ApiService, unknown>();
  for (const service of services) out.set(service, await servedDocument(service));
  return out;
}

async function main(): Promise<void> {
  const state = await up();
  await ensureDevKeys();
  try {
    for (const [service, document] of await servedDocuments()) {
      writeFileSync(documentFile(service), documentText(document));
      writeFileSync(typesFile(service), await typesText(service, document));
      console.log(`${service}: ${documentFile(service)} and ${typesFile(service)}`);
    }
  } finally {
    await down(state);
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
