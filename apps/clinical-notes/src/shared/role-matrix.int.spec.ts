/**
 * The role-to-route matrix, route by route, for every platform role. Ids name nothing, so an allowed role gets past
 * the guard and meets a 404 or a 400, never a 403; a refused role always gets the guard's 403.
 */
import { ROLES, type Role } from '@iop/platform';
import { ClinicalNotesKit } from '../testing/clinical-notes.test-kit';
import { ASSESSORS, COMPLIANCE_READERS, COSIGNERS, COUNSELING_AUTHORS, NOTE_READERS, NOTE_WRITERS, PLAN_AUTHORS, SETTINGS_ADMINS } from './clinical-notes.roles';

// Fixed, so test names are stable; no stream has it.
const id = '0c0ffee0-0000-4000-8000-000000000404';
const CLINICAL: Role[] = ['clinician', 'supervisor', 'psychiatrist', 'nurse'];

/** Written out rather than imported for the expectations: the matrix is the contract, the constants its code. */
type Route = { allowed: Role[]; body?: object };
const ROUTES: [method: string, path: string, route: Route][] = [
  ['POST', '/v1/notes', { allowed: CLINICAL, body: { episodeId: id, type: 'individual-session', body: 'x' } }],
  ['GET', `/v1/notes/${id}`, { allowed: CLINICAL }],
  ['PATCH', `/v1/notes/${id}`, { allowed: CLINICAL, body: { body: 'x' } }],
  ['POST', `/v1/notes/${id}/sign`, { allowed: CLINICAL }],
  ['POST', `/v1/notes/${id}/cosign`, { allowed: ['supervisor'] }],
  ['POST', `/v1/notes/${id}/amendments`, { allowed: CLINICAL, body: { body: 'x', reason: 'y' } }],
  ['POST', '/v1/group-notes', { allowed: CLINICAL, body: { sessionId: id, summary: 'x', participants: [{ episodeId: id, participation: 'y' }] } }],
  ['GET', '/v1/group-notes', { allowed: CLINICAL }],
  ['GET', `/v1/group-notes/${id}`, { allowed: CLINICAL }],
  ['GET', `/v1/notes/${id}/verification`, { allowed: [...CLINICAL, 'admin'] }],
  ['GET', '/v1/notes/missing', { allowed: [...CLINICAL, 'admin'] }],
  ['GET', '/v1/notes', { allowed: CLINICAL }],
  ['GET', '/v1/notes/awaiting-cosign', { allowed: CLINICAL }],
  ['GET', `/v1/episodes/${id}/notes`, { allowed: CLINICAL }],
  ['POST', `/v1/episodes/${id}/treatment-plan`, { allowed: ['clinician', 'supervisor', 'psychiatrist'], body: { problems: [] } }],
  ['GET', `/v1/episodes/${id}/treatment-plan`, { allowed: CLINICAL }],
  ['GET', `/v1/treatment-plans/${id}`, { allowed: CLINICAL }],
  ['PUT', `/v1/treatment-plans/${id}`, { allowed: ['clinician', 'supervisor', 'psychiatrist'], body: { problems: [] } }],
  ['POST', `/v1/treatment-plans/${id}/sign`, { allowed: ['clinician', 'supervisor', 'psychiatrist'] }],
  ['POST', `/v1/treatment-plans/${id}/acknowledge`, { allowed: CLINICAL, body: { method: 'verbal' } }],
  ['POST', `/v1/treatment-plans/${id}/reviews`, { allowed: ['clinician', 'supervisor', 'psychiatrist'] }],
  ['POST', `/v1/treatment-plans/${id}/goals/${id}/status`, { allowed: ['clinician', 'supervisor', 'psychiatrist'], body: { status: 'achieved' } }],
  ['GET', '/v1/treatment-plans/overdue', { allowed: [...CLINICAL, 'admin'] }],
  ['POST', `/v1/episodes/${id}/reassessments`, { allowed: ['clinician', 'supervisor', 'psychiatrist'], body: { criteriaEdition: 3, ratings: { d1: 0, d2: 0, d3: 0, d4: 0, d5: 0, d6: 0 } } }],
  ['GET', `/v1/episodes/${id}/reassessments`, { allowed: CLINICAL }],
  ['PUT', `/v1/episodes/${id}/primary-clinician`, { allowed: ['clinician', 'supervisor', 'psychiatrist'], body: { clinician: 'alice' } }],
  ['POST', '/v1/counseling-notes', { allowed: ['clinician', 'supervisor', 'psychiatrist'], body: { episodeId: id, body: 'x' } }],
  ['GET', `/v1/counseling-notes/${id}`, { allowed: CLINICAL }],
  ['POST', `/v1/counseling-notes/${id}/grants`, { allowed: ['clinician', 'supervisor', 'psychiatrist'], body: { role: 'nurse' } }],
  ['GET', '/v1/documentation-settings', { allowed: ['admin', ...CLINICAL] }],
  ['PUT', '/v1/documentation-settings', { allowed: ['admin'], body: {} }],
  ['GET', '/v1/safety-alerts', { allowed: CLINICAL }],
  ['POST', `/v1/safety-alerts/${id}/acknowledge`, { allowed: CLINICAL }],
  ['POST', `/v1/safety-alerts/${id}/resolve`, { allowed: CLINICAL, body: { summary: 'x' } }],
  ['GET', '/v1/safety-alert-settings', { allowed: ['admin', ...CLINICAL] }],
  ['PUT', '/v1/safety-alert-settings', { allowed: ['admin'], body: {} }],
  ['PUT', '/v1/staff-credentials/alice', { allowed: ['admin'], body: { credential: 'cadc-i' } }],
];

