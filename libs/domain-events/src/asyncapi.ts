import { DEIDENTIFICATION_NOTE } from './analytics/deidentified';
import { SERVICES, TOPIC_OF, type ServiceName } from './ce-type';
import { toKafkaMessage, toPublicEvent } from './cloudevents';
import type { Contract, ContractKey } from './contract';
import { EXAMPLE_IDS } from './example-ids';
import { cloudEventHeadersSchema, DLQ_HEADERS } from './headers';
import { CONTRACTS } from './registry';
import { DEFAULT_PARTITIONS, dlqTopic } from './topics';

/**
 * The AsyncAPI 3.0 document, generated from the registry so the published description cannot drift from the
 * schemas that validate events. `docs/asyncapi.json` is this document, written by `tools/asyncapi.ts`.
 */
type Json = Record<string, unknown>;
const KAFKA_BINDING = '0.5.0';
const DRAFT_07_FORMAT = 'application/schema+json;version=draft-07';

const TOPIC_DESCRIPTIONS: Record<ServiceName, string> = {
  admissions:
    'Referrals, admissions, care teams, level-of-care changes, continued-stay reviews, discharges, alumni and Part 2 consents.',
  scheduling: 'Locations and their blocks, sessions, attendance, weekly hours and enrolments.',
  'clinical-notes': 'Treatment plans, goal status, note and crisis metadata, ASAM reassessments. Never note text.',
  outcomes: 'Measures, safety alerts, drug screens and follow-ups.',
  analytics: DEIDENTIFICATION_NOTE,
  webhooks:
    'Disclosures made by webhook deliveries (for the 42 CFR Part 2 accounting of disclosures) and endpoints ' +
    'disabled after failing.',
  fhir: 'Disclosures made by the FHIR facade to recipients outside the program (for the 42 CFR Part 2 accounting of disclosures).',
};

const KEY_DESCRIPTIONS: Record<ContractKey, string> = {
  episodeId: 'the episode of care',
  patientId: 'the patient (patient-level events: referrals, consents)',
  locationId: 'the location',
  sessionId: 'the session',
  subjectKey: 'the pseudonymous patient, so all of one patient\'s analytics events stay in order',
  subscriptionId: 'the webhook subscription',
};

const messageId = (c: Contract) => `${c.name}.v${c.version}`;

/** The example's own `...At` time, so the example headers and payload tell the same story. */
const exampleTime = (example: Record<string, unknown>): string =>
  String(Object.entries(example).find(([k]) => k.endsWith('At'))?.[1] ?? '2025-03-12T12:00:00-04:00');

function exampleHeaders(c: Contract): Record<string, string> {
  const analytics = c.service === 'analytics';
  const key = String((c.example as Record<string, unknown>)[c.key]);
  const meta = {
    id: '0b9f7c2e-4d1a-4e8b-9c3f-5a6b7c8d9e0f',
    tenantId: EXAMPLE_IDS.tenantId,
    subject: key,
    time: analytics ? '2025-03-01T00:00:00Z' : exampleTime(c.example as Record<string, unknown>),
    correlationId: analytics ? '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' : 'req-7f3a9c',
    ...(analytics ? {} : { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }),
  };
  return toKafkaMessage(key, toPublicEvent(c, meta, c.example)).headers;
}

function message(c: Contract): Json {
  return {
    name: c.type,
    title: `${c.name} v${c.version}`,
    summary: c.description.split('. ')[0].replace(/\.?$/, '.'),
    description: c.description,
    contentType: 'application/json',
    tags: [{ name: c.service }],
    headers: cloudEventHeadersSchema(c),
    payload: { schemaFormat: DRAFT_07_FORMAT, schema: c.schema },
    correlationId: { description: 'Correlation id of the flow.', location: '$message.header#/ce_correlationid' },
    bindings: {
      kafka: {
        key: {
          ...c.schema.properties[c.key],
          description: `Record key: ${c.key}, the id of ${KEY_DESCRIPTIONS[c.key]}.`,
        },
        bindingVersion: KAFKA_BINDING,
      },
    },
    examples: [{ name: 'example', headers: exampleHeaders(c), payload: c.example }],
  };
}

const dlqChannelId = (service: ServiceName) => `${service}-dlq`;
const contractsOf = (service: ServiceName) => CONTRACTS.filter((c) => c.service === service);

