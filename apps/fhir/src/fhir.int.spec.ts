/**
 * The FHIR facade end to end from the bus: public events as admissions, scheduling and outcomes publish them go through
 * Kafka into the real service, whose REST answers are then checked for their FHIR semantics and validated, every
 * resource, by HL7's validator (tools/fhir-validator: R4 core definitions, offline; see docs/FHIR.md for what that
 * leaves unchecked).
 */
import { randomUUID } from 'node:crypto';
import {
  attendanceRecordedV1, careTeamChangedV1, consentGrantedV1, consentRevokedV1, diagnosisRecordedV1, diagnosisRemovedV1, diagnosisResolvedV1, drugScreenResultedV1,
  goalStatusChangedV1, levelOfCareChangedV1, locationConfiguredV1, measureRecordedV1, patientAdmittedV1, treatmentPlanSignedV1,
  patientDischargedV1, patientReferredV1, type PublicEvent, REDISCLOSURE_NOTICE, sessionScheduledV1,
} from '@iop/domain-events';
import { deterministicId } from '@iop/event-store';
import { NO_REDISCLOSURE, REDISCLOSURE_NOTICE_URL } from './disclosure/recipient-access';
import { attendanceKey, organizationId, PART2_SECURITY, practitionerId } from './resources/fhir-resources';
import { fhirPseudonymizer } from './export/deidentify';
import { buildValidator, errorsOf, validate } from './testing/fhir-validator';
import { event, type FhirKit, startFhirKit, tokenWithClaims } from './testing/fhir.test-kit';

jest.setTimeout(600_000);

