/**
 * The FHIR facade behind a real journey: admissions, scheduling, outcomes and fhir run in this process on their real
 * modules, databases and one Kafka topic namespace. A patient is referred, consents, is assessed, admitted, given a
 * care team, enrolled, attends (and misses) a session, takes a PHQ-9 and a GAD-7, has a drug screen and is discharged, all through the
 * services' own APIs; then every resource the fhir service serves for the patient is validated by HL7's validator
 * (tools/fhir-validator, R4 core, offline). Beside the apps, not in apps/fhir, because it drives the other services.
 */
import { startTestApp, type TestApp } from '@iop/platform/testing';
import { createTestDatabase, createTopicNamespace, customToken, tokenFor, type TestDatabase } from '@iop/testing';
import { admissionsService } from './admissions/src/service';
import { fhirService } from './fhir/src/service';
import { NOTICE_EXTENSION_DEFINITION } from './fhir/src/disclosure/notice-extension';
import { buildValidator, errorsOf, validate } from './fhir/src/testing/fhir-validator';
import { outcomesService } from './outcomes/src/service';
import { schedulingService } from './scheduling/src/service';

jest.setTimeout(600_000);

const today = new Date().toISOString().slice(0, 10);
const tenant = `fhir-journey-${Date.now().toString(36)}`;

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 90_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

type Resource = { resourceType: string; id: string; status?: string; meta: { security: { code: string }[] } };

