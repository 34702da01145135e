/** Diagnoses on an episode through HTTP, against real PostgreSQL and Kafka: the code table, one primary, resolve and remove, roles, tenants, audit, the public events. */
import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { fromKafkaMessage, TOPICS, validateEvent } from '@iop/domain-events';
import { testKafka, uniqueId } from '@iop/testing';
import { eventually, type Harness, startAdmissions } from '../testing/admissions-test-app';

describe('diagnoses', () => {
  let h: Harness;
  beforeAll(async () => { h = await startAdmissions('diagnoses'); });
  afterAll(async () => h?.close());

  const record = (episodeId: string, body: Record<string, unknown>, role = 'clinician') =>
    h.call('POST', `/v1/episodes/${episodeId}/diagnoses`, role, { system: 'ICD-10-CM', ...body });
  const list = async (episodeId: string, role = 'nurse') => (await h.call('GET', `/v1/episodes/${episodeId}/diagnoses`, role)).body.items;

  it('records a primary substance-use disorder with its DSM-5 severity and a co-occurring condition, and lists them', async () => {
    const { episodeId } = await h.admitted();
    const primary = await record(episodeId, { code: 'F10.20', kind: 'primary', severity: 'severe' }, 'psychiatrist');
    expect(primary.status).toBe(201);
    expect(primary.headers.etag).toMatch(/^"\d+"$/);
    expect(primary.body).toMatchObject({
      episodeId, diagnosisId: expect.any(String), code: 'F10.20', system: 'ICD-10-CM', kind: 'primary', category: 'substance-use', substance: 'alcohol',
      severity: 'severe', inRemission: false, status: 'active', display: 'Alcohol dependence, uncomplicated', recordedBy: 'psychiatrist-user',
    });
    const mild = await record(episodeId, { code: 'F12.10', kind: 'secondary' });
    expect(mild.body).toMatchObject({ substance: 'cannabis', severity: 'mild' });
    const ptsd = await record(episodeId, { code: 'F43.10', kind: 'secondary' });
    expect(ptsd.body).toMatchObject({ category: 'trauma-stressor' });
    expect(ptsd.body).not.toHaveProperty('severity');
    expect((await list(episodeId)).map((d: { code: string; kind: string }) => [d.code, d.kind])).toEqual([['F10.20', 'primary'], ['F12.10', 'secondary'], ['F43.10', 'secondary']]);
  });

  it('refuses an unknown code, another system, a severity the code contradicts, with problem+json and nothing written', async () => {
    const { episodeId } = await h.admitted();
    const before = await h.eventCount(`episode-${episodeId}`);
    const unknown = await record(episodeId, { code: 'F10.239', kind: 'primary' });
    expect(unknown.status).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.body).toMatchObject({ type: expect.stringMatching(/\/unknown-diagnosis-code$/), errors: [expect.objectContaining({ path: 'code' })] });
    for (const body of [
      { code: 'not a code', kind: 'primary' }, { code: 'F10.20', kind: 'primary', system: 'SNOMED-CT' }, { code: 'F10.20', kind: 'main' },
      { code: 'F10.20', kind: 'primary', severity: 'mild' }, { code: 'F41.1', kind: 'secondary', severity: 'severe' }, { code: 'F10.20', kind: 'primary', note: 'free text' },
    ]) {
      expect([JSON.stringify(body), (await record(episodeId, body)).status]).toEqual([JSON.stringify(body), 400]);
    }
    expect(await h.eventCount(`episode-${episodeId}`)).toBe(before);
  });

  it('keeps one active primary diagnosis per episode; resolving makes room and keeps it on record; removal takes it off', async () => {
    const { episodeId } = await h.admitted();
    const first = await record(episodeId, { code: 'F11.20', kind: 'primary' });
    const second = await record(episodeId, { code: 'F10.20', kind: 'primary' });
    expect(second.status).toBe(409);
    expect(second.body.type).toMatch(/\/primary-diagnosis-exists$/);
    expect((await record(episodeId, { code: 'F11.20', kind: 'secondary' })).status).toBe(409);

    const resolved = await h.call('POST', `/v1/episodes/${episodeId}/diagnoses/${first.body.diagnosisId}/resolve`, 'supervisor');
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ diagnosisId: first.body.diagnosisId, status: 'resolved', resolvedAt: expect.any(String) });
    expect((await h.call('POST', `/v1/episodes/${episodeId}/diagnoses/${first.body.diagnosisId}/resolve`, 'supervisor')).status).toBe(409);
    const replacement = await record(episodeId, { code: 'F11.21', kind: 'primary' });
    expect(replacement.body).toMatchObject({ inRemission: true, severity: 'moderate-or-severe' });

    expect((await h.call('DELETE', `/v1/episodes/${episodeId}/diagnoses/${replacement.body.diagnosisId}`, 'clinician')).status).toBe(204);
    expect((await h.call('DELETE', `/v1/episodes/${episodeId}/diagnoses/${replacement.body.diagnosisId}`, 'clinician')).status).toBe(404);
    expect((await list(episodeId)).map((d: { code: string; status: string }) => [d.code, d.status])).toEqual([['F11.20', 'resolved']]);
    expect((await h.call('POST', `/v1/episodes/${episodeId}/diagnoses/${randomUUID()}/resolve`, 'clinician')).status).toBe(404);
  });

  it('takes If-Match: a diagnosis recorded on an episode changed since it was read is a 409', async () => {
    const { episodeId } = await h.admitted();
    const token = await h.as('clinician');
    const etag = (await h.t.request('GET', `/v1/episodes/${episodeId}/diagnoses`, { token })).headers.etag as string;
    await record(episodeId, { code: 'F41.1', kind: 'secondary' });
    const stale = await h.t.request('POST', `/v1/episodes/${episodeId}/diagnoses`, { token, body: { code: 'F10.20', system: 'ICD-10-CM', kind: 'primary' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(409);
  });

  it('is written by clinicians, supervisors and psychiatrists, read by the clinical roles; others 403; another tenant 404', async () => {
    const { episodeId } = await h.admitted();
    for (const role of ['nurse', 'intake', 'admin', 'front-desk', 'analyst']) expect([role, (await record(episodeId, { code: 'F41.1', kind: 'secondary' }, role)).status]).toEqual([role, 403]);
    for (const role of ['intake', 'admin', 'front-desk', 'analyst']) {
      expect([role, (await h.call('GET', `/v1/episodes/${episodeId}/diagnoses`, role)).status]).toEqual([role, 403]);
    }
    const other = `${h.tenant}-other`;
    expect((await h.call('GET', `/v1/episodes/${episodeId}/diagnoses`, 'clinician', undefined, other)).status).toBe(404);
    expect((await h.call('POST', `/v1/episodes/${episodeId}/diagnoses`, 'clinician', { code: 'F41.1', system: 'ICD-10-CM', kind: 'secondary' }, other)).status).toBe(404);
    expect((await h.call('GET', `/v1/episodes/${randomUUID()}/diagnoses`, 'clinician')).status).toBe(404);
  });

  it('audits each change and each read against the patient', async () => {
    const { episodeId, patientId } = await h.admitted();
    await record(episodeId, { code: 'F14.20', kind: 'primary' });
    await list(episodeId);
    const { rows } = await h.pool.query('SELECT action, resource FROM audit_log WHERE patient_id = $1 AND resource LIKE $2 ORDER BY id', [patientId, `episode/${episodeId}%`]);
    expect(rows).toEqual(expect.arrayContaining([{ action: 'update', resource: `episode/${episodeId}` }, { action: 'read', resource: `episode/${episodeId}/diagnoses` }]));
  });

  it('publishes DiagnosisRecorded, DiagnosisResolved and DiagnosisRemoved on iop.admissions.v1, keyed by the episode, codes only', async () => {
    const { episodeId } = await h.admitted();
    const a = await record(episodeId, { code: 'F11.20', kind: 'primary', severity: 'moderate' });
    const b = await record(episodeId, { code: 'F33.1', kind: 'secondary' });
    await h.call('POST', `/v1/episodes/${episodeId}/diagnoses/${a.body.diagnosisId}/resolve`, 'clinician');
    await h.call('DELETE', `/v1/episodes/${episodeId}/diagnoses/${b.body.diagnosisId}`, 'clinician');
    const seen: KafkaMessage[] = [];
    const consumer = testKafka().consumer({ groupId: uniqueId('diagnoses-reader'), maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: h.prefix + TOPICS.admissions, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
    try {
      const mine = () => seen.map((m) => fromKafkaMessage(m)).filter((r) => r.ok && r.key === episodeId && r.event.type.includes('.Diagnosis'));
      const events = await eventually(async () => (mine().length === 4 ? mine() : undefined));
      const published = events.map((r) => (r.ok ? r.event : undefined)!);
      expect(published.map((e) => e.type)).toEqual(['Recorded', 'Recorded', 'Resolved', 'Removed'].map((n) => `iop.admissions.Diagnosis${n}.v1`));
      for (const e of published) expect(validateEvent(e.type, e.data)).toEqual({ ok: true });
      expect(published[0].data).toEqual({
        diagnosisId: a.body.diagnosisId, episodeId, patientId: expect.any(String), code: 'F11.20', system: 'ICD-10-CM', kind: 'primary', category: 'substance-use',
        substance: 'opioid', severity: 'moderate', inRemission: false, recordedAt: expect.any(String),
      });
      expect(JSON.stringify(published)).not.toMatch(/clinician-user|recordedBy|display/);
    } finally {
      await consumer.disconnect();
    }
  });
});