let kit: ClinicalNotesKit;

beforeAll(async () => {
  kit = await ClinicalNotesKit.start('roles');
});
afterAll(() => kit?.close());

describe('role matrix', () => {
  it('the code constants say what the matrix says', () => {
    expect([NOTE_READERS, NOTE_WRITERS, COSIGNERS, COMPLIANCE_READERS, SETTINGS_ADMINS]).toEqual([CLINICAL, CLINICAL, ['supervisor'], [...CLINICAL, 'admin'], ['admin']]);
    expect([PLAN_AUTHORS, COUNSELING_AUTHORS, ASSESSORS]).toEqual(Array(3).fill(['clinician', 'supervisor', 'psychiatrist']));
  });

  it.each(ROUTES)('%s %s', async (method, path, { allowed, body }) => {
    const outcomes: Record<string, string> = {};
    for (const role of ROLES) {
      const res = await kit.t.request(method, path, { token: await kit.token([role]), body });
      outcomes[role] = res.status === 403 ? 'refused' : res.status === 401 || res.status >= 500 ? `failed ${res.status}` : 'allowed';
    }
    expect(outcomes).toEqual(Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? 'allowed' : 'refused'])));
    expect((await kit.t.request(method, path, { body })).status).toBe(401);
  });

  it('publishes the same matrix in the OpenAPI document (x-roles)', async () => {
    const doc = (await kit.t.request('GET', '/docs-json')).body as { paths: Record<string, Record<string, { 'x-roles'?: string[] }>> };
    // A literal path (`/v1/notes/missing`) wins over a template that also matches it (`/v1/notes/{id}`), as in routing.
    const templateOf = (path: string) =>
      path in doc.paths ? path : Object.keys(doc.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path))!;
    for (const [method, path, { allowed }] of ROUTES) {
      expect([method, path, [...(doc.paths[templateOf(path)][method.toLowerCase()]['x-roles'] ?? [])].sort()]).toEqual([method, path, [...allowed].sort()]);
    }
  });

  it('front desk and analysts never read a note, even one that exists', async () => {
    const episode = await kit.admit();
    const { noteId } = (await kit.t.request('POST', '/v1/notes', { token: await kit.token(['clinician'], 'alice'), body: { episodeId: episode.episodeId, type: 'case-management', body: 'x' } })).body;
    for (const role of ['front-desk', 'analyst', 'integrator', 'intake', 'admin']) {
      expect((await kit.t.request('GET', `/v1/notes/${noteId}`, { token: await kit.token([role]) })).status).toBe(403);
    }
  });
});
