/**
 * The role-to-route matrix, route by route and role by role, and the tenant check on every route: another tenant's
 * resource is a 404, never a 403 or its data.
 */
import { ROLES } from '@iop/platform';
import { ADMINS, CARE_STAFF, CLINICIANS, CONSENT_WRITERS, DISCLOSURE_READERS, EPISODE_READERS, INTAKE, REPORT_READERS, TEAM_MANAGERS } from './access';
import { type Harness, IOP_RATINGS, startAdmissions, today } from '../testing/admissions-test-app';

type Ids = { referralId: string; patientId: string; episodeId: string; consentId: string; locationId: string };
type Route = [method: string, path: (i: Ids) => string, roles: readonly string[], body?: (i: Ids) => unknown];

const ROUTES: Route[] = [
  ['POST', () => '/v1/referrals', INTAKE, (i) => ({ patientId: i.patientId, source: 'alumni', referredAt: '2025-03-03T09:15:00Z' })],
  ['GET', () => '/v1/referrals', CARE_STAFF],
  ['GET', (i) => `/v1/referrals/${i.referralId}`, CARE_STAFF],
  ['POST', (i) => `/v1/referrals/${i.referralId}/decline`, INTAKE, () => ({ reason: 'x' })],
  ['POST', (i) => `/v1/referrals/${i.referralId}/withdraw`, INTAKE, () => ({ reason: 'x' })],
  ['POST', (i) => `/v1/referrals/${i.referralId}/waitlist`, INTAKE, () => ({ reason: 'x' })],
  ['GET', () => '/v1/waitlist', CARE_STAFF],
  ['POST', (i) => `/v1/referrals/${i.referralId}/assessments`, CLINICIANS, () => ({ criteriaEdition: 3, ratings: IOP_RATINGS })],
  ['GET', (i) => `/v1/referrals/${i.referralId}/assessments`, CARE_STAFF],
  ['GET', () => '/v1/assessment-criteria', CARE_STAFF],
  ['POST', (i) => `/v1/referrals/${i.referralId}/admission`, INTAKE, (i) => ({ locationId: i.locationId, track: 'evening', startDate: today(), levelOfCare: '2.1' })],
  ['GET', () => '/v1/patients', CARE_STAFF],
  ['GET', (i) => `/v1/patients/${i.patientId}`, CARE_STAFF],
  ['GET', () => '/v1/episodes', EPISODE_READERS],
  ['GET', (i) => `/v1/episodes/${i.episodeId}`, EPISODE_READERS],
  ['POST', (i) => `/v1/episodes/${i.episodeId}/care-team`, TEAM_MANAGERS, () => ({ staffId: 'kim', role: 'nurse' })],
  ['DELETE', (i) => `/v1/episodes/${i.episodeId}/care-team/kim`, TEAM_MANAGERS],
  ['POST', (i) => `/v1/episodes/${i.episodeId}/level-changes`, CLINICIANS, () => ({ toLevel: '2.5', reason: 'x' })],
  ['POST', (i) => `/v1/episodes/${i.episodeId}/hold`, TEAM_MANAGERS, () => ({ reason: 'x' })],
  ['POST', (i) => `/v1/episodes/${i.episodeId}/resume`, TEAM_MANAGERS],
  ['POST', (i) => `/v1/episodes/${i.episodeId}/cancel`, INTAKE, () => ({ reason: 'x' })],
  ['POST', (i) => `/v1/episodes/${i.episodeId}/reviews`, CLINICIANS],
  ['GET', (i) => `/v1/episodes/${i.episodeId}/reviews`, CARE_STAFF],
  ['GET', () => '/v1/episodes/due-for-review', CARE_STAFF],
  ['POST', () => '/v1/reviews/scheduled-run', ADMINS],
  ['POST', (i) => `/v1/episodes/${i.episodeId}/discharge`, CLINICIANS, () => ({ reason: 'administrative', dischargedAt: new Date().toISOString(), joinAlumni: false, overrideReason: 'x' })],
  ['POST', (i) => `/v1/patients/${i.patientId}/consents`, CONSENT_WRITERS, () => ({ recipient: 'payer:acme', purpose: 'payment', information: ['attendance'] })],
  ['GET', (i) => `/v1/patients/${i.patientId}/consents`, CARE_STAFF],
  ['POST', (i) => `/v1/consents/${i.consentId}/revoke`, CONSENT_WRITERS, () => ({})],
  ['GET', (i) => `/v1/patients/${i.patientId}/disclosures`, DISCLOSURE_READERS],
  ['GET', () => '/v1/settings', CARE_STAFF],
  ['PUT', () => '/v1/settings', ADMINS, () => ({ plannedProgramWeeks: 8 })],
  ['GET', () => '/v1/reports/referral-to-admission', REPORT_READERS],
];

