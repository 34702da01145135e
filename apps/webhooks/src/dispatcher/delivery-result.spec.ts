import type { ClaimedDelivery } from './delivery-claims';
import { attempted, deferred, parked, withheld } from './delivery-result';

const policy = { scheduleMs: [0, 5_000, 300_000], jitter: 0, maxRetryAfterMs: 86_400_000 };
const at = new Date('2025-03-07T12:00:00Z');
const row = (over: Partial<ClaimedDelivery> = {}): ClaimedDelivery => ({
  messageId: 'm1', claimId: 'c1', tenantId: 't', subscriptionId: 's1', eventId: 'e1', eventType: 'iop.admissions.PatientAdmitted.v1',
  attempts: 0, scheduleStep: 0, round: 1, disclosed: false, subscriptionStatus: 'active', url: 'https://x.example/', sealedSecret: 'v1.x',
  previousSealedSecret: null, previousValidUntil: null, recipient: 'payer:a', rateLimit: null, body: '{}', patientId: 'p1', category: 'admission', consentId: 'k1', purpose: 'payment',
  ...over,
});
const response = (status: number, extra = {}) => ({ kind: 'response' as const, status, latencyMs: 12, response: 'ok', transmitted: true as const, ...extra });

describe('what an attempt means for its message', () => {
  it('a 2xx delivers, and a patient event sent for the first time in this round is a disclosure', () => {
    expect(attempted(row(), response(204), policy, at)).toMatchObject({ status: 'delivered', disclosedAt: at, attempt: { attempt: 1, outcome: 'succeeded', httpStatus: 204 } });
    expect(attempted(row({ disclosed: true }), response(200), policy, at).disclosedAt).toBeUndefined();
    expect(attempted(row({ patientId: null }), response(200), policy, at).disclosedAt).toBeUndefined();
  });

  it('a failure schedules the next attempt, and the last one exhausts the message', () => {
    expect(attempted(row(), response(500), policy, at)).toMatchObject({ status: 'pending', nextAttemptAt: new Date(at.getTime() + 5_000), scheduleStep: 1 });
    expect(attempted(row({ scheduleStep: 2, attempts: 2 }), response(502), policy, at)).toMatchObject({ status: 'exhausted', statusReason: expect.stringContaining('HTTP 502') });
  });

  it('a 410 marks the endpoint gone; Retry-After counts on 503', () => {
    expect(attempted(row(), response(410), policy, at).gone).toBe(true);
    // Parked at once (no retry can race the endpoint's disabling), sent again when it is resumed.
    expect(attempted(row(), response(410), policy, at)).toMatchObject({ status: 'pending', nextAttemptAt: null });
    const busy = attempted(row(), response(503, { retryAfter: '60' }), policy, at);
    expect(busy.nextAttemptAt).toEqual(new Date(at.getTime() + 60_000));
  });

  it('a request that never left is no disclosure; one that timed out after sending is', () => {
    const refused = attempted(row(), { kind: 'refused', error: 'not sent: the URL resolves to a private address' }, policy, at);
    expect(refused).toMatchObject({ status: 'pending', attempt: { outcome: 'refused' } });
    expect(refused.disclosedAt).toBeUndefined();
    expect(attempted(row(), { kind: 'network', latencyMs: 1, error: 'ECONNREFUSED', transmitted: false }, policy, at).disclosedAt).toBeUndefined();
    expect(attempted(row(), { kind: 'timeout', latencyMs: 15_000, error: 'no answer', transmitted: true }, policy, at).disclosedAt).toEqual(at);
  });

  it('parks, withholds and defers without an attempt', () => {
    expect(parked(row({ subscriptionStatus: 'paused' }))).toMatchObject({ status: 'pending', nextAttemptAt: null, statusReason: 'endpoint paused' });
    expect(withheld(row({ consentId: null }), at)).toMatchObject({ status: 'withheld', statusReason: expect.stringContaining('consent') });
    expect(withheld(row({ recipient: null }), at).statusReason).toContain('no consent recipient');
    const later = deferred(row(), 250, at.getTime());
    expect(later).toMatchObject({ status: 'pending', nextAttemptAt: new Date(at.getTime() + 250) });
    expect(later.attempt).toBeUndefined();
  });
});
