/**
 * Idempotency-Key through the command pipeline (the key's record is part of the command's transaction): concurrent
 * retries create once, a replay carries the first answer's headers, keys are per caller and kept for a stated time,
 * the same key with another body is a 422, and a request that failed leaves no key behind.
 */
import { randomUUID } from 'node:crypto';
import { IdempotencyKeyPruner } from '@iop/platform';
import { tokenFor } from '@iop/testing';
import { type Harness, IOP_RATINGS, startAdmissions } from '../testing/admissions-test-app';

describe('Idempotency-Key', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAdmissions('idempotency');
  });
  afterAll(() => h?.close());

  const referral = (lastName: string) => ({ patient: { firstName: 'Kim', lastName, dateOfBirth: '1991-02-03' }, source: 'self', referredAt: new Date(Date.now() - 3_600_000).toISOString() });
  const post = async (path: string, body: unknown, key: string, subject = 'intake-1', roles = ['intake']) =>
    h.t.request('POST', path, { token: await tokenFor(h.tenant, roles, subject), body, headers: { 'idempotency-key': key } });
  const referralsOf = async (lastName: string) =>
    Number((await h.pool.query('SELECT count(*) AS n FROM referrals r JOIN patients p ON p.patient_id = r.patient_id WHERE p.last_name = $1', [lastName])).rows[0].n);

  it('creates once when retries arrive while the first is still running, and replays its answer to each', async () => {
    const lastName = `Conc${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const body = referral(lastName);
    const answers = await Promise.all([1, 2, 3, 4].map(() => post('/v1/referrals', body, key)));
    expect(answers.map((a) => [a.status, a.body.detail])).toEqual([1, 2, 3, 4].map(() => [201, undefined]));
    expect(new Set(answers.map((a) => a.body.referralId)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(3);
    expect(await referralsOf(lastName)).toBe(1);
  });

  it('replays the first answer with its headers (the ETag of the referral it changed)', async () => {
    const { referralId } = await h.refer();
    const key = randomUUID();
    const body = { criteriaEdition: 3, ratings: IOP_RATINGS };
    const first = await post(`/v1/referrals/${referralId}/assessments`, body, key, 'clin-1', ['clinician']);
    const again = await post(`/v1/referrals/${referralId}/assessments`, body, key, 'clin-1', ['clinician']);
    expect(first.status).toBe(201);
    expect(first.headers.etag).toBeDefined();
    expect([again.status, again.headers.etag, again.body]).toEqual([201, first.headers.etag, first.body]);
  });

  it('belongs to one caller: another user of the clinic with the same key makes their own', async () => {
    const lastName = `Caller${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const body = referral(lastName);
    const mine = await post('/v1/referrals', body, key, 'intake-1');
    const theirs = await post('/v1/referrals', body, key, 'intake-2');
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.referralId).not.toBe(mine.body.referralId);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
  });

  it('is kept for its time (24 h) and no longer: an expired key runs anew', async () => {
    const lastName = `Old${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const body = referral(lastName);
    const first = await post('/v1/referrals', body, key);
    await h.pool.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1", [key]);
    const later = await post('/v1/referrals', body, key);
    expect(later.status).toBe(201);
    expect(later.body.referralId).not.toBe(first.body.referralId);
    // Keys past their time are pruned.
    await h.pool.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1", [key]);
    expect(await h.t.app.get(IdempotencyKeyPruner).prune()).toBeGreaterThanOrEqual(1);
    expect((await h.pool.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key])).rowCount).toBe(0);
  });

  it('refuses the same key with another body (422), and keeps no key for a request that failed', async () => {
    const key = randomUUID();
    await post('/v1/referrals', referral(`A${randomUUID().slice(0, 8)}`), key);
    const other = await post('/v1/referrals', referral(`B${randomUUID().slice(0, 8)}`), key);
    expect([other.status, other.body.type]).toEqual([422, expect.stringContaining('idempotency-key-reused')]);
    const failing = randomUUID();
    const refused = await post(`/v1/referrals/${randomUUID()}/assessments`, { criteriaEdition: 3, ratings: IOP_RATINGS }, failing, 'clin-1', ['clinician']);
    expect(refused.status).toBe(404);
    expect((await h.pool.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [failing])).rowCount).toBe(0);
  });

  it('tells a retry whose first request made its change but lost its answer (its process died) to read the resource', async () => {
    const lastName = `Lost${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const body = referral(lastName);
    await post('/v1/referrals', body, key);
    // As if the process had died between the commit and storing the answer, 20 s ago.
    await h.pool.query("UPDATE idempotency_keys SET status_code = NULL, response = NULL, created_at = now() - interval '20 seconds' WHERE key = $1", [key]);
    const retry = await post('/v1/referrals', body, key);
    expect([retry.status, retry.body.type]).toEqual([409, expect.stringContaining('idempotency-answer-lost')]);
    expect(await referralsOf(lastName)).toBe(1);
  });
});