const TENANT = 'fhir-clinic';
const OTHER = 'fhir-other-clinic';
const patientId = randomUUID();
const episodeId = randomUUID();
const referralId = randomUUID();
const locationId = randomUUID();
const [attended, missed, corrected] = [randomUUID(), randomUUID(), randomUUID()];
const [phq9, gad7, bam] = [randomUUID(), randomUUID(), randomUUID()];
const screenId = randomUUID();
const [kept, revoked] = [randomUUID(), randomUUID()];
const stranger = randomUUID();
const [strangerEpisode, otherLocation] = [randomUUID(), randomUUID()];
const [primary, secondary, planId, goalId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

function journey(): PublicEvent[] {
  const common = { episodeId, patientId };
  return [
    event(patientReferredV1, TENANT, { referralId, patientId, source: 'residential', referredAt: '2026-03-02T09:15:00-05:00' }),
    event(patientAdmittedV1, TENANT, {
      ...common, referralId, displayName: 'Test P.', ageBand: '30-34', locationId, track: 'evening', levelOfCare: '2.1', startDate: '2026-03-09',
      plannedEndDate: '2026-05-04', referralSource: 'residential', referredAt: '2026-03-02T09:15:00-05:00', admittedAt: '2026-03-06T14:02:11-05:00',
      recommendedLevel: '2.1', levelOverridden: false,
    }),
    // The care team (the episode's key, so after the admission): a counselor, a psychiatrist, a nurse who leaves.
    event(careTeamChangedV1, TENANT, { ...common, staffId: 'kim', change: 'assigned', role: 'primary-counselor', changedAt: '2026-03-09T09:00:00-04:00' }),
    event(careTeamChangedV1, TENANT, { ...common, staffId: 'auth0|dr-lee', change: 'assigned', role: 'psychiatrist', changedAt: '2026-03-09T09:05:00-04:00' }),
    event(careTeamChangedV1, TENANT, { ...common, staffId: 'joy@clinic.example', change: 'assigned', role: 'nurse', changedAt: '2026-03-09T09:10:00-04:00' }),
    event(careTeamChangedV1, TENANT, { ...common, staffId: 'joy@clinic.example', change: 'unassigned', changedAt: '2026-04-01T12:00:00-04:00' }),
    event(consentGrantedV1, TENANT, {
      consentId: kept, patientId, recipient: 'payer:acme-health', purpose: 'payment', information: ['attendance', 'discharge'],
      expiresAt: '2027-03-06T00:00:00-05:00', grantedAt: '2026-03-06T14:30:00-05:00',
    }),
    event(consentGrantedV1, TENANT, { consentId: revoked, patientId, recipient: 'court:county', purpose: 'legal', information: ['attendance'], grantedAt: '2026-03-06T14:40:00-05:00' }),
    event(consentRevokedV1, TENANT, { consentId: revoked, patientId, scope: 'full', revokedAt: '2026-03-20T10:00:00-04:00' }),
    ...[attended, missed, corrected].map((sessionId, i) => event(sessionScheduledV1, TENANT, {
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
    // Recorded present, then corrected to an excused absence: the Encounter is deleted, its history keeps the deletion.
    ...(['present', 'absent-excused'] as const).map((status, i) => event(attendanceRecordedV1, TENANT, {
      sessionId: corrected, ...common, locationId, sessionType: 'group-therapy', status, minutesAttended: status === 'present' ? 90 : 0,
      sessionStartsAt: '2026-03-12T18:00:00-04:00', recordedAt: `2026-03-12T19:3${i}:00-04:00`,
    })),
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
    event(locationConfiguredV1, TENANT, {
      locationId, name: 'Riverside', timezone: 'America/New_York', configuredAt: '2026-03-01T08:00:00-05:00',
      blocks: [{ track: 'evening', days: ['MON', 'TUE'], start: '18:00', end: '21:00' }],
    }),
    event(diagnosisRecordedV1, TENANT, {
      diagnosisId: primary, ...common, code: 'F10.20', system: 'ICD-10-CM', kind: 'primary', category: 'substance-use', substance: 'alcohol',
      severity: 'severe', inRemission: false, recordedAt: '2026-03-10T19:05:00-04:00',
    }),
    event(diagnosisRecordedV1, TENANT, {
      diagnosisId: secondary, ...common, code: 'F41.1', system: 'ICD-10-CM', kind: 'secondary', category: 'anxiety', inRemission: false, recordedAt: '2026-03-10T19:06:00-04:00',
    }),
    event(diagnosisRemovedV1, TENANT, { diagnosisId: secondary, ...common, reason: 'entered-in-error', removedAt: '2026-03-10T19:20:00-04:00' }),
    event(diagnosisResolvedV1, TENANT, { diagnosisId: primary, ...common, resolvedAt: '2026-04-28T18:30:00-04:00' }),
    event(treatmentPlanSignedV1, TENANT, { planId, ...common, version: 1, goalCount: 3, signedAt: '2026-03-12T19:40:00-04:00' }),
    event(goalStatusChangedV1, TENANT, { planId, goalId, ...common, from: 'in-progress', to: 'achieved', changedAt: '2026-04-21T19:10:00-04:00' }),
    event(patientDischargedV1, TENANT, {
      ...common, locationId, track: 'evening', reason: 'completed', startDate: '2026-03-09', dischargedAt: '2026-05-01T20:30:00-04:00', joinAlumni: false,
    }),
    event(patientReferredV1, OTHER, { referralId: randomUUID(), patientId: stranger, source: 'self', referredAt: '2026-03-02T09:15:00-05:00' }),
    // The other clinic has a site, an episode and a care team with a member of the same subject: none of it is this one's.
    event(locationConfiguredV1, OTHER, {
      locationId: otherLocation, name: 'Elsewhere', timezone: 'America/Chicago', configuredAt: '2026-03-01T08:00:00-06:00',
      blocks: [{ track: 'evening', days: ['MON'], start: '18:00', end: '21:00' }],
    }),
    event(patientAdmittedV1, OTHER, {
      episodeId: strangerEpisode, patientId: stranger, referralId: randomUUID(), displayName: 'Other P.', ageBand: '40-44', locationId: otherLocation, track: 'evening',
      levelOfCare: '2.1', startDate: '2026-03-09', plannedEndDate: '2026-05-04', referralSource: 'self', referredAt: '2026-03-02T09:15:00-05:00',
      admittedAt: '2026-03-06T14:02:11-05:00', recommendedLevel: '2.1', levelOverridden: false,
    }),
    event(careTeamChangedV1, OTHER, {
      episodeId: strangerEpisode, patientId: stranger, staffId: 'kim', change: 'assigned', role: 'primary-counselor', changedAt: '2026-03-09T09:00:00-04:00',
    }),
  ];
}

type Served = { resourceType: string; id: string; meta: { security?: unknown; extension?: unknown } };
type Entry = { resource: Served; search: { mode: 'match' | 'include' } };
/** A $everything Bundle's entries of the patient's own resources, and of those they refer to. */
const matches = (bundle: { entry: Entry[] }) => bundle.entry.filter((e) => e.search.mode === 'match').map((e) => e.resource);
const included = (bundle: { entry: Entry[] }) => bundle.entry.filter((e) => e.search.mode === 'include').map((e) => e.resource);
const keyOf = (r: { resourceType: string; id: string }) => `${r.resourceType}/${r.id}`;

describe('the FHIR R4 facade', () => {
  let kit: FhirKit;
  let clinician: string;
  let validatorDir: string;
  /** Exported resources (de-identified), validated with the rest at the end. */
  const exported: Record<string, unknown>[] = [];
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
    expect(res.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 17 });
    const resources = matches(res.body);
    const count = (type: string) => resources.filter((r: { resourceType: string }) => r.resourceType === type).length;
    // Three measures (the BAM as its subscales), two analytes; one attended session (the corrected one's Encounter deleted),
    // three appointments; the other tenant's patient absent.
    const types = ['Patient', 'EpisodeOfCare', 'Encounter', 'Appointment', 'Observation', 'Consent', 'Condition', 'CarePlan', 'Goal', 'CareTeam'];
    expect(Object.fromEntries(types.map((t) => [t, count(t)])))
      .toEqual({ Patient: 1, EpisodeOfCare: 1, Encounter: 1, Appointment: 3, Observation: 5, Consent: 2, Condition: 1, CarePlan: 1, Goal: 1, CareTeam: 1 });
    expect(resources).toHaveLength(17);
    for (const r of resources) {
      expect(r.meta.security).toEqual([...PART2_SECURITY, NO_REDISCLOSURE].map((c) => ({ ...c })));
      expect(r.meta.extension).toEqual([{ url: REDISCLOSURE_NOTICE_URL, valueString: REDISCLOSURE_NOTICE }]);
    }
    expect(resources[0]).toMatchObject({ resourceType: 'Patient', id: patientId, name: [{ text: 'Test P.' }] });
  });

  it('adds to $everything, once each, the Practitioners, the Organization and the Location the record refers to, none of another clinic', async () => {
    const res = await get(`/fhir/Patient/${patientId}/$everything`);
    const team = ['kim', 'auth0|dr-lee', 'joy@clinic.example'].map((s) => `Practitioner/${practitionerId(TENANT, s)}`);
    // The care team's members (the nurse who left is still a participant), the clinic (the episode's, the team's and
    // the site's manager) and the site of the attended session: after the patient's own, as `include` entries.
    expect(included(res.body).map(keyOf)).toEqual([`Location/${locationId}`, `Organization/${organizationId(TENANT)}`, ...[...team].sort()]);
    expect(res.body.entry.slice(17).map((e: { search: { mode: string } }) => e.search.mode)).toEqual(Array(5).fill('include'));
    expect(new Set(res.body.entry.map((e: { fullUrl: string }) => e.fullUrl)).size).toBe(res.body.entry.length);
    // About no patient: no Part 2 label, no redisclosure notice; served as a read serves them.
    for (const r of included(res.body)) {
      expect(r.meta.security).toBeUndefined();
      expect(r.meta.extension).toBeUndefined();
      expect(r).toEqual((await get(`/fhir/${keyOf(r)}`)).body);
    }
    expect(JSON.stringify(res.body)).not.toMatch(new RegExp([otherLocation, organizationId(OTHER), practitionerId(OTHER, 'kim')].join('|')));
    // The other clinic's are there, for its own readers (its episode refers to its clinic and its counselor).
    const strangers = await get(`/fhir/Patient/${stranger}/$everything`, await kit.token(OTHER, ['clinician']));
    expect(included(strangers.body).map(keyOf)).toEqual([`Organization/${organizationId(OTHER)}`, `Practitioner/${practitionerId(OTHER, 'kim')}`]);
    expect((await get(`/fhir/Patient/${stranger}/$everything`)).status).toBe(404);

    // _count pages the patient's resources as before; only those on the page bring in what they refer to: here the
    // care team's members and the clinic, not the site (the Encounter is not on the page).
    const first = (await get(`/fhir/Patient/${patientId}/$everything?_count=1`)).body;
    expect([matches(first).map(keyOf), included(first)]).toEqual([[`Patient/${patientId}`], []]);
    const six = (await get(`/fhir/Patient/${patientId}/$everything?_count=6`)).body;
    expect(matches(six).map((r) => r.resourceType)).toEqual(['Patient', 'Appointment', 'Appointment', 'Appointment', 'CarePlan', 'CareTeam']);
    expect(included(six).map(keyOf)).toEqual([`Organization/${organizationId(TENANT)}`, ...[...team].sort()]);
  });

  it('keeps the episode\'s status, level and period', async () => {
    const res = await get(`/fhir/EpisodeOfCare/${episodeId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'finished', period: { start: '2026-03-09', end: '2026-05-01T20:30:00-04:00' }, patient: { reference: `Patient/${patientId}` },
      type: [{ coding: [{ code: '2.5' }] }], statusHistory: [{ status: 'active', period: { start: '2026-03-09', end: '2026-05-01T20:30:00-04:00' } }],
      managingOrganization: { reference: `Organization/${organizationId(TENANT)}` },
      meta: { versionId: '4' },
    });
  });

  it('keeps the episode\'s care team with its members as Practitioners (their subject only), and the clinic as an Organization', async () => {
    const [kim, lee, joy] = ['kim', 'auth0|dr-lee', 'joy@clinic.example'].map((s) => `Practitioner/${practitionerId(TENANT, s)}`);
    expect((await get(`/fhir/EpisodeOfCare/${episodeId}`)).body).toMatchObject({ careManager: { reference: kim }, team: [{ reference: `CareTeam/${episodeId}` }] });
    const team = (await get(`/fhir/CareTeam/${episodeId}`)).body;
    expect(team).toMatchObject({
      resourceType: 'CareTeam', status: 'inactive', subject: { reference: `Patient/${patientId}` },
      period: { start: '2026-03-09T09:00:00-04:00', end: '2026-05-01T20:30:00-04:00' },
      managingOrganization: [{ reference: `Organization/${organizationId(TENANT)}` }],
    });
    expect(team.meta.security).toEqual([...PART2_SECURITY, NO_REDISCLOSURE].map((c) => ({ ...c })));
    expect(team.participant.map((p: { member: { reference: string }; role: { coding: { code: string }[] }[]; period: { end?: string } }) => [p.member.reference, p.role[0].coding[0].code, p.period.end ?? null]))
      .toEqual([[kim, 'primary-counselor', null], [lee, 'psychiatrist', null], [joy, 'nurse', '2026-04-01T12:00:00-04:00']]);
    expect((await get(`/fhir/CareTeam?patient=${patientId}&status=inactive`)).body.total).toBe(1);

    const practitioner = (await get(`/fhir/${lee}`)).body;
    expect(practitioner).toEqual({
      resourceType: 'Practitioner', id: practitionerId(TENANT, 'auth0|dr-lee'), meta: { versionId: '1', lastUpdated: expect.any(String) },
      identifier: [{ system: 'https://iop.example/fhir/NamingSystem/staff-subject', value: 'auth0|dr-lee' }], active: true,
    });
    const bySubject = await get(`/fhir/Practitioner?identifier=${encodeURIComponent('https://iop.example/fhir/NamingSystem/staff-subject|auth0|dr-lee')}`);
    expect(bySubject.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([practitionerId(TENANT, 'auth0|dr-lee')]);
    expect((await get('/fhir/Practitioner')).body.total).toBe(3);

    const clinic = (await get(`/fhir/Organization/${organizationId(TENANT)}`)).body;
    expect(clinic).toMatchObject({ resourceType: 'Organization', identifier: [{ system: 'https://iop.example/fhir/NamingSystem/tenant', value: TENANT }], active: true });
    expect(clinic.meta.security).toBeUndefined();
    expect((await get(`/fhir/Location/${locationId}`)).body.managingOrganization).toEqual({ reference: `Organization/${organizationId(TENANT)}` });
    expect((await get(`/fhir/Organization?identifier=${TENANT}`)).body.total).toBe(1);
    // The other tenant's clinic is not this one's to see.
    expect((await get(`/fhir/Organization/${organizationId(OTHER)}`)).status).toBe(404);
  });

  it('codes PHQ-9 and GAD-7 totals with LOINC, the BAM\'s subscales as components, drug screens per analyte', async () => {
    const phq = await get(`/fhir/Observation/${phq9}`);
    expect(phq.body).toMatchObject({ status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] }, valueInteger: 11 });
    expect((await get(`/fhir/Observation/${gad7}`)).body.code.coding[0].code).toBe('70274-6');
    const subscales = (await get(`/fhir/Observation/${bam}`)).body.component as { code: { coding: { code: string }[] }; valueInteger: number }[];
    expect(subscales.map((c) => [c.code.coding[0].code, c.valueInteger])).toEqual([['use', 2], ['risk', 10], ['protective', 14]]);
    const thc = await get(`/fhir/Observation/${deterministicId(`${screenId}:thc`)}`);
    expect(thc.body.valueCodeableConcept.coding[0]).toMatchObject({ system: 'http://snomed.info/sct', code: '10828004' });
  });

  it('maps diagnoses, the treatment plan and its goals, and program sites', async () => {
    const condition = (await get(`/fhir/Condition/${primary}`)).body;
    expect(condition).toMatchObject({
      clinicalStatus: { coding: [{ code: 'resolved' }] }, abatementDateTime: '2026-04-28T18:30:00-04:00', subject: { reference: `Patient/${patientId}` },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'F10.20', display: 'Alcohol dependence, uncomplicated' }] },
      severity: { coding: [{ code: '24484000' }] },
    });
    expect((await get(`/fhir/Condition/${secondary}`)).status).toBe(410);
    expect((await get(`/fhir/CarePlan/${planId}`)).body).toMatchObject({ status: 'active', intent: 'plan', goal: [{ reference: `Goal/${goalId}` }], created: '2026-03-12T19:40:00-04:00' });
    expect((await get(`/fhir/Goal/${goalId}`)).body).toMatchObject({ lifecycleStatus: 'completed', achievementStatus: { coding: [{ code: 'achieved' }] }, statusDate: '2026-04-21' });
    const site = (await get(`/fhir/Location/${locationId}`)).body;
    expect(site).toMatchObject({ resourceType: 'Location', name: 'Riverside', status: 'active' });
    expect(site.meta.security).toBeUndefined();
    expect((await get('/fhir/Location?status=active')).body.total).toBe(1);
    expect((await get(`/fhir/Condition?patient=${patientId}&status=resolved`)).body.total).toBe(1);
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
    expect(march10.body.total).toBe(3);
    const after = await get(`/fhir/Observation?patient=${patientId}&date=ge2026-03-11`);
    expect(after.body.total).toBe(2);
    const page1 = await get(`/fhir/Observation?patient=${patientId}&_count=3`);
    expect(page1.body.total).toBe(5);
    expect(page1.body.entry).toHaveLength(3);
    const next = page1.body.link.find((l: { relation: string }) => l.relation === 'next').url as string;
    const page2 = await get(next.slice(next.indexOf('/fhir/')));
    expect(page2.body.entry).toHaveLength(2);
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
    // A referenced resource needs its own type's scope, and a resource shown that refers to it: the site comes with
    // the Encounter, not the clinic (no Organization scope), nor the care team's members (no CareTeam scope).
    const sites = await get(`/fhir/Patient/${patientId}/$everything`, await tokenWithClaims(TENANT, ['clinician'], { scope: 'user/Patient.read user/Encounter.read user/Location.read user/Practitioner.read' }));
    expect(new Set(sites.body.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType))).toEqual(new Set(['Patient', 'Encounter', 'Location']));
    // A patient/ scope reads no resource about no patient (a read of one is a 403), so $everything adds none.
    const launched = await get(`/fhir/Patient/${patientId}/$everything`, await tokenWithClaims(TENANT, ['clinician'], { scope: 'patient/*.read', patient: patientId }));
    expect(launched.status).toBe(200);
    expect([matches(launched.body).length, included(launched.body)]).toEqual([17, []]);
    expect((await get(`/fhir/Location/${locationId}`, await tokenWithClaims(TENANT, ['clinician'], { scope: 'patient/*.read', patient: patientId }))).status).toBe(403);
    const other = randomUUID();
    const ownPatient = await tokenWithClaims(TENANT, ['clinician'], { scope: 'patient/*.read', patient: other });
    expect((await get(`/fhir/Observation/${phq9}`, ownPatient)).status).toBe(403);
    expect((await get(`/fhir/Observation?patient=${patientId}`, ownPatient)).body.total).toBe(0);
    // Scopes narrow the roles, never widen them.
    expect((await get(`/fhir/Observation/${phq9}`, await tokenWithClaims(TENANT, ['front-desk'], { scope: 'system/*.read' }))).status).toBe(403);
  });

  it('keeps every version: vread, the instance history, and _lastUpdated', async () => {
    // Patient's own static routes ($export, $everything) leave its read and history to the generic ones.
    expect((await get(`/fhir/Patient/${patientId}`)).status).toBe(200);
    // One version or two: the referral and the admission have different keys, and a referral after the admission
    // changes nothing.
    expect((await get(`/fhir/Patient/${patientId}/_history`)).body).toMatchObject({ type: 'history', total: expect.any(Number) });
    const history = await get(`/fhir/EpisodeOfCare/${episodeId}/_history`);
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({ resourceType: 'Bundle', type: 'history', total: 4 });
    expect(history.body.entry.map((e: { response: { etag: string } }) => e.response.etag)).toEqual(['W/"4"', 'W/"3"', 'W/"2"', 'W/"1"']);
    expect(history.body.entry[3]).toMatchObject({ request: { method: 'POST', url: 'EpisodeOfCare' }, response: { status: '201' } });
    const first = await get(`/fhir/EpisodeOfCare/${episodeId}/_history/1`);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe('W/"1"');
    expect(first.body).toMatchObject({ status: 'active', type: [{ coding: [{ code: '2.1' }] }], meta: { versionId: '1' } });
    expect((await get(`/fhir/EpisodeOfCare/${episodeId}`)).headers.etag).toBe('W/"4"');
    expect((await get(`/fhir/EpisodeOfCare/${episodeId}/_history/9`)).status).toBe(404);
    expect((await get(`/fhir/EpisodeOfCare/${episodeId}/_history/x`)).status).toBe(404);

    const encounter = deterministicId(attendanceKey({ sessionId: corrected, episodeId }));
    const gone = await get(`/fhir/Encounter/${encounter}`);
    expect([gone.status, gone.body.resourceType, gone.body.issue[0].code]).toEqual([410, 'OperationOutcome', 'deleted']);
    const encounterHistory = (await get(`/fhir/Encounter/${encounter}/_history`)).body;
    expect(encounterHistory.entry.map((e: { request: { method: string }; resource?: unknown }) => [e.request.method, e.resource !== undefined]))
      .toEqual([['DELETE', false], ['POST', true]]);
    expect((await get(`/fhir/Encounter/${encounter}/_history/2`)).status).toBe(410);

    const all = (await get(`/fhir/Observation?patient=${patientId}&_lastUpdated=ge${new Date(Date.now() - 3_600_000).toISOString()}`)).body;
    expect(all.total).toBe(5);
    expect((await get(`/fhir/Observation?patient=${patientId}&_lastUpdated=lt2020-01`)).body.total).toBe(0);
    expect((await get(`/fhir/Observation?patient=${patientId}&_lastUpdated=gt${new Date().getUTCFullYear() + 1}`)).body.total).toBe(0);
    expect((await get(`/fhir/Observation?_lastUpdated=2026-03-10T10:00`)).status).toBe(400);
    expect((await get(`/fhir/Patient/${patientId}/_history?_since=2020-01-01`)).status).toBe(400);
  });

  it('gives a recipient outside the program only what a consent in force names it for, and records each disclosure', async () => {
    const payer = await tokenWithClaims(TENANT, ['integrator'], { client_id: 'payer:acme-health' });
    const appointment = deterministicId(attendanceKey({ sessionId: attended, episodeId }));
    const read = await get(`/fhir/Appointment/${appointment}`, payer);
    expect(read.status).toBe(200);
    expect(read.body.meta.extension[0].valueString).toBe(REDISCLOSURE_NOTICE);
    // The consent covers attendance and discharge, not admission (nor the care team); Observations and Consents are never disclosed.
    for (const url of [`/fhir/Patient/${patientId}`, `/fhir/CareTeam/${episodeId}`, `/fhir/Observation/${phq9}`, `/fhir/Consent/${kept}`, '/fhir/Observation']) {
      const res = await get(url, payer);
      expect({ url, status: res.status, type: res.body.resourceType }).toEqual({ url, status: 403, type: 'OperationOutcome' });
    }
    const search = (await get(`/fhir/Appointment?patient=${patientId}`, payer)).body;
    expect(search.total).toBe(3);
    const everything = (await get(`/fhir/Patient/${patientId}/$everything`, payer)).body;
    expect(new Set(matches(everything).map((r) => r.resourceType))).toEqual(new Set(['Appointment', 'Encounter']));
    // What the shown Encounter refers to, about no patient and readable without a consent: its site and the site's
    // clinic. The care team is not covered (admission), so neither are its members, nor the episode's clinic reference.
    expect(included(everything).map(keyOf)).toEqual([`Location/${locationId}`, `Organization/${organizationId(TENANT)}`]);
    // The court's consent was revoked; a recipient without any consent gets nothing.
    expect((await get(`/fhir/Appointment/${appointment}`, await tokenWithClaims(TENANT, ['integrator'], { client_id: 'court:county' }))).status).toBe(403);
    expect((await get(`/fhir/Appointment?patient=${patientId}`, await tokenWithClaims(TENANT, ['integrator'], { client_id: 'nobody' }))).body.total).toBe(0);
    expect((await get(`/fhir/Appointment/${appointment}`, await tokenWithClaims(TENANT, ['integrator'], {}))).status).toBe(403);

    const compliance = await kit.token(TENANT, ['compliance']);
    const log = await get(`/v1/disclosures?patientId=${patientId}`, compliance);
    expect(log.status).toBe(200);
    const disclosures = log.body.items as { disclosureId: string; recipient: string; purpose: string; consentId: string; interaction: string; resources: string[] }[];
    expect(disclosures.map((d) => d.interaction).sort()).toEqual(['$everything', 'read', 'search']);
    for (const d of disclosures) expect(d).toMatchObject({ recipient: 'payer:acme-health', purpose: 'payment', consentId: kept });
    expect(disclosures.find((d) => d.interaction === 'read')!.resources).toEqual([`Appointment/${appointment}`]);
    // The patient's resources only: the site and the clinic are no one's record.
    expect(disclosures.find((d) => d.interaction === '$everything')!.resources.every((r) => /^(Appointment|Encounter)\//.test(r))).toBe(true);
    const { rows } = await kit.db.query(`SELECT purpose FROM audit_log WHERE patient_id = $1 AND action = 'disclose'`, [patientId]);
    expect(rows.map((r) => r.purpose)).toEqual(['payment', 'payment', 'payment']);
    // Each is also an event of the service's store, for its publisher (iop.fhir.DisclosureRecorded.v1), with the same id.
    const events = await kit.db.query(`SELECT event_id, data FROM events WHERE event_type = 'DisclosureRecorded' AND data ->> 'patientId' = $1`, [patientId]);
    expect(events.rows.map((e) => e.event_id).sort()).toEqual(disclosures.map((d) => d.disclosureId).sort());
    expect(events.rows.find((e) => e.data.interaction === 'read')!.data).toMatchObject({ recipient: 'payer:acme-health', consentId: kept, resources: [`Appointment/${appointment}`] });
    expect((await get(`/v1/disclosures?patientId=${patientId}`)).status).toBe(403);
  });

  it('exports in bulk asynchronously: full for clinicians, de-identified for analysts, consented for recipients', async () => {
    const kickoff = (token: string, url = '/fhir/Patient/$export') => kit.app.request('GET', url, { token, headers: { prefer: 'respond-async', accept: 'application/fhir+json' } });
    const complete = async (token: string, res: { status: number; headers: Record<string, unknown> }) => {
      expect(res.status).toBe(202);
      const status = String(res.headers['content-location']);
      const path = status.slice(status.indexOf('/fhir/'));
      for (let i = 0; i < 300; i++) {
        const poll = await kit.app.request('GET', path, { token });
        if (poll.status === 200) return { path, manifest: poll.body };
        expect(poll.status).toBe(202);
        expect(poll.headers['x-progress']).toBeDefined();
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the export did not complete');
    };
    const lines = async (token: string, manifest: { output: { type: string; url: string }[] }, type: string) => {
      const out: Record<string, unknown>[] = [];
      for (const file of manifest.output.filter((o) => o.type === type)) {
        // Not through request(), which parses any *json type as one JSON document.
        const res = await kit.app.app.inject({ method: 'GET', url: file.url.slice(file.url.indexOf('/fhir/')), headers: { authorization: `Bearer ${token}` } });
        expect(res.headers['content-type']).toMatch(/^application\/fhir\+ndjson/);
        out.push(...res.body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>));
      }
      return out;
    };

    const full = await complete(clinician, await kickoff(clinician));
    expect(full.manifest).toMatchObject({ requiresAccessToken: true, error: [] });
    const patients = await lines(clinician, full.manifest, 'Patient');
    // Each line as a read serves it (the notice added by the database for the export's sake).
    const { meta: _m, ...exportedPatient } = patients.find((p) => p.id === patientId)!;
    const { meta: _r, ...readPatient } = (await get(`/fhir/Patient/${patientId}`)).body;
    expect(exportedPatient).toEqual(readPatient);
    expect(patients.find((p) => p.id === patientId)!.meta).toEqual((await get(`/fhir/Patient/${patientId}`)).body.meta);
    expect(patients.find((p) => p.id === patientId)).toMatchObject({ name: [{ text: 'Test P.' }] });
    expect(patients.some((p) => p.id === stranger)).toBe(false);
    expect((await lines(clinician, full.manifest, 'Observation')).filter((o) => (o.subject as { reference: string }).reference === `Patient/${patientId}`)).toHaveLength(5);

    const analyst = await kit.token(TENANT, ['analyst']);
    const anonymous = await complete(analyst, await kickoff(analyst, '/fhir/$export?_type=Patient,Observation'));
    expect(new Set(anonymous.manifest.output.map((o: { type: string }) => o.type))).toEqual(new Set(['Patient', 'Observation']));
    const pseudonymous = await lines(analyst, anonymous.manifest, 'Patient');
    const subjectKey = fhirPseudonymizer(process.env)!.of(TENANT, patientId);
    const me = pseudonymous.find((p) => p.id === subjectKey)!;
    expect(me).toBeDefined();
    expect(me.name).toBeUndefined();
    exported.push(me);
    const observations = await lines(analyst, anonymous.manifest, 'Observation');
    const mine = observations.filter((o) => (o.subject as { reference: string }).reference === `Patient/${subjectKey}`);
    expect(mine.map((o) => o.effectiveDateTime)).toEqual(['2026-03', '2026-03', '2026-03', '2026-03', '2026-03']);
    expect(JSON.stringify(observations)).not.toContain(patientId);
    exported.push(...mine);
    expect((await kickoff(analyst, '/fhir/$export?_type=Consent')).status).toBe(403);

    const payer = await tokenWithClaims(TENANT, ['integrator'], { client_id: 'payer:acme-health' });
    const consented = await complete(payer, await kickoff(payer));
    expect(new Set(consented.manifest.output.map((o: { type: string }) => o.type))).toEqual(new Set(['Appointment', 'Encounter']));
    const { rows } = await kit.db.query(`SELECT resources FROM fhir_disclosures WHERE patient_id = $1 AND interaction = '$export'`, [patientId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].resources).toHaveLength(4);

    // Refused kick-offs, and a cancellation.
    expect((await kit.app.request('GET', '/fhir/$export', { token: clinician })).status).toBe(400);
    expect((await kickoff(clinician, '/fhir/$export?_typeFilter=x')).status).toBe(400);
    expect((await kickoff(clinician, '/fhir/$export?_outputFormat=text/csv')).status).toBe(400);
    expect((await kickoff(await kit.token(TENANT, ['front-desk']))).status).toBe(403);
    const other = await kit.app.request('GET', full.path, { token: analyst });
    expect(other.status).toBe(404);
    expect((await kit.app.request('DELETE', full.path, { token: clinician })).status).toBe(202);
    expect((await kit.app.request('GET', full.path, { token: clinician })).status).toBe(404);
    const started = await kickoff(clinician);
    const path = String(started.headers['content-location']).replace(/^.*(\/fhir\/)/, '/fhir/');
    expect((await kit.app.request('DELETE', path, { token: clinician })).status).toBe(202);
    expect((await kit.app.request('GET', path, { token: clinician })).status).toBe(404);
  });

  it('runs again an export whose runner stopped (a restart), and fails one interrupted too often, saying so', async () => {
    const stopped = (jobId: string, attempts: number) => kit.db.query(
      `INSERT INTO fhir_export_jobs (tenant_id, job_id, level, actor, roles, claims, request_url, types, status, attempts, lease_until, created_at, progress)
       VALUES ($1, $2, 'system', 'user-clinician', '{clinician}', '{}', 'http://localhost/fhir/$export', '{Patient}', 'running', $3, now() - interval '1 minute', now(), 'started')`,
      [TENANT, jobId, attempts]);
    const [resumed, failing] = [randomUUID(), randomUUID()];
    await stopped(resumed, 1);
    await stopped(failing, 3);
    const settled = async (jobId: string) => {
      for (let i = 0; i < 300; i++) {
        const res = await get(`/fhir/$export-status/${jobId}`);
        if (res.status !== 202) return res;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`export ${jobId} did not settle`);
    };
    const done = await settled(resumed);
    expect(done.status).toBe(200);
    expect(done.body.output.map((o: { type: string }) => o.type)).toEqual(['Patient']);
    const failed = await settled(failing);
    expect([failed.status, failed.body.resourceType]).toEqual([500, 'OperationOutcome']);
    expect(failed.body.issue[0].diagnostics).toMatch(/interrupted 3 times/);
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
    const served = res.body.rest[0].resource as { type: string; searchParam: { name: string }[] }[];
    expect(served.map((r) => r.type)).toEqual(expect.arrayContaining(['CareTeam', 'Practitioner', 'Organization']));
    expect(served.find((r) => r.type === 'CareTeam')!.searchParam.map((p) => p.name)).toContain('patient');
    expect(served.find((r) => r.type === 'Practitioner')!.searchParam.map((p) => p.name)).toContain('identifier');
  });

  it('produces only resources that HL7\'s validator finds no error in', async () => {
    // The record's resources and those they refer to (the site, the clinic, the care team's Practitioners), and the
    // Bundle itself with both kinds of entries.
    const everything = await get(`/fhir/Patient/${patientId}/$everything`);
    const resources = everything.body.entry.map((e: { resource: { resourceType: string; id: string } }) => e.resource);
    expect(included(everything.body).map((r) => r.resourceType)).toEqual(['Location', 'Organization', 'Practitioner', 'Practitioner', 'Practitioner']);
    const search = (await get(`/fhir/Observation?patient=${patientId}&_count=3`)).body;
    const error = (await get('/fhir/Medication/x')).body;
    const metadata = (await kit.app.request('GET', '/fhir/metadata')).body;
    const history = (await get(`/fhir/Encounter/${deterministicId(attendanceKey({ sessionId: corrected, episodeId }))}/_history`)).body;
    const version = (await get(`/fhir/EpisodeOfCare/${episodeId}/_history/1`)).body;
    // The notice's extension, as served: the validator refuses an extension it has no definition of.
    const notice = (await kit.app.request('GET', '/fhir/StructureDefinition/part2-redisclosure-notice')).body;
    const extra = [notice, { ...everything.body, id: 'everything' }, { ...history, id: 'history' }, { ...version, id: 'version1' }, ...exported.map((r, i) => ({ ...r, resourceType: String(r.resourceType), id: `x${i}-${String(r.id).slice(0, 40)}` }))];
    // A control in the same run (the JVM's start is most of its time): the validator must find this one's errors.
    const broken = { resourceType: 'Observation', id: 'control', status: 'done', subject: { reference: 'Patient/x' } };
    const outcomes = validate(validatorDir, [...resources, { ...search, id: 'search' }, { ...error, id: 'error' }, { ...metadata, id: 'metadata' }, ...extra, broken]);
    expect(outcomes).toHaveLength(resources.length + extra.length + 4);
    if (process.env.FHIR_PRINT_ISSUES) process.stdout.write(`${outcomes.flatMap((o) => (o.outcome.issue ?? []).map((i) => `${o.file} ${i.severity} ${i.diagnostics}`)).join('\n')}\n`);
    const [control, ours] = [outcomes.filter((o) => o.file === 'Observation-control.json'), outcomes.filter((o) => o.file !== 'Observation-control.json')];
    expect(errorsOf(ours)).toEqual([]);
    expect(errorsOf(control).join('\n')).toMatch(/Observation\.code/);
  });

  it('rebuilds the read model from the events it kept, to the same resources', async () => {
    const strip = (r: { meta?: Record<string, unknown> }) => ({ ...r, meta: { ...r.meta, versionId: undefined, lastUpdated: undefined } });
    const before = (await get(`/fhir/Patient/${patientId}/$everything`)).body.entry.map((e: { resource: { meta?: Record<string, unknown> } }) => strip(e.resource));
    const operator = await kit.token(TENANT, ['operator']);
    const started = await kit.app.request('POST', '/v1/admin/read-model/rebuild', { token: operator });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running' });
    expect(started.body.events).toBeGreaterThanOrEqual(journey().length);
    let progress = started.body;
    for (let i = 0; i < 300 && progress.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      progress = (await kit.app.request('GET', '/v1/admin/read-model/rebuild', { token: operator })).body;
    }
    expect(progress).toMatchObject({ status: 'completed', applied: started.body.events });
    const after = (await get(`/fhir/Patient/${patientId}/$everything`)).body.entry.map((e: { resource: { meta?: Record<string, unknown> } }) => strip(e.resource));
    expect(after).toEqual(before);
    expect((await kit.app.request('POST', '/v1/admin/read-model/rebuild', { token: clinician })).status).toBe(403);
  });
});

