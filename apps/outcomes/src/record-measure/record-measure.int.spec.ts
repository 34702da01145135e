/**
 * Recording measures, drug screens and abstinence reports over HTTP against the real service: scores and bands
 * as the clinician sees them, the stored observation, problem+json for bad input with nothing written, roles,
 * tenant isolation, audit, and the public events on iop.outcomes.v1.
 */
import { randomUUID } from 'node:crypto';
import { TOPICS, validateEvent } from '@iop/domain-events';
import { admitted, bam, gad7, phq9, testEpisode } from '../testing/outcomes.fixtures';
import { type OutcomesKit, startOutcomesKit } from '../testing/outcomes.test-kit';

const TENANT = 'outcomes-measures';
const OTHER = 'outcomes-measures-other';
const episode = testEpisode(TENANT, { startDate: '2025-03-10', admittedOn: '2025-03-07', displayName: 'Robin Q.' });

describe('recording measures', () => {
  let kit: OutcomesKit;
  let clinician: string;
  const eventCount = async () => Number((await kit.db.query('SELECT count(*) FROM events')).rows[0].count);
  const post = (url: string, body: unknown, token = clinician, headers?: Record<string, string>) => kit.app.request('POST', url, { token, body, headers });

  beforeAll(async () => {
    kit = await startOutcomesKit();
    clinician = await kit.token(TENANT, ['clinician'], 'clinician-robin');
    await kit.publish([admitted(episode)]);
    await kit.until(async () => (await kit.db.query('SELECT 1 FROM outcome_episodes WHERE episode_id = $1', [episode.episodeId])).rowCount, (n) => n === 1);
  });
  afterAll(() => kit?.close());

  it('scores a PHQ-9 and answers with the total, band and no alert', async () => {
    const res = await post('/v1/measures', { episodeId: episode.episodeId, instrument: 'PHQ-9', answers: phq9(11) });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ measureId: expect.any(String), instrument: 'PHQ-9', scores: { total: 11 }, band: 'moderate', safetyAlert: false, scoringVersion: 'phq9-2001' });
  });

  it('raises a safety alert when item 9 is above 0, and publishes SafetyAlertRaised with the measure', async () => {
    const res = await post('/v1/measures', { episodeId: episode.episodeId, instrument: 'PHQ-9', answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] });
    expect(res.body).toMatchObject({ scores: { total: 1 }, band: 'minimal', safetyAlert: true });
    const messages = await kit.readTopic(TOPICS.outcomes, (m) => m.some((x) => String(x.headers?.ce_type) === 'iop.outcomes.SafetyAlertRaised.v1'));
    const alert = messages.find((x) => String(x.headers?.ce_type) === 'iop.outcomes.SafetyAlertRaised.v1')!;
    expect(JSON.parse(alert.value!.toString())).toMatchObject({ measureId: res.body.measureId, episodeId: episode.episodeId, reason: 'phq9-item9-positive' });
    expect(alert.key!.toString()).toBe(episode.episodeId);
    const measured = messages.filter((x) => String(x.headers?.ce_type) === 'iop.outcomes.MeasureRecorded.v1').map((x) => JSON.parse(x.value!.toString()));
    for (const m of measured) expect(validateEvent('iop.outcomes.MeasureRecorded.v1', m)).toEqual({ ok: true });
    expect(JSON.stringify(measured)).not.toMatch(/answers|clinician-robin/);
  });

  it('scores a GAD-7 and a BAM (subscales, no band)', async () => {
    const gad = await post('/v1/measures', { episodeId: episode.episodeId, instrument: 'GAD-7', answers: gad7(15) });
    expect(gad.body).toMatchObject({ scores: { total: 15 }, band: 'severe' });
    const answers = { ...bam(1), 4: 4, '7A': 2 };
    const b = await post('/v1/measures', { episodeId: episode.episodeId, instrument: 'BAM', answers });
    expect(b.status).toBe(201);
    expect(b.body).toEqual({ measureId: expect.any(String), instrument: 'BAM', scores: { use: 6, risk: 6, protective: 6 }, safetyAlert: false, scoringVersion: 'bam-subscales-2' });
  });

  it('stores the observation: raw answers, code, scoring version, who administered it; the read is audited', async () => {
    const res = await kit.app.request('GET', `/v1/episodes/${episode.episodeId}/measures`, { token: clinician });
    expect(res.status).toBe(200);
    const phq = res.body.items.find((m: { instrument: string }) => m.instrument === 'PHQ-9');
    expect(phq).toMatchObject({ code: { system: 'http://loinc.org', code: '44261-6' }, answers: phq9(11), scoringVersion: 'phq9-2001', administeredBy: 'clinician-robin' });
    const gad = res.body.items.find((m: { instrument: string }) => m.instrument === 'GAD-7');
    expect(gad.code).toEqual({ system: 'http://loinc.org', code: '70274-6' });
    const bamItem = res.body.items.find((m: { instrument: string }) => m.instrument === 'BAM');
    expect(bamItem).toMatchObject({ code: { system: 'urn:iop:outcomes:instrument', code: 'bam-17' }, answers: expect.objectContaining({ '7A': 2 }) });
    const audit = await kit.db.query(`SELECT actor, action, patient_id FROM audit_log WHERE resource = $1`, [`episode/${episode.episodeId}/measures`]);
    expect(audit.rows).toEqual([{ actor: 'clinician-robin', action: 'read', patient_id: episode.patientId }]);
  });

  it('answers BAM item 7 through its sub-items: computed when left out, refused alone or when the sub-items contradict it', async () => {
    const derived = await post('/v1/measures', { episodeId: episode.episodeId, instrument: 'BAM', answers: { ...bam(0), '7C': 3, '7E': 1 } });
    expect(derived.status).toBe(201);
    const given = await post('/v1/measures', { episodeId: episode.episodeId, instrument: 'BAM', answers: { ...bam(0), 7: 2, '7A': 1, '7C': 1 } });
    expect(given.status).toBe(201);
    const stored = (await kit.app.request('GET', `/v1/episodes/${episode.episodeId}/measures`, { token: clinician })).body.items;
    expect(stored.find((m: { measureId: string }) => m.measureId === derived.body.measureId).answers).toMatchObject({ 7: 3, '7C': 3, '7E': 1 });
    expect(stored.find((m: { measureId: string }) => m.measureId === given.body.measureId).answers).toMatchObject({ 7: 2 });

    const before = await eventCount();
    const { '7A': _a, '7B': _b, '7C': _c, '7D': _d, '7E': _e, '7F': _f, '7G': _g, ...withoutSubItems } = bam(1);
    for (const answers of [{ ...withoutSubItems, 7: 1 }, { ...bam(0), 7: 1, '7E': 3 }, { ...bam(0), 7: 2 }]) {
      const res = await post('/v1/measures', { episodeId: episode.episodeId, instrument: 'BAM', answers });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ type: expect.stringMatching(/\/bam-item-7$/), errors: [expect.objectContaining({ path: 'answers.7' })] });
    }
    expect(await eventCount()).toBe(before);
  });

  it.each([
    ['eight PHQ-9 answers', { instrument: 'PHQ-9', answers: [0, 0, 0, 0, 0, 0, 0, 0] }, 'answers'],
    ['an answer out of range', { instrument: 'GAD-7', answers: [0, 0, 0, 4, 0, 0, 0] }, 'answers[3]'],
    ['a fractional answer', { instrument: 'PHQ-9', answers: [0, 0, 0, 0, 0, 0, 0, 0.5, 0] }, 'answers[7]'],
    ['a string answer', { instrument: 'GAD-7', answers: ['1', 0, 0, 0, 0, 0, 0] }, 'answers[0]'],
    ['a BAM without item 16', { instrument: 'BAM', answers: { ...bam(1), 16: undefined } }, 'answers.16'],
    ['an unknown instrument', { instrument: 'AUDIT', answers: [0] }, 'instrument'],
    ['missing answers', { instrument: 'PHQ-9' }, 'answers'],
    ['a future administration time', { instrument: 'GAD-7', answers: gad7(1), administeredAt: '2099-01-01T10:00:00Z' }, 'administeredAt'],
  ])('refuses %s with problem+json and writes nothing', async (_, body, path) => {
    const before = await eventCount();
    const res = await post('/v1/measures', { episodeId: episode.episodeId, ...body });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await eventCount()).toBe(before);
  });

  it('answers 404 for an episode outcomes never heard of, and for another tenant\'s episode', async () => {
    const unknown = await post('/v1/measures', { episodeId: randomUUID(), instrument: 'GAD-7', answers: gad7(3) });
    expect(unknown.status).toBe(404);
    const other = await kit.token(OTHER, ['clinician']);
    expect((await post('/v1/measures', { episodeId: episode.episodeId, instrument: 'GAD-7', answers: gad7(3) }, other)).status).toBe(404);
    expect((await kit.app.request('GET', `/v1/episodes/${episode.episodeId}/measures`, { token: other })).status).toBe(404);
  });

  it('lets nurses and psychiatrists record, not analysts or front desk; analysts cannot read patient measures', async () => {
    const body = { episodeId: episode.episodeId, instrument: 'GAD-7', answers: gad7(2) };
    for (const role of ['nurse', 'psychiatrist']) expect((await post('/v1/measures', body, await kit.token(TENANT, [role]))).status).toBe(201);
    for (const role of ['analyst', 'front-desk']) expect((await post('/v1/measures', body, await kit.token(TENANT, [role]))).status).toBe(403);
    expect((await kit.app.request('GET', `/v1/episodes/${episode.episodeId}/measures`, { token: await kit.token(TENANT, ['analyst']) })).status).toBe(403);
    expect((await kit.app.request('POST', '/v1/measures', { body })).status).toBe(401);
  });

  it('replays the first answer for a repeated Idempotency-Key', async () => {
    const body = { episodeId: episode.episodeId, instrument: 'GAD-7', answers: gad7(4) };
    const first = await post('/v1/measures', body, clinician, { 'idempotency-key': 'measure-key-1' });
    const again = await post('/v1/measures', body, clinician, { 'idempotency-key': 'measure-key-1' });
    expect(again.body.measureId).toBe(first.body.measureId);
  });

  it('records a drug screen, one result per analyte, and publishes DrugScreenResulted', async () => {
    const results = [{ analyte: 'fentanyl', result: 'negative' }, { analyte: 'thc', result: 'positive' }];
    const res = await post('/v1/drug-screens', { episodeId: episode.episodeId, collectedOn: '2025-03-12', results });
    expect(res.status).toBe(201);
    const messages = await kit.readTopic(TOPICS.outcomes, (m) => m.some((x) => String(x.headers?.ce_type) === 'iop.outcomes.DrugScreenResulted.v1'));
    const screen = JSON.parse(messages.find((x) => String(x.headers?.ce_type) === 'iop.outcomes.DrugScreenResulted.v1')!.value!.toString());
    expect(screen).toEqual({ screenId: res.body.screenId, episodeId: episode.episodeId, patientId: episode.patientId, collectedOn: '2025-03-12', results });
  });

  it('reads the episode\'s drug screens and abstinence reports back, oldest first, page by page; audited; another clinic gets a 404', async () => {
    const later = await post('/v1/drug-screens', { episodeId: episode.episodeId, collectedOn: '2025-03-19', results: [{ analyte: 'fentanyl', result: 'negative' }] });
    const earlier = await post('/v1/drug-screens', { episodeId: episode.episodeId, collectedOn: '2025-03-11', results: [{ analyte: 'cocaine', result: 'inconclusive' }] });
    const report = await post('/v1/abstinence-reports', { episodeId: episode.episodeId, periodStart: '2025-03-03', periodEnd: '2025-03-09', daysAbstinent: 5 });
    expect([later.status, earlier.status, report.status]).toEqual([201, 201, 201]);

    const first = await kit.app.request('GET', `/v1/episodes/${episode.episodeId}/drug-screens?limit=1`, { token: clinician });
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([{
      screenId: earlier.body.screenId, collectedOn: '2025-03-11', results: [{ analyte: 'cocaine', result: 'inconclusive' }],
      recordedBy: 'clinician-robin', recordedAt: expect.any(String),
    }]);
    const rest = await kit.app.request('GET', `/v1/episodes/${episode.episodeId}/drug-screens?cursor=${first.body.nextCursor}`, { token: clinician });
    expect(rest.body.items.map((s: { collectedOn: string }) => s.collectedOn)).toEqual(['2025-03-12', '2025-03-19']);
    expect(rest.body.nextCursor).toBeNull();
    expect(rest.body.items[1].screenId).toBe(later.body.screenId);

    const reports = await kit.app.request('GET', `/v1/episodes/${episode.episodeId}/abstinence-reports`, { token: clinician });
    expect(reports.status).toBe(200);
    expect(reports.body.items[0]).toEqual({
      reportId: report.body.reportId, periodStart: '2025-03-03', periodEnd: '2025-03-09', daysAbstinent: 5, reportedBy: 'clinician-robin', reportedAt: expect.any(String),
    });

    const audit = await kit.db.query('SELECT resource, action, patient_id FROM audit_log WHERE actor = $1 AND action = $2 AND resource LIKE $3 ORDER BY id',
      ['clinician-robin', 'read', `episode/${episode.episodeId}/%`]);
    expect(audit.rows).toEqual(expect.arrayContaining([
      { resource: `episode/${episode.episodeId}/drug-screens`, action: 'read', patient_id: episode.patientId },
      { resource: `episode/${episode.episodeId}/abstinence-reports`, action: 'read', patient_id: episode.patientId },
    ]));
    const other = await kit.token(OTHER, ['clinician']);
    for (const path of ['drug-screens', 'abstinence-reports']) {
      expect((await kit.app.request('GET', `/v1/episodes/${episode.episodeId}/${path}`, { token: other })).status).toBe(404);
      expect((await kit.app.request('GET', `/v1/episodes/${randomUUID()}/${path}`, { token: clinician })).status).toBe(404);
    }
  });

  it.each([
    ['two results for one analyte', { collectedOn: '2025-03-12', results: [{ analyte: 'thc', result: 'positive' }, { analyte: 'thc', result: 'negative' }] }],
    ['an analyte that is not a code', { collectedOn: '2025-03-12', results: [{ analyte: 'THC level high', result: 'positive' }] }],
    ['an unknown result', { collectedOn: '2025-03-12', results: [{ analyte: 'thc', result: 'maybe' }] }],
    ['no results', { collectedOn: '2025-03-12', results: [] }],
    ['an impossible date', { collectedOn: '2025-02-30', results: [{ analyte: 'thc', result: 'negative' }] }],
  ])('refuses a drug screen with %s', async (_, body) => {
    const before = await eventCount();
    expect((await post('/v1/drug-screens', { episodeId: episode.episodeId, ...body })).status).toBe(400);
    expect(await eventCount()).toBe(before);
  });

  it('records self-reported abstinence and refuses more days than the period holds', async () => {
    const ok = await post('/v1/abstinence-reports', { episodeId: episode.episodeId, periodStart: '2025-03-10', periodEnd: '2025-03-16', daysAbstinent: 7 });
    expect(ok.status).toBe(201);
    expect(ok.body.reportId).toEqual(expect.any(String));
    const tooMany = await post('/v1/abstinence-reports', { episodeId: episode.episodeId, periodStart: '2025-03-10', periodEnd: '2025-03-16', daysAbstinent: 8 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ path: 'daysAbstinent' })]);
  });
});
