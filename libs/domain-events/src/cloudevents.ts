import { ceSource } from './ce-type';
import type { Contract } from './contract';
import { CE_HEADERS, CE_SPEC_VERSION, CONTENT_TYPE, cloudEventHeadersSchema } from './headers';
import { contractFor, validateEvent } from './registry';
import { ajv, describeErrors, toValidationErrors } from './validation';

/** A public integration event: CloudEvents attributes plus the data, which does not repeat the tenant. */
export type PublicEvent<T = unknown> = {
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  tenantId: string;
  correlationId: string;
  causationId?: string;
  traceparent?: string;
  data: T;
};

export type EventMeta = Omit<PublicEvent, 'type' | 'source' | 'data'>;

/** Builds the envelope from a contract, so `type` and `source` cannot disagree with the payload's contract. */
export const toPublicEvent = <T>(contract: Contract<T>, meta: EventMeta, data: T): PublicEvent<T> => ({
  ...meta,
  type: contract.type,
  source: ceSource(meta.tenantId, contract.service),
  data,
});

/** `timestamp` (ms since the epoch, as kafkajs takes it): left out, the producer stamps the time of sending. */
export type KafkaMessage = { key: string; value: string; headers: Record<string, string>; timestamp?: string };

/** CloudEvents binary mode: the value is the JSON data only, every attribute is a header. */
export function toKafkaMessage<T>(key: string, event: PublicEvent<T>): KafkaMessage {
  const headers: Record<string, string> = {
    [CE_HEADERS.specversion]: CE_SPEC_VERSION,
    [CE_HEADERS.id]: event.id,
    [CE_HEADERS.type]: event.type,
    [CE_HEADERS.source]: event.source,
    [CE_HEADERS.subject]: event.subject,
    [CE_HEADERS.time]: event.time,
    [CE_HEADERS.contentType]: CONTENT_TYPE,
    [CE_HEADERS.tenantId]: event.tenantId,
    [CE_HEADERS.correlationId]: event.correlationId,
  };
  if (event.causationId !== undefined) headers[CE_HEADERS.causationId] = event.causationId;
  if (event.traceparent !== undefined) headers[CE_HEADERS.traceparent] = event.traceparent;
  return { key, value: JSON.stringify(event.data), headers };
}

type Bytes = Buffer | string;
/** The shape kafkajs hands a consumer (`IHeaders` allows repeated headers as arrays). */
export type IncomingKafkaMessage = {
  key?: Bytes | null;
  value: Bytes | null;
  headers?: Record<string, Bytes | Bytes[] | undefined>;
};

export type FromKafkaResult =
  | { ok: true; event: PublicEvent; key: string | null; contract: Contract }
  | { ok: false; reason: string };

const checkHeaders = ajv.compile(cloudEventHeadersSchema());
const text = (value: Bytes): string => (typeof value === 'string' ? value : value.toString('utf8'));

function decodeHeaders(raw: IncomingKafkaMessage['headers']): Record<string, string> | string {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length !== 1) return `header ${name} appears ${value.length} times`;
    headers[name] = text(Array.isArray(value) ? value[0] : value);
  }
  return headers;
}

/** Reads a consumed record into a validated event. Never throws: a bad record is a reason, for the dead-letter path. */
export function fromKafkaMessage(message: IncomingKafkaMessage): FromKafkaResult {
  const headers = decodeHeaders(message.headers);
  if (typeof headers === 'string') return { ok: false, reason: headers };
  if (!checkHeaders(headers)) {
    const reason = toValidationErrors(checkHeaders.errors)
      .map(({ path, message }) => {
        const name = path.slice(1);
        return message === 'is required' ? `missing header ${name}` : `header ${name} ${message}`;
      })
      .join('; ');
    return { ok: false, reason };
  }
  const type = headers[CE_HEADERS.type];
  const contract = contractFor(type);
  if (!contract) return { ok: false, reason: `unknown event type ${type}` };
  const tenantId = headers[CE_HEADERS.tenantId];
  const source = headers[CE_HEADERS.source];
  if (source !== ceSource(tenantId, contract.service)) {
    return { ok: false, reason: `ce_source ${source} does not match tenant ${tenantId} and service ${contract.service}` };
  }
  const data = parseJson(message.value);
  if (!data.ok) return data;
  const valid = validateEvent(type, data.value);
  if (!valid.ok) return { ok: false, reason: `data does not match ${type}: ${describeErrors(valid.errors)}` };
  const event: PublicEvent = {
    id: headers[CE_HEADERS.id],
    type,
    source,
    subject: headers[CE_HEADERS.subject],
    time: headers[CE_HEADERS.time],
    tenantId,
    correlationId: headers[CE_HEADERS.correlationId],
    ...optional('causationId', headers[CE_HEADERS.causationId]),
    ...optional('traceparent', headers[CE_HEADERS.traceparent]),
    data: data.value,
  };
  return { ok: true, event, key: message.key == null ? null : text(message.key), contract };
}

function parseJson(value: Bytes | null): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (value === null || value.length === 0) return { ok: false, reason: 'empty value (a tombstone is not an event)' };
  try {
    return { ok: true, value: JSON.parse(text(value)) };
  } catch (error) {
    return { ok: false, reason: `value is not JSON: ${(error as Error).message}` };
  }
}

const optional = <K extends string>(name: K, value: string | undefined) =>
  value === undefined ? {} : ({ [name]: value } as Record<K, string>);
