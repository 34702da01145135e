import { ceType, parseCeType } from './ce-type';
import { fromKafkaMessage, toKafkaMessage, toPublicEvent } from './cloudevents';
import type { IncomingKafkaMessage, PublicEvent } from './cloudevents';
import { CONTRACTS } from './registry';
import { patientAdmittedV1, type PatientAdmitted } from './admissions';

const meta = {
  id: '11111111-2222-4333-8444-555555555555',
  tenantId: 'clinic-7',
  subject: 'episode-9c4e2a7d',
  time: '2025-03-07T14:02:11-05:00',
  correlationId: 'req-42',
};
const admitted = toPublicEvent(patientAdmittedV1, meta, patientAdmittedV1.example);

/** What kafkajs hands a consumer: every header and the value as Buffers. */
const asConsumed = (m: { key: string; value: string; headers: Record<string, string> }): IncomingKafkaMessage => ({
  key: Buffer.from(m.key),
  value: Buffer.from(m.value),
  headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(v)])),
});

function reasonFor(message: IncomingKafkaMessage): string {
  const result = fromKafkaMessage(message);
  if (result.ok) throw new Error('expected the message to be rejected');
  return result.reason;
}

describe('ce_type', () => {
  it('is iop.<service>.<EventName>.v<N> and parses back', () => {
    expect(ceType('clinical-notes', 'NoteSigned', 2)).toBe('iop.clinical-notes.NoteSigned.v2');
    const parts = { service: 'clinical-notes', name: 'NoteSigned', version: 2 };
    expect(parseCeType('iop.clinical-notes.NoteSigned.v2')).toEqual(parts);
  });

  it.each([
    'iop.billing.Charged.v1',
    'iop.admissions.patientAdmitted.v1',
    'iop.admissions.PatientAdmitted',
    'x.admissions.A.v1',
    'iop.admissions.A.v0',
  ])('rejects %s', (type) => expect(parseCeType(type)).toBeUndefined());
});

describe('toKafkaMessage', () => {
  it('puts the data alone in the value and every attribute in a header', () => {
    const message = toKafkaMessage(patientAdmittedV1.example.episodeId, admitted);
    expect(message.key).toBe(patientAdmittedV1.example.episodeId);
    expect(JSON.parse(message.value)).toEqual(patientAdmittedV1.example);
    expect(message.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: meta.id,
      ce_type: 'iop.admissions.PatientAdmitted.v1',
      ce_source: '/tenants/clinic-7/admissions',
      ce_subject: meta.subject,
      ce_time: meta.time,
      'content-type': 'application/json',
      ce_tenantid: 'clinic-7',
      ce_correlationid: 'req-42',
    });
  });

  it('adds causation and trace context when the event has them', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const { headers } = toKafkaMessage('k', { ...admitted, causationId: 'evt-1', traceparent });
    expect(headers).toMatchObject({ ce_causationid: 'evt-1', traceparent });
  });
});

describe('fromKafkaMessage', () => {
  it.each(CONTRACTS.map((c) => [c.type, c] as const))('round-trips %s from Buffers', (_, c) => {
    const event = toPublicEvent(c, { ...meta, causationId: 'evt-0' }, c.example);
    const key = String((c.example as Record<string, unknown>)[c.key]);
    const result = fromKafkaMessage(asConsumed(toKafkaMessage(key, event)));
    expect(result).toEqual({ ok: true, event, key, contract: c });
  });

  it('accepts string headers and a single-element header array', () => {
    const message = toKafkaMessage('k', admitted);
    const headers = { ...message.headers, ce_type: [Buffer.from(message.headers.ce_type)] };
    const result = fromKafkaMessage({ key: null, value: message.value, headers });
    expect(result.ok && (result.event as PublicEvent<PatientAdmitted>).data.displayName).toBe('Alex R.');
    expect(result.ok && result.key).toBeNull();
  });

  const good = toKafkaMessage('k', admitted);
  const without = (name: string) => {
    const { [name]: _, ...headers } = good.headers;
    return { ...good, headers };
  };

  const withHeader = (name: string, value: string | string[]) => ({
    ...good,
    headers: { ...good.headers, [name]: value },
  });
  const breaking = JSON.stringify({ ...patientAdmittedV1.example, track: 'night' });

  it.each([
    ['a value that is not JSON', { ...good, value: '{"episodeId":' }, /^value is not JSON/],
    ['an empty value (tombstone)', { ...good, value: null }, /^empty value/],
    ['no ce_type', without('ce_type'), /^missing header ce_type$/],
    ['no headers at all', { key: 'k', value: good.value }, /missing header ce_specversion.*missing header ce_id/],
    ['an unknown type', withHeader('ce_type', 'iop.admissions.Vanished.v1'), /^unknown event type iop\.admissions\.Vanished\.v1$/],
    ['a malformed type', withHeader('ce_type', 'PatientAdmitted'), /^header ce_type must match pattern/],
    ['another spec version', withHeader('ce_specversion', '0.3'), /^header ce_specversion must be equal to constant/],
    ['a time without offset', withHeader('ce_time', '2025-03-07 14:02'), /^header ce_time must match format "date-time"/],
    ['a source of another tenant', withHeader('ce_source', '/tenants/other/admissions'), /^ce_source \S+ does not match tenant/],
    ['a source of another service', withHeader('ce_source', '/tenants/clinic-7/outcomes'), /and service admissions$/],
    ['a repeated header', withHeader('ce_id', [meta.id, meta.id]), /^header ce_id appears 2 times$/],
    ['data that breaks the contract', { ...good, value: breaking }, /^data does not match \S+: \/track must be one of: evening, morning$/],
  ] as const)('rejects %s with a reason', (_, message, reason) => {
    expect(reasonFor(message as IncomingKafkaMessage)).toMatch(reason);
  });

  it('never throws, whatever arrives', () => {
    const junk: unknown[] = [
      { value: Buffer.from([0xff, 0xfe]) },
      { value: 'null', headers: good.headers },
      { value: '[]', headers: {} },
    ];
    for (const message of junk) expect(() => fromKafkaMessage(message as IncomingKafkaMessage)).not.toThrow();
    expect(fromKafkaMessage({ value: 'null', headers: good.headers }).ok).toBe(false);
  });
});
