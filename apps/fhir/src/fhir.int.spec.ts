/**
 * The FHIR facade end to end from the bus: public events as admissions, scheduling and outcomes publish them go through
 * Kafka into the real service, whose REST answers are then checked for their FHIR semantics and validated, every
 * resource, by HL7's validator (tools/fhir-validator: R4 core definitions, offline; see docs/FHIR.md for what that
 * leaves unchecked).
 */
import { randomUUID } from 'node:crypto';
import {
  attendanceRecordedV1, consentGrantedV1, consentRevokedV1, drugScreenResultedV1, levelOfCareChangedV1, measureRecordedV1, patientAdmittedV1,
  patientDischargedV1, patientReferredV1, type PublicEvent, sessionScheduledV1,
} from '@iop/domain-events';
import { deterministicId } from '@iop/event-store';
import { attendanceKey, PART2_SECURITY } from './resources/fhir-resources';
import { buildValidator, errorsOf, validate } from './testing/fhir-validator';
import { event, type FhirKit, startFhirKit, tokenWithClaims } from './testing/fhir.test-kit';

jest.setTimeout(600_000);

const TENANT = 'fhir-clinic';
const OTHER = 'fhir-other-clinic';
const patientId = randomUUID();
const episodeId = randomUUID();
const referralId = randomUUID();
const locationId = randomUUID();
const [attended, missed] = [randomUUID(), randomUUID()];
const [phq9, gad7, bam] = [randomUUID(), randomUUID(), randomUUID()];
const screenId = randomUUID();
const [kept, revoked] = [randomUUID(), randomUUID()];
const stranger = randomUUID();

function journey(): PublicEvent[] {
  const common = { episodeId, patientId };
  return [
    event(patientReferredV1, TENANT, { referralId, patientId, source: 'residential', referredAt: '2026-03-02T09:15:00-05:00' }),
    event(patientAdmittedV1, TENANT, {
      ...common, referralId, displayName: 'Test P.', ageBand: '30-34', locationId, track: 'evening', levelOfCare: '2.1', startDate: '2026-03-09',
      plannedEndDate: '2026-05-04', referralSource: 'residential', referredAt: '2026-03-02T09:15:00-05:00', admittedAt: '2026-03-06T14:02:11-05:00',
      recommendedLevel: '2.1', levelOverridden: false,
    }),
    event(consentGrantedV1, TENANT, {
      consentId: kept, patientId, recipient: 'payer:acme-health', purpose: 'payment', information: ['attendance', 'discharge'],
      expiresAt: '2027-03-06T00:00:00-05:00', grantedAt: '2026-03-06T14:30:00-05:00',
    }),
    event(consentGrantedV1, TENANT, { consentId: revoked, patientId, recipient: 'court:county', purpose: 'legal', information: ['attendance'], grantedAt: '2026-03-06T14:40:00-05:00' }),
    event(consentRevokedV1, TENANT, { consentId: revoked, patientId, scope: 'full', revokedAt: '2026-03-20T10:00:00-04:00' }),
    ...[attended, missed].map((sessionId, i) => event(sessionScheduledV1, TENANT, {
      sessionId, locationId, track: 'evening', type: 'group-therapy', startsAt: `2026-03-1${i}T18:00:00-04:00`, endsAt: `2026-03-1${i}T19:30:00-04:00`,
      facilitatorRole: 'counselor', capacity: 12,
    })),
    event(attendanceRecordedV1, TENANT, {
      sessionId: attended, ...common, locationId, sessionType: 'group-therapy', status: 'late', minutesAttended: 75,
      sessionStartsAt: '2026-03-10T18:00:00-04:00', recordedAt: '2026-03-10T19:35:00-04:00',
    }),
    event(attendanceRecordedV1, TENANT, {
      sessionId: missed, ...common, locationId, sessionType: 'group-therapy', status: 'absent-unexcused', minutesAttended: 0,
      sessionStartsAt: '2026-03-11T18:00:00-04:00', recordedAt: '2026-03-11T19:35:00-04:00',
    }),
    event(measureRecordedV1, TENANT, {
      measureId: phq9, ...common, instrument: 'PHQ-9', scores: { total: 11 }, band: 'moderate', safetyAlert: false, scoringVersion: 'phq9-2001',
      administeredAt: '2026-03-10T18:10:00-04:00',
    }),
    event(measureRecordedV1, TENANT, {
      measureId: gad7, ...common, instrument: 'GAD-7', scores: { total: 6 }, band: 'mild', safetyAlert: false, scoringVersion: 'gad7-2006',
      administeredAt: '2026-03-10T18:12:00-04:00',
    }),
    event(measureRecordedV1, TENANT, {
      measureId: bam, ...common, instrument: 'BAM', scores: { use: 2, risk: 10, protective: 14 }, safetyAlert: false, scoringVersion: 'bam-2013',
      administeredAt: '2026-03-10T18:15:00-04:00',
    }),
    event(drugScreenResultedV1, TENANT, {
      screenId, ...common, collectedOn: '2026-03-12', results: [{ analyte: 'fentanyl', result: 'negative' }, { analyte: 'thc', result: 'positive' }],
    }),
    event(levelOfCareChangedV1, TENANT, { ...common, fromLevel: '2.1', toLevel: '2.5', changedAt: '2026-03-16T10:00:00-04:00' }),
    event(patientDischargedV1, TENANT, {
      ...common, locationId, track: 'evening', reason: 'completed', startDate: '2026-03-09', dischargedAt: '2026-05-01T20:30:00-04:00', joinAlumni: false,
    }),
    event(patientReferredV1, OTHER, { referralId: randomUUID(), patientId: stranger, source: 'self', referredAt: '2026-03-02T09:15:00-05:00' }),
  ];
}