const PLACEHOLDERS: Ids = { referralId: ':r', patientId: ':p', episodeId: ':e', consentId: ':c', locationId: ':l' };
const label = (r: Route) => `${r[0]} ${r[1](PLACEHOLDERS)}`;
/** Routes that name a resource, in the path or the body. */
const namesResource = (r: Route) => `${r[1](PLACEHOLDERS)}${JSON.stringify(r[3]?.(PLACEHOLDERS) ?? {})}`.includes(':p') || r[1](PLACEHOLDERS).includes(':');

describe('access', () => {
  let h: Harness;
  let ids: Ids;
  beforeAll(async () => {
    h = await startAdmissions('access');
    const episode = await h.admitted();
    const { referralId } = await h.refer();
    await h.assess(referralId);
    const consent = await h.call('POST', `/v1/patients/${episode.patientId}/consents`, 'intake', { recipient: 'payer:acme', purpose: 'payment', information: ['attendance', 'discharge'] });
    ids = { ...episode, referralId, consentId: consent.body.consentId };
  });
  afterAll(async () => h?.close());

  it('every route needs a token', async () => {
    for (const [method, path] of ROUTES) expect([method, path(ids), (await h.t.request(method, path(ids))).status]).toEqual([method, path(ids), 401]);
  });

  it.each(ROUTES.map((r) => [label(r), r] as const))(
    '%s: only its roles pass the role check, and no role gets a 500', async (_, [method, path, roles]) => {
      for (const role of ROLES) {
        const res = await h.call(method, path(ids), role, {});
        const allowed = roles.includes(role);
        // Never a 500 either: the allowed roles get here with an empty body, which is bad input at worst.
        expect([role, allowed ? 'allowed' : 'forbidden', res.status === 403, res.status >= 500]).toEqual([role, allowed ? 'allowed' : 'forbidden', !allowed, false]);
      }
    },
  );

  it.each(ROUTES.filter(namesResource).map((r) => [label(r), r] as const))(
    "%s: another tenant's resource is a 404", async (_, [method, path, roles, body]) => {
      const fresh = await freshIds();
      const res = await h.call(method, path(fresh), roles[0], body?.(fresh), 'adm-other-tenant');
      expect([res.status, res.body.type]).toEqual([404, expect.stringContaining('not-found')]);
    },
  );

  it("another tenant's lists, settings and reports show none of this tenant's data", async () => {
    for (const path of ['/v1/referrals', '/v1/waitlist', '/v1/episodes', '/v1/patients', '/v1/episodes/due-for-review']) {
      const res = await h.call('GET', path, 'admin', undefined, 'adm-other-tenant');
      expect([path, res.status, res.body.items]).toEqual([path, 200, []]);
    }
    expect((await h.call('GET', '/v1/reports/referral-to-admission', 'analyst', undefined, 'adm-other-tenant')).body.admissions).toBe(0);
  });

  /** A fresh referral, episode and consent in this tenant, so that no earlier request has closed them. */
  async function freshIds(): Promise<Ids> {
    const episode = await h.admitted();
    const { referralId } = await h.refer();
    await h.assess(referralId);
    const consent = await h.call('POST', `/v1/patients/${episode.patientId}/consents`, 'intake', { recipient: 'payer:acme', purpose: 'payment', information: ['attendance'] });
    await h.call('POST', `/v1/episodes/${episode.episodeId}/care-team`, 'intake', { staffId: 'kim', role: 'nurse' });
    return { ...episode, referralId, consentId: consent.body.consentId };
  }
});
