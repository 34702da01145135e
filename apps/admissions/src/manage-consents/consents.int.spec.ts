/** The 42 CFR Part 2 consent ledger and the accounting of disclosures through HTTP. */
import { randomUUID } from 'node:crypto';
import { fhirDisclosureRecordedV1 } from '@iop/domain-events';
import { DISCLOSURE_RECORDED } from '../consumers/webhooks.consumer';
import { evidenceFeed } from '../testing/evidence-feed';
import { type Harness, startAdmissions } from '../testing/admissions-test-app';

describe('consents and disclosures', () => {
  let h: Harness;
  let patientId: string;
  beforeAll(async () => {
    h = await startAdmissions('consents');
    ({ patientId } = await h.refer());
  });
  afterAll(async () => h?.close());

  const grant = (over: Record<string, unknown> = {}, pid = patientId) =>
    h.call('POST', `/v1/patients/${pid}/consents`, 'intake', { recipient: 'payer:acme-health', purpose: 'payment', information: ['attendance', 'discharge', 'measures'], ...over });
  const consents = async () => (await h.call('GET', `/v1/patients/${patientId}/consents`, 'clinician')).body.items;

  it('grants a consent and revokes it in part, then in full, keeping every version', async () => {
    const res = await grant({ expiresAt: '2099-01-01T00:00:00Z' });
    expect(res.status).toBe(201);
    const { consentId } = res.body;
    const partial = await h.call('POST', `/v1/consents/${consentId}/revoke`, 'intake', { information: ['attendance'] });
    expect(partial.body).toEqual({ consentId, scope: 'partial', status: 'active', information: ['discharge', 'measures'] });
    expect((await h.call('POST', `/v1/consents/${consentId}/revoke`, 'clinician', { information: ['attendance'] })).status).toBe(400);
    expect((await h.call('POST', `/v1/consents/${consentId}/revoke`, 'clinician')).body).toMatchObject({ scope: 'full', status: 'revoked' });
    expect((await h.call('POST', `/v1/consents/${consentId}/revoke`, 'clinician')).status).toBe(409);
    const [consent] = (await consents()).filter((c: { consentId: string }) => c.consentId === consentId);
    expect(consent).toMatchObject({ status: 'revoked', information: [], recipient: 'payer:acme-health', expiresAt: '2099-01-01T00:00:00.000Z', version: 3 });
    expect(consent.versions.map((v: { change: string; scope: string | null; information: string[] }) => [v.change, v.scope, v.information])).toEqual([
      ['granted', null, ['attendance', 'discharge', 'measures']],
      ['revoked', 'partial', ['discharge', 'measures']],
      ['revoked', 'full', []],
    ]);
  });

  it.each([
    ['a recipient that is a name', { recipient: 'Dr. Jane Smith' }, 'recipient'],
    ['a purpose in words', { purpose: 'so they can pay' }, 'purpose'],
    ['no categories', { information: [] }, 'information'],
    ['a repeated category', { information: ['attendance', 'attendance'] }, 'information'],
    ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
  ])('refuses %s with a 400 that appends nothing', async (_, over, path) => {
    const before = (await h.pool.query("SELECT count(*)::int AS n FROM events WHERE stream_type = 'consent'")).rows[0].n;
    const res = await grant(over);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect((await h.pool.query("SELECT count(*)::int AS n FROM events WHERE stream_type = 'consent'")).rows[0].n).toBe(before);
  });

  it('is a 404 for an unknown patient or consent', async () => {
    expect((await grant({}, randomUUID())).status).toBe(404);
    expect((await h.call('POST', `/v1/consents/${randomUUID()}/revoke`, 'intake')).status).toBe(404);
    expect((await h.call('GET', `/v1/patients/${randomUUID()}/consents`, 'intake')).status).toBe(404);
  });

  it("accounts for the last three years' disclosures from the webhooks service's log, newest first", async () => {
    const feed = evidenceFeed(h.t.app, h.pool, h.tenant);
    const disclose = (disclosedAt: string) => feed({ type: DISCLOSURE_RECORDED } as never, {
      disclosureId: randomUUID(), patientId, recipient: 'payer:acme-health', purpose: 'payment', eventType: 'iop.admissions.PatientDischarged.v1',
      eventId: randomUUID(), disclosedAt,
    });
    const recent = new Date(Date.now() - 86_400_000).toISOString();
    const older = new Date(Date.now() - 400 * 86_400_000).toISOString();
    await disclose(older);
    await disclose(recent);
    await disclose(new Date(Date.now() - 4 * 365 * 86_400_000).toISOString());
    const page1 = await h.call('GET', `/v1/patients/${patientId}/disclosures?limit=1`, 'admin');
    expect(page1.status).toBe(200);
    expect(page1.body.items).toEqual([expect.objectContaining({ recipient: 'payer:acme-health', purpose: 'payment', disclosedAt: recent })]);
    const page2 = await h.call('GET', `/v1/patients/${patientId}/disclosures?limit=5&cursor=${page1.body.nextCursor}`, 'admin');
    expect(page2.body).toEqual({ items: [expect.objectContaining({ disclosedAt: older })], nextCursor: null });
    const audit = await h.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE patient_id = $1 AND resource = $2", [patientId, `patient/${patientId}/disclosures`]);
    expect(audit.rows[0].n).toBe(2);
    expect((await h.call('GET', `/v1/patients/${patientId}/disclosures`, 'clinician')).status).toBe(403);
  });

  it('accounts for the FHIR facade\'s disclosures beside webhooks\', with the interaction and the resources given out', async () => {
    const feed = evidenceFeed(h.t.app, h.pool, h.tenant);
    const { patientId: other } = await h.refer();
    const disclosureId = randomUUID();
    await feed(fhirDisclosureRecordedV1, {
      disclosureId, patientId: other, recipient: 'payer:acme-health', purpose: 'payment', consentId: randomUUID(), interaction: '$everything',
      resources: [`Patient/${other}`, `EpisodeOfCare/${randomUUID()}`], disclosedAt: new Date().toISOString(),
    });
    const page = await h.call('GET', `/v1/patients/${other}/disclosures`, 'admin');
    expect(page.body.items).toEqual([expect.objectContaining({
      disclosureId, channel: 'fhir', interaction: '$everything', eventType: null, eventId: null, resources: [`Patient/${other}`, expect.stringMatching(/^EpisodeOfCare\//)],
    })]);
  });
});