function channels(): Json {
  const entries = SERVICES.flatMap((service) => {
    const messages = Object.fromEntries(
      contractsOf(service).map((c) => [messageId(c), { $ref: `#/components/messages/${c.type}` }]),
    );
    const topic = TOPIC_OF[service];
    const kafka = (t: string) => ({ kafka: { topic: t, partitions: DEFAULT_PARTITIONS, bindingVersion: KAFKA_BINDING } });
    return [
      [
        service,
        { address: topic, title: topic, description: TOPIC_DESCRIPTIONS[service], messages, bindings: kafka(topic) },
      ],
      [
        dlqChannelId(service),
        {
          address: dlqTopic(topic),
          title: dlqTopic(topic),
          description:
            `Dead letters of ${topic}: a consumer parks a record here after its last failed attempt, with the ` +
            'original key, value and headers plus the `dlq_*` headers of #/components/schemas/DeadLetterHeaders. ' +
            'Later records with the same key are parked behind it (`dlq_parked_behind`) to keep per-aggregate order.',
          messages,
          bindings: kafka(dlqTopic(topic)),
        },
      ],
    ];
  });
  return Object.fromEntries(entries);
}

function operations(): Json {
  const entries = SERVICES.flatMap((service) => {
    const refs = (channel: string) =>
      contractsOf(service).map((c) => ({ $ref: `#/channels/${channel}/messages/${messageId(c)}` }));
    const publisher = service === 'analytics' ? 'outcomes' : service;
    return [
      [
        `publish-${service}`,
        {
          action: 'send',
          channel: { $ref: `#/channels/${service}` },
          title: `${publisher} publishes ${TOPIC_OF[service]}`,
          description: `Sent by the ${publisher} service's publisher (a checkpointed subscription over its event store).`,
          messages: refs(service),
        },
      ],
      [
        `dead-letter-${service}`,
        {
          action: 'send',
          channel: { $ref: `#/channels/${dlqChannelId(service)}` },
          title: `Consumers park failed ${TOPIC_OF[service]} records`,
          description: 'Sent by any consuming service\'s inbox once retries are exhausted.',
          messages: refs(dlqChannelId(service)),
        },
      ],
    ];
  });
  return Object.fromEntries(entries);
}

const deadLetterHeaders: Json = {
  type: 'object',
  description: 'Headers added to a parked record, next to its original CloudEvents headers.',
  required: [DLQ_HEADERS.error, DLQ_HEADERS.consumer, DLQ_HEADERS.originalTopic, DLQ_HEADERS.parkedAt],
  properties: {
    [DLQ_HEADERS.error]: { type: 'string', description: 'Error of the last attempt (no PHI: ids and codes only).' },
    [DLQ_HEADERS.consumer]: { type: 'string', description: 'Consumer group that parked the record.' },
    [DLQ_HEADERS.attempts]: { type: 'string', pattern: '^[0-9]+$', description: 'Attempts made.' },
    [DLQ_HEADERS.originalTopic]: { type: 'string', description: 'Topic the record was read from.' },
    [DLQ_HEADERS.originalPartition]: { type: 'string', pattern: '^[0-9]+$', description: 'Its partition.' },
    [DLQ_HEADERS.originalOffset]: { type: 'string', pattern: '^[0-9]+$', description: 'Its offset.' },
    [DLQ_HEADERS.parkedBehind]: {
      type: 'string',
      format: 'uuid',
      description: 'Set when the record did not fail itself: the ce_id of the earlier parked event with the same key.',
    },
    [DLQ_HEADERS.parkedAt]: { type: 'string', format: 'date-time', description: 'When the record was parked.' },
  },
};

export function buildAsyncApiDocument(): Json {
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'IOP platform integration events',
      version: '1.0.0',
      description:
        'Public events of the Intensive Outpatient Program platform on Kafka, in CloudEvents binary mode: the value ' +
        'is the JSON data, the attributes are `ce_*` headers, the key is the aggregate id. Within a version changes ' +
        'are additive only (consumers ignore unknown fields); a breaking change is a new `.v<N>` type. Events carry ' +
        'ids, codes, statuses, scores and times, never clinical free text.',
    },
    defaultContentType: 'application/json',
    servers: {
      local: { host: '127.0.0.1:59092', protocol: 'kafka', description: 'The single-node KRaft broker of `npm start`.' },
    },
    channels: channels(),
    operations: operations(),
    components: {
      messages: Object.fromEntries(CONTRACTS.map((c) => [c.type, message(c)])),
      schemas: { CloudEventHeaders: cloudEventHeadersSchema(), DeadLetterHeaders: deadLetterHeaders },
    },
  };
}

/** Sorted keys at every level, two-space indent, trailing newline: the committed file diffs only when content does. */
export function asyncApiJson(document: Json = buildAsyncApiDocument()): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Json)[k])]));
  };
  return `${JSON.stringify(sorted(document), null, 2)}\n`;
}
