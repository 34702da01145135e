import type { Contract } from './contract';
import type { ObjectSchema, PropertySchema } from './schema';

/** CloudEvents Kafka protocol binding, binary mode: attributes travel as `ce_` headers, the value is the data. */
export const CE_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  subject: 'ce_subject',
  time: 'ce_time',
  contentType: 'content-type',
  tenantId: 'ce_tenantid',
  correlationId: 'ce_correlationid',
  causationId: 'ce_causationid',
  traceparent: 'traceparent',
} as const;

export const CE_SPEC_VERSION = '1.0';
export const CONTENT_TYPE = 'application/json';

/** Headers a consumer adds when it parks a record on `<topic>.dlq` (original key, value and headers are kept). */
export const DLQ_HEADERS = {
  error: 'dlq_error',
  consumer: 'dlq_consumer',
  attempts: 'dlq_attempts',
  originalTopic: 'dlq_original_topic',
  originalPartition: 'dlq_original_partition',
  originalOffset: 'dlq_original_offset',
  parkedBehind: 'dlq_parked_behind',
  parkedAt: 'dlq_parked_at',
} as const;

/** Tenant ids sit unescaped in the `ce_source` path, so they are limited to URI-unreserved characters. */
export const TENANT_ID_PATTERN = '^[A-Za-z0-9._~-]+$';
const CE_TYPE_PATTERN = '^iop\\.[a-z-]+\\.[A-Z][A-Za-z0-9]*\\.v[1-9][0-9]*$';

const text = (description: string, extra: Record<string, unknown> = {}): PropertySchema => ({
  type: 'string',
  minLength: 1,
  ...extra,
  description,
});

/**
 * Schema of the CloudEvents headers (all strings on the wire). With a contract, `ce_type` and the service in
 * `ce_source` are fixed to it; without one it is the generic check a consumer runs before it knows the type.
 */
export function cloudEventHeadersSchema(contract?: Contract): ObjectSchema {
  const service = contract?.service ?? '[a-z-]+';
  const analytics = contract?.service === 'analytics';
  return {
    type: 'object',
    description: 'CloudEvents 1.0 attributes in Kafka headers (binary content mode), plus IOP extensions.',
    required: Object.values(CE_HEADERS).filter((h) => h !== CE_HEADERS.causationId && h !== CE_HEADERS.traceparent),
    properties: {
      [CE_HEADERS.specversion]: { type: 'string', const: CE_SPEC_VERSION, description: 'CloudEvents spec version.' },
      [CE_HEADERS.id]: {
        type: 'string',
        format: 'uuid',
        description: 'Event id: the id of the event in the publisher\'s event store, the consumers\' idempotency key.',
      },
      [CE_HEADERS.type]: contract
        ? { type: 'string', const: contract.type, description: 'Event type, `iop.<service>.<EventName>.v<N>`.' }
        : text('Event type, `iop.<service>.<EventName>.v<N>`.', { pattern: CE_TYPE_PATTERN }),
      [CE_HEADERS.source]: text('`/tenants/<tenantId>/<service>`.', {
        pattern: `^/tenants/[A-Za-z0-9._~-]+/${service}$`,
      }),
      [CE_HEADERS.subject]: text(
        analytics
          ? 'The subjectKey pseudonym (never an internal stream id).'
          : 'Id of the publisher\'s event stream the event belongs to (the aggregate).',
      ),
      [CE_HEADERS.time]: analytics
        ? text('Start of the month of publication, `YYYY-MM-01T00:00:00Z`: an exact time could re-identify.', {
            format: 'date-time',
            pattern: '^[0-9]{4}-[0-9]{2}-01T00:00:00Z$',
          })
        : text('When the event happened (its recorded time in the publisher\'s store).', { format: 'date-time' }),
      [CE_HEADERS.contentType]: { type: 'string', const: CONTENT_TYPE, description: 'The value is JSON (the data).' },
      [CE_HEADERS.tenantId]: text('Tenant (clinic organisation); consumers scope every write by it.', {
        pattern: TENANT_ID_PATTERN,
      }),
      [CE_HEADERS.correlationId]: text('Id shared by every event caused by one request or flow.', { maxLength: 128 }),
      [CE_HEADERS.causationId]: text('Id of the event or request that caused this one.', { maxLength: 128 }),
      [CE_HEADERS.traceparent]: text(
        analytics ? 'Never sent on the analytics stream.' : 'W3C trace context, so traces continue across Kafka.',
        { pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' },
      ),
    },
  };
}