describe('the FHIR resources of a patient journey through admissions, scheduling and outcomes', () => {
  const dbs: TestDatabase[] = [];
  const apps: Record<'admissions' | 'scheduling' | 'outcomes' | 'fhir', TestApp> = {} as never;
  const t: Record<string, string> = {};
  let validatorDir: string;

  beforeAll(async () => {
    validatorDir = buildValidator();
    const topicPrefix = await createTopicNamespace();
    const env = { ...process.env, KAFKA_TOPIC_PREFIX: topicPrefix, LOG_LEVEL: 'silent' };
    const defs = { admissions: admissionsService, scheduling: schedulingService, outcomes: outcomesService, fhir: fhirService };
    for (const [name, define] of Object.entries(defs) as [keyof typeof defs, (typeof defs)[keyof typeof defs]][]) {
      const db = await createTestDatabase(`fhirj_${name}`);
      dbs.push(db);
      apps[name] = await startTestApp(define({ ...env, [`${name.toUpperCase()}_DATABASE_URL`]: db.url }));
    }
    for (const role of ['admin', 'intake', 'clinician']) t[role] = await tokenFor(tenant, [role], `fhir-${role}`);
  });
  afterAll(async () => {
    for (const app of Object.values(apps)) await app?.close();
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it('serves the journey as FHIR R4 resources that HL7\'s validator finds no error in', async () => {
    const { admissions, scheduling, outcomes, fhir } = apps;
    const loc = await scheduling.request('POST', '/v1/locations', { token: t.admin, body: {
      name: 'Riverside', timezone: 'America/New_York', blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }],
    } });
    expect(loc.status).toBe(201);
    const ref = await admissions.request('POST', '/v1/referrals', { token: t.intake, body: {
      patient: { firstName: 'Sam', lastName: 'Synthetic', dateOfBirth: '1991-02-03' }, source: 'residential', referredAt: new Date(Date.now() - 86_400_000).toISOString(),
    } });
    expect(ref.status).toBe(201);
    const patientId = ref.body.patientId as string;
    const consent = await admissions.request('POST', `/v1/patients/${patientId}/consents`, { token: t.intake, body: {
      recipient: 'payer:acme-health', purpose: 'payment', information: ['admission', 'attendance', 'measures', 'discharge'],
    } });
    expect(consent.status).toBe(201);
    const assessed = await admissions.request('POST', `/v1/referrals/${ref.body.referralId}/assessments`, { token: t.clinician, body: {
      criteriaEdition: 3, ratings: { d1: 1, d2: 0, d3: 2, d4: 2, d5: 3, d6: 2 },
    } });
    expect(assessed.status).toBe(201);
    const admitted = await eventually(async () => {
      const res = await admissions.request('POST', `/v1/referrals/${ref.body.referralId}/admission`, { token: t.intake, body: {
        locationId: loc.body.locationId, track: 'evening', startDate: today, levelOfCare: '2.1',
      } });
      return res.status === 201 ? res : undefined;
    }, 'admissions to know the location');
    const episodeId = admitted.body.episodeId as string;
    for (const member of [{ staffId: 'fhir-counselor', role: 'primary-counselor' }, { staffId: 'auth0|fhir-psychiatrist', role: 'psychiatrist' }]) {
      expect((await admissions.request('POST', `/v1/episodes/${episodeId}/care-team`, { token: t.intake, body: member })).status).toBe(201);
    }
    const enrollment = await eventually(async () => {
      const res = await scheduling.request('GET', `/v1/enrollments/${episodeId}`, { token: t.clinician });
      return res.status === 200 ? res.body : undefined;
    }, 'the enrollment');
    const [first, second] = enrollment.bookings as { sessionId: string; startsAt: string; endsAt: string }[];
    const minutes = Math.round((Date.parse(first.endsAt) - Date.parse(first.startsAt)) / 60_000);
    expect((await scheduling.request('POST', `/v1/sessions/${first.sessionId}/attendance`, { token: t.clinician, body: { episodeId, status: 'present', minutesAttended: minutes } })).status).toBe(201);
    expect((await scheduling.request('POST', `/v1/sessions/${second.sessionId}/attendance`, { token: t.clinician, body: { episodeId, status: 'absent-excused', minutesAttended: 0 } })).status).toBe(201);
    await eventually(async () => {
      const r = await outcomes.request('POST', '/v1/measures', { token: t.clinician, body: { episodeId, instrument: 'PHQ-9', answers: [1, 1, 1, 1, 1, 1, 1, 0, 0] } });
      return r.status === 201 ? r : undefined;
    }, 'outcomes to know the episode');
    expect((await outcomes.request('POST', '/v1/measures', { token: t.clinician, body: { episodeId, instrument: 'GAD-7', answers: [1, 1, 0, 0, 1, 0, 0] } })).status).toBe(201);
    const screen = await outcomes.request('POST', '/v1/drug-screens', { token: t.clinician, body: {
      episodeId, collectedOn: today, results: [{ analyte: 'fentanyl', result: 'negative' }, { analyte: 'thc', result: 'positive' }],
    } });
    expect(screen.status).toBe(201);
    const discharged = await admissions.request('POST', `/v1/episodes/${episodeId}/discharge`, { token: t.clinician, body: {
      reason: 'completed', dischargedAt: new Date().toISOString(), joinAlumni: false, overrideReason: 'Goals met early; the team agrees (synthetic test).',
    } });
    expect([discharged.status, discharged.body]).toEqual([201, expect.anything()]);

    // The patient's resources, and those they refer to (the care team's members, the clinic, the attended session's
    // site), which $everything adds: the Organization comes with the site's event, on another topic, waited for too.
    const expected = {
      match: { Patient: 1, EpisodeOfCare: 1, Consent: 1, Appointment: 2, Encounter: 1, Observation: 4, CareTeam: 1 },
      include: { Location: 1, Organization: 1, Practitioner: 2 },
    };
    type Entry = { resource: Resource; search: { mode: 'match' | 'include' } };
    const everything = await eventually(async () => {
      const res = await fhir.request('GET', `/fhir/Patient/${patientId}/$everything`, { token: t.clinician });
      if (res.status !== 200) return undefined;
      const entries = res.body.entry as Entry[];
      const counts = (mode: 'match' | 'include', types: string[]) =>
        Object.fromEntries(types.map((type) => [type, entries.filter((e) => e.search.mode === mode && e.resource.resourceType === type).length]));
      const episode = entries.find((e) => e.resource.resourceType === 'EpisodeOfCare')?.resource;
      const complete = JSON.stringify(counts('match', Object.keys(expected.match))) === JSON.stringify(expected.match)
        && JSON.stringify(counts('include', Object.keys(expected.include))) === JSON.stringify(expected.include);
      return complete && episode?.status === 'finished' ? res.body as { resourceType: 'Bundle'; entry: Entry[] } : undefined;
    }, 'every resource in the fhir service');
    const resources = everything.entry.filter((e) => e.search.mode === 'match').map((e) => e.resource);
    const others = everything.entry.filter((e) => e.search.mode === 'include').map((e) => e.resource);
    for (const r of resources) expect(r.meta.security.map((s) => s.code)).toEqual(['42CFRPart2', 'R', 'NORDSLCD']);
    const team = resources.find((r) => r.resourceType === 'CareTeam') as Resource & { participant: { member: { reference: string } }[] };
    expect(team.participant).toHaveLength(2);
    // Each once: the members the team names, the clinic that manages the episode, the team and the site, the site.
    const { managingOrganization } = resources.find((r) => r.resourceType === 'EpisodeOfCare') as unknown as { managingOrganization: { reference: string } };
    expect(others.map((r) => `${r.resourceType}/${r.id}`).sort())
      .toEqual([...team.participant.map((p) => p.member.reference), managingOrganization.reference, `Location/${loc.body.locationId}`].sort());
    for (const r of others) expect(r.meta.security).toBeUndefined();

    // Every resource, and the Bundle with both kinds of entries, with the definition of the redisclosure notice's
    // extension, which the validator needs to accept it.
    const outcomesOfValidation = validate(validatorDir, [...resources, ...others, { ...everything, id: 'everything' }, NOTICE_EXTENSION_DEFINITION]);
    expect(outcomesOfValidation).toHaveLength(resources.length + others.length + 2);
    expect(errorsOf(outcomesOfValidation)).toEqual([]);

    // A recipient outside the program reads the episode under the patient's consent: the disclosure reaches the
    // patient's accounting of disclosures in admissions (iop.fhir.DisclosureRecorded.v1).
    const payer = await customToken({ tenant, roles: ['integrator'], subject: 'acme-client', claims: { client_id: 'payer:acme-health' } });
    const episode = await fhir.request('GET', `/fhir/EpisodeOfCare/${episodeId}`, { token: payer });
    expect(episode.status).toBe(200);
    const accounted = await eventually(async () => {
      const res = await admissions.request('GET', `/v1/patients/${patientId}/disclosures`, { token: t.admin });
      return (res.body.items as { channel: string }[] | undefined)?.find((d) => d.channel === 'fhir');
    }, 'the FHIR disclosure in admissions\' accounting');
    expect(accounted).toMatchObject({
      recipient: 'payer:acme-health', purpose: 'payment', interaction: 'read', resources: [`EpisodeOfCare/${episodeId}`], eventType: null, consentId: consent.body.consentId,
    });
  });
});