describe('the FHIR R4 facade', () => {
  let kit: FhirKit;
  let clinician: string;
  let validatorDir: string;
  const get = (url: string, token = clinician) => kit.app.request('GET', url, { token });

  beforeAll(async () => {
    validatorDir = buildValidator();
    kit = await startFhirKit();
    clinician = await kit.token(TENANT, ['clinician']);
    const events = journey();
    await kit.publish(events);
    await kit.consumed(events);
  });
  afterAll(() => kit?.close());

  it('serves the patient\'s record as FHIR resources, each labelled 42 CFR Part 2 and restricted', async () => {
    const res = await get(`/fhir/Patient/${patientId}/$everything`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(res.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    const resources = res.body.entry.map((e: { resource: { resourceType: string; id: string } }) => e.resource);
    const count = (type: string) => resources.filter((r: { resourceType: string }) => r.resourceType === type).length;
    // BAM has no LOINC total: two measures, two analytes; one attended session, two appointments; the other tenant's patient absent.
    expect({ Patient: count('Patient'), EpisodeOfCare: count('EpisodeOfCare'), Encounter: count('Encounter'), Appointment: count('Appointment'), Observation: count('Observation'), Consent: count('Consent') })
      .toEqual({ Patient: 1, EpisodeOfCare: 1, Encounter: 1, Appointment: 2, Observation: 4, Consent: 2 });
    for (const r of resources) expect(r.meta.security).toEqual(PART2_SECURITY.map((c) => ({ ...c })));
    expect(resources[0]).toMatchObject({ resourceType: 'Patient', id: patientId, name: [{ text: 'Test P.' }] });
  });

  it('keeps the episode\'s status, level and period', async () => {
    const res = await get(`/fhir/EpisodeOfCare/${episodeId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'finished', period: { start: '2026-03-09', end: '2026-05-01T20:30:00-04:00' }, patient: { reference: `Patient/${patientId}` },
      type: [{ coding: [{ code: '2.5' }] }], statusHistory: [{ status: 'active', period: { start: '2026-03-09', end: '2026-05-01T20:30:00-04:00' } }],
      meta: { versionId: '3' },
    });
  });

  it('codes PHQ-9 and GAD-7 totals with LOINC, drug screens per analyte', async () => {
    const phq = await get(`/fhir/Observation/${phq9}`);
    expect(phq.body).toMatchObject({ status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] }, valueInteger: 11 });
    expect((await get(`/fhir/Observation/${gad7}`)).body.code.coding[0].code).toBe('70274-6');
    const thc = await get(`/fhir/Observation/${deterministicId(`${screenId}:thc`)}`);
    expect(thc.body.valueCodeableConcept.coding[0]).toMatchObject({ system: 'http://snomed.info/sct', code: '10828004' });
  });

  it('records attendance as a fulfilled appointment with its encounter, and an absence as a no-show', async () => {
    const seen = deterministicId(attendanceKey({ sessionId: attended, episodeId }));
    const gone = deterministicId(attendanceKey({ sessionId: missed, episodeId }));
    expect((await get(`/fhir/Appointment/${seen}`)).body).toMatchObject({ status: 'fulfilled', start: '2026-03-10T18:00:00-04:00', end: '2026-03-10T19:30:00-04:00' });
    expect((await get(`/fhir/Encounter/${seen}`)).body).toMatchObject({ status: 'finished', length: { value: 75 }, episodeOfCare: [{ reference: `EpisodeOfCare/${episodeId}` }] });
    expect((await get(`/fhir/Appointment/${gone}`)).body.status).toBe('noshow');
    expect((await get(`/fhir/Encounter/${gone}`)).status).toBe(404);
  });

  it('searches by patient, status and date, with paging links', async () => {
    const active = await get(`/fhir/Consent?patient=Patient/${patientId}&status=active`);
    expect(active.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([kept]);
    const march10 = await get(`/fhir/Observation?patient=${patientId}&date=2026-03-10`);
    expect(march10.body.total).toBe(2);
    const after = await get(`/fhir/Observation?patient=${patientId}&date=ge2026-03-11`);
    expect(after.body.total).toBe(2);
    const page1 = await get(`/fhir/Observation?patient=${patientId}&_count=3`);
    expect(page1.body.total).toBe(4);
    expect(page1.body.entry).toHaveLength(3);
    const next = page1.body.link.find((l: { relation: string }) => l.relation === 'next').url as string;
    const page2 = await get(next.slice(next.indexOf('/fhir/')));
    expect(page2.body.entry).toHaveLength(1);
    expect(page2.body.link.map((l: { relation: string }) => l.relation)).toEqual(['self', 'previous']);
  });

  it('answers every error with an OperationOutcome', async () => {
    const cases: [string, string | undefined, number][] = [
      [`/fhir/Patient/${stranger}`, clinician, 404], // another tenant's
      ['/fhir/Medication/x', clinician, 404],
      [`/fhir/Observation?subject=${patientId}`, clinician, 400],
      [`/fhir/Observation?date=yesterday`, clinician, 400],
      [`/fhir/Patient/${patientId}`, undefined, 401],
      [`/fhir/Patient/${patientId}`, await kit.token(TENANT, ['front-desk']), 403],
    ];
    for (const [url, token, status] of cases) {
      const res = await kit.app.request('GET', url, { token });
      expect({ url, status: res.status, type: res.headers['content-type'] }).toEqual({ url, status, type: expect.stringMatching(/^application\/fhir\+json/) });
      expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error' }] });
    }
  });

  it('narrows a token with SMART scopes to its types, and a patient/ scope to its patient', async () => {
    const observations = await tokenWithClaims(TENANT, ['clinician'], { scope: 'openid user/Observation.read' });
    expect((await get(`/fhir/Observation/${phq9}`, observations)).status).toBe(200);
    const consent = await get(`/fhir/Consent/${kept}`, observations);
    expect([consent.status, consent.body.resourceType]).toEqual([403, 'OperationOutcome']);
    const everything = await get(`/fhir/Patient/${patientId}/$everything`, await tokenWithClaims(TENANT, ['clinician'], { scope: 'user/Patient.read user/Observation.read' }));
    expect(new Set(everything.body.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType))).toEqual(new Set(['Patient', 'Observation']));
    const other = randomUUID();
    const ownPatient = await tokenWithClaims(TENANT, ['clinician'], { scope: 'patient/*.read', patient: other });
    expect((await get(`/fhir/Observation/${phq9}`, ownPatient)).status).toBe(403);
    expect((await get(`/fhir/Observation?patient=${patientId}`, ownPatient)).body.total).toBe(0);
    // Scopes narrow the roles, never widen them.
    expect((await get(`/fhir/Observation/${phq9}`, await tokenWithClaims(TENANT, ['front-desk'], { scope: 'system/*.read' }))).status).toBe(403);
  });

  it('audits every read with the patient it concerned', async () => {
    await get(`/fhir/Consent/${kept}`);
    const { rows } = await kit.db.query(`SELECT actor_roles, resource FROM audit_log WHERE patient_id = $1 AND resource = $2`, [patientId, `fhir/Consent/${kept}`]);
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });

  it('publishes a CapabilityStatement without a token', async () => {
    const res = await kit.app.request('GET', '/fhir/metadata');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance' });
  });

  it('produces only resources that HL7\'s validator finds no error in', async () => {
    const everything = await get(`/fhir/Patient/${patientId}/$everything`);
    const resources = everything.body.entry.map((e: { resource: { resourceType: string; id: string } }) => e.resource);
    const search = (await get(`/fhir/Observation?patient=${patientId}&_count=3`)).body;
    const error = (await get('/fhir/Medication/x')).body;
    const metadata = (await kit.app.request('GET', '/fhir/metadata')).body;
    // A control in the same run (the JVM's start is most of its time): the validator must find this one's errors.
    const broken = { resourceType: 'Observation', id: 'control', status: 'done', subject: { reference: 'Patient/x' } };
    const outcomes = validate(validatorDir, [...resources, { ...search, id: 'search' }, { ...error, id: 'error' }, { ...metadata, id: 'metadata' }, broken]);
    expect(outcomes).toHaveLength(resources.length + 4);
    if (process.env.FHIR_PRINT_ISSUES) process.stdout.write(`${outcomes.flatMap((o) => (o.outcome.issue ?? []).map((i) => `${o.file} ${i.severity} ${i.diagnostics}`)).join('\n')}\n`);
    const [control, ours] = [outcomes.filter((o) => o.file === 'Observation-control.json'), outcomes.filter((o) => o.file !== 'Observation-control.json')];
    expect(errorsOf(ours)).toEqual([]);
    expect(errorsOf(control).join('\n')).toMatch(/Observation\.code/);
  });
});
