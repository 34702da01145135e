/** Referrals through HTTP: receive, read, decline, withdraw, waitlist, re-refer; bad input is a 400 that appends nothing. */
import { randomUUID } from 'node:crypto';
import { type Harness, startAdmissions } from '../testing/admissions-test-app';

describe('referrals', () => {
  let h: Harness;
  beforeAll(async () => { h = await startAdmissions('referrals'); });
  afterAll(async () => h?.close());

  const body = (over: Record<string, unknown> = {}) => ({
    patient: { firstName: 'Sam', lastName: 'Okafor', dateOfBirth: '1988-11-30', phone: '+1 555 0100' }, source: 'detox', referredAt: '2025-03-03T09:15:00-05:00', ...over,
  });
  const totalEvents = async () => (await h.pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n;

  it('receives a referral, registers the patient and reads both back (patient reads audited)', async () => {
    const res = await h.call('POST', '/v1/referrals', 'intake', body());
    expect(res.status).toBe(201);
    const { referralId, patientId } = res.body;
    const referral = await h.call('GET', `/v1/referrals/${referralId}`, 'clinician');
    expect(referral.body).toMatchObject({ referralId, patientId, source: 'detox', status: 'open', referredAt: '2025-03-03T14:15:00.000Z' });
    const patient = await h.call('GET', `/v1/patients/${patientId}`, 'intake');
    expect(patient.body).toMatchObject({ patientId, firstName: 'Sam', lastName: 'Okafor', dateOfBirth: '1988-11-30', alumni: false, referrals: [{ referralId, status: 'open' }] });
    const audit = await h.pool.query(`SELECT action, resource, actor FROM audit_log WHERE patient_id = $1 ORDER BY id`, [patientId]);
    expect(audit.rows).toEqual([
      { action: 'create', resource: `referral/${referralId}`, actor: 'intake-user' },
      { action: 'read', resource: `referral/${referralId}`, actor: 'clinician-user' },
      { action: 'read', resource: `patient/${patientId}`, actor: 'intake-user' },
    ]);
  });

  it('answers a repeated Idempotency-Key with the first referral instead of a second one', async () => {
    const send = async () => h.t.request('POST', '/v1/referrals', { token: await h.as('intake'), body: body(), headers: { 'idempotency-key': 'referral-form-42' } });
    const first = await send();
    const second = await send();
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await h.eventCount(`referral-${first.body.referralId}`)).toBe(1);
  });

  it('lets admins refer too', async () => {
    expect((await h.call('POST', '/v1/referrals', 'admin', body())).status).toBe(201);
  });

  it.each([
    ['an unknown source', body({ source: 'hospital' }), 'source'],
    ['an empty first name', body({ patient: { firstName: '', lastName: 'X', dateOfBirth: '1990-01-01' } }), 'patient.firstName'],
    ['a blank last name', body({ patient: { firstName: 'A', lastName: '   ', dateOfBirth: '1990-01-01' } }), 'patient.lastName'],
    ['a date of birth in the future', body({ patient: { firstName: 'A', lastName: 'B', dateOfBirth: '2999-01-01' } }), 'patient.dateOfBirth'],
    ['an impossible date of birth', body({ patient: { firstName: 'A', lastName: 'B', dateOfBirth: '1990-02-31' } }), 'patient.dateOfBirth'],
    ['a referral time without offset', body({ referredAt: '2025-03-03T09:15:00' }), 'referredAt'],
    ['a referral time without seconds', body({ referredAt: '2025-03-03T09:15-05:00' }), 'referredAt'],
    ['a referral in the future', body({ referredAt: '2999-03-03T09:15:00Z' }), 'referredAt'],
    ['an unknown field', body({ insurance: 'acme' }), 'insurance'],
    ['neither patient nor patientId', { source: 'self', referredAt: '2025-03-03T09:15:00Z' }, 'patient'],
  ])('refuses %s with a problem+json 400 and appends nothing', async (_, payload, path) => {
    const before = await totalEvents();
    const res = await h.call('POST', '/v1/referrals', 'intake', payload);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await totalEvents()).toBe(before);
  });

  it('refuses malformed JSON with a 400', async () => {
    const res = await h.t.request('POST', '/v1/referrals', { token: await h.as('intake'), rawBody: '{"patient": {', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, detail: expect.stringContaining('JSON') });
  });

  it('declines, withdraws and waitlists with reasons; a closed referral changes no more', async () => {
    const a = await h.refer();
    const decline = await h.call('POST', `/v1/referrals/${a.referralId}/decline`, 'intake', { reason: 'needs residential care' });
    expect(decline.body).toEqual({ referralId: a.referralId, status: 'declined' });
    expect((await h.call('GET', `/v1/referrals/${a.referralId}`, 'intake')).body).toMatchObject({ status: 'declined', statusReason: 'needs residential care' });
    expect((await h.call('POST', `/v1/referrals/${a.referralId}/withdraw`, 'intake', { reason: 'x' })).status).toBe(409);
    expect((await h.call('POST', `/v1/referrals/${a.referralId}/decline`, 'intake', {})).status).toBe(400);
    const b = await h.refer();
    expect((await h.call('POST', `/v1/referrals/${b.referralId}/withdraw`, 'admin', { reason: 'moved away' })).body.status).toBe('withdrawn');
    const c = await h.refer();
    expect((await h.call('POST', `/v1/referrals/${c.referralId}/waitlist`, 'intake')).body.status).toBe('waitlisted');
    expect((await h.call('POST', `/v1/referrals/${c.referralId}/waitlist`, 'intake', {})).status).toBe(409);
  });

  it("shows the intake board: each referral's stage (referred until assessed, then assessed) with its patient and age", async () => {
    const waiting = await h.refer({ patient: { firstName: 'Jo', lastName: 'Board', dateOfBirth: '1985-02-01' }, referredAt: '2026-11-20T15:00:00Z' });
    const assessed = await h.refer();
    await h.assess(assessed.referralId);
    const one = await h.call('GET', `/v1/referrals/${waiting.referralId}`, 'intake');
    expect(one.body).toMatchObject({
      stage: 'referred', status: 'open', referredAt: '2026-11-20T15:00:00.000Z', patient: { firstName: 'Jo', lastName: 'Board', dateOfBirth: '1985-02-01' },
    });
    const column = async (stage: string) => (await h.call('GET', `/v1/referrals?stage=${stage}&limit=200`, 'intake')).body.items.map((r: { referralId: string }) => r.referralId);
    expect(await column('referred')).toContain(waiting.referralId);
    expect(await column('referred')).not.toContain(assessed.referralId);
    expect(await column('assessed')).toEqual(expect.arrayContaining([assessed.referralId]));
    expect(await column('assessed')).not.toContain(waiting.referralId);
    expect((await h.call('GET', `/v1/referrals/${assessed.referralId}`, 'intake')).body).toMatchObject({ stage: 'assessed', recommendedLevel: '2.1' });
    await h.call('POST', `/v1/referrals/${waiting.referralId}/decline`, 'intake', { reason: 'needs residential care' });
    expect(await column('declined')).toContain(waiting.referralId);
    expect((await h.call('GET', '/v1/referrals?stage=lost', 'intake')).status).toBe(400);
  });

  it('serves the assessment form its criteria: six dimensions per edition, each rating with its label, level and criterion', async () => {
    const res = await h.call('GET', '/v1/assessment-criteria', 'intake');
    expect(res.status).toBe(200);
    expect(res.body.editions.map((e: { edition: number }) => e.edition)).toEqual([3, 4]);
    const d1 = res.body.editions[0].dimensions[0];
    expect(d1).toMatchObject({ key: 'd1', code: 'asam3-d1-intoxication-withdrawal' });
    expect(d1.ratings.map((r: { rating: number; label: string; level: string }) => [r.rating, r.label, r.level])).toEqual([
      [0, 'none', '0.5'], [1, 'mild', '1'], [2, 'moderate', '2.5'], [3, 'severe', '3.7'], [4, 'extreme or imminent', '4']]);
    expect(d1.ratings[1].criterion).toContain('Dimension 1');
  });

  it('lists the waitlist first come first served, in pages', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await h.refer();
      await h.call('POST', `/v1/referrals/${r.referralId}/waitlist`, 'intake', { reason: 'evening track full' });
      ids.push(r.referralId);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.call('GET', `/v1/waitlist?limit=2${cursor ? `&cursor=${cursor}` : ''}`, 'clinician');
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((r: { referralId: string }) => r.referralId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.slice(-3)).toEqual(ids);
    const all = await h.call('GET', '/v1/referrals?status=waitlisted&limit=200', 'intake');
    expect(all.body.items.every((r: { status: string }) => r.status === 'waitlisted')).toBe(true);
    expect((await h.call('GET', '/v1/referrals?cursor=bogus', 'intake')).status).toBe(400);
    expect((await h.call('GET', '/v1/referrals?limit=0', 'intake')).status).toBe(400);
  });

  it('refuses, as a 400 problem, a cursor of another list or one tampered with', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await h.refer();
      await h.call('POST', `/v1/referrals/${r.referralId}/waitlist`, 'intake', { reason: 'evening track full' });
    }
    const waitlistCursor = (await h.call('GET', '/v1/waitlist?limit=1', 'clinician')).body.nextCursor as string;
    const foreign = await h.call('GET', `/v1/referrals?cursor=${waitlistCursor}`, 'intake');
    expect(foreign.status).toBe(400);
    expect(foreign.headers['content-type']).toContain('application/problem+json');
    expect(foreign.body).toMatchObject({ type: 'https://iop.example/problems/invalid-cursor', detail: expect.stringMatching(/another list/) });
    const payload = JSON.parse(Buffer.from(waitlistCursor, 'base64url').toString('utf8'));
    const tampered = Buffer.from(JSON.stringify({ ...payload, k: ['2026-02-30 25:00:00+00', payload.k[1]] })).toString('base64url');
    const refused = await h.call('GET', `/v1/waitlist?cursor=${tampered}`, 'clinician');
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.detail).toMatch(/not one this API issued/);
  });

  it('re-refers a known patient by patientId, but not one already in the program', async () => {
    const first = await h.refer();
    const again = await h.call('POST', '/v1/referrals', 'intake', { patientId: first.patientId, source: 'alumni', referredAt: '2025-03-03T09:15:00Z' });
    expect(again.status).toBe(409);
    await h.call('POST', `/v1/referrals/${first.referralId}/withdraw`, 'intake', { reason: 'no show' });
    const ok = await h.call('POST', '/v1/referrals', 'intake', { patientId: first.patientId, source: 'alumni', referredAt: '2025-03-03T09:15:00Z' });
    expect(ok.status).toBe(201);
    expect(ok.body.patientId).toBe(first.patientId);
    const unknown = await h.call('POST', '/v1/referrals', 'intake', { patientId: randomUUID(), source: 'alumni', referredAt: '2025-03-03T09:15:00Z' });
    expect(unknown.status).toBe(404);
  });

  it('finds patients by last name and date of birth', async () => {
    await h.call('POST', '/v1/referrals', 'intake', body({ patient: { firstName: 'Kim', lastName: 'Nakamura', dateOfBirth: '1979-07-07' } }));
    const res = await h.call('GET', '/v1/patients?lastName=nakamura&dateOfBirth=1979-07-07', 'intake');
    expect(res.body.items).toEqual([expect.objectContaining({ firstName: 'Kim', lastName: 'Nakamura' })]);
  });
});
