/**
 * The demo clinic `npm start` seeds (tools/seed), against the five services as processes: every stage the product
 * owner asked for is visible through the APIs, the summary it prints tells the truth, and a second run changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { seedDemoClinic } from '../tools/seed/seed-demo';
import { api, type ApiResponse } from './api';
import { Cluster } from './cluster';
import { tokenFor } from '../libs/testing/src';

jest.setTimeout(240_000);

const tenant = `demo-${randomBytes(4).toString('hex')}`;

type FollowUp = { status: 'scheduled' | 'completed' | 'lost'; abstinent: boolean | null; withinWindow: boolean | null };
type Episode = { episodeId: string; status: string; levelOfCare: string; careTeam: unknown[] | null };

/** The number the summary gives just before `label`: "4 referred", "5 completed". */
const countIn = (summary: string, label: string): number => {
  const match = summary.match(new RegExp(`(\\d+) ${label}`));
  if (!match) throw new Error(`the summary has no "${label}": ${summary}`);
  return Number(match[1]);
};

describe('the demo clinic seed', () => {
  const cluster = new Cluster({ label: 'demo-seed' });
  const url = (name: Parameters<Cluster['url']>[0]) => cluster.url(name);
  const t: Record<string, string> = {};
  let summary = '';
  let episodes: Episode[] = [];

  const list = async (service: Parameters<Cluster['url']>[0], path: string, token: string): Promise<ApiResponse> => {
    const res = await api(url(service), 'GET', path, token);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res;
  };

  beforeAll(async () => {
    await cluster.start();
    for (const role of ['admin', 'intake', 'clinician', 'analyst'] as const) t[role] = await tokenFor(tenant, [role], `e2e-${role}`);
    summary = await seedDemoClinic(url, tenant);
    episodes = (await list('admissions', '/v1/episodes?limit=200', t.intake)).body.items;
  }, 240_000);
  afterAll(async () => {
    await cluster.stop();
  });

  it('reports what it created', () => {
    expect(summary).toMatch(new RegExp(`^Seeded demo clinic ${tenant}: 2 locations, 30 synthetic patients`));
  });

  it('divides each track\'s blocks into two session types from today on (the curricula)', async () => {
    const locations = (await list('scheduling', '/v1/locations', t.admin)).body.items;
    for (const location of locations) {
      expect(location.curricula.length).toBeGreaterThan(0);
      const nextWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      const sessions = (await list('scheduling', `/v1/locations/${location.locationId}/week?start=${nextWeek}`, t.admin)).body.sessions;
      const program = sessions.filter((s: { series?: string }) => s.series === 'program');
      for (const track of new Set(program.map((s: { track: string }) => s.track))) {
        const types = new Set(program.filter((s: { track: string }) => s.track === track).map((s: { type: string }) => s.type));
        expect({ track, types: types.size, group: types.has('group-therapy') }).toEqual({ track, types: 2, group: true });
      }
    }
  });

  it('books individual care from the treatment plans around the groups (docs/DOMAIN.md section 9)', async () => {
    expect(countIn(summary, 'individual sessions booked from treatment plans')).toBeGreaterThan(0);
  });

  it('has referrals in every state: referred, waitlisted, declined, admitted', async () => {
    for (const [status, label] of [['open', 'referred'], ['waitlisted', 'waitlisted'], ['declined', 'declined'], ['admitted', 'admitted']]) {
      const items = (await list('admissions', `/v1/referrals?status=${status}&limit=200`, t.intake)).body.items;
      expect({ status, count: items.length }).toEqual({ status, count: countIn(summary, label) });
      expect(items.length).toBeGreaterThan(0);
    }
  });

  it('has episodes in treatment, one stepped down to Level 1 while still in the program, and discharged ones', () => {
    const active = episodes.filter((e) => e.status === 'active');
    expect(active.length).toBe(countIn(summary, 'in treatment'));
    expect(active.filter((e) => e.levelOfCare === '1').length).toBe(countIn(summary, 'stepped down to Level 1'));
    expect(active.some((e) => e.levelOfCare === '1')).toBe(true);
    expect(active.filter((e) => (e.careTeam ?? []).length >= 5).length).toBe(countIn(summary, 'with a full care team'));
    expect(episodes.filter((e) => e.status === 'finished').length).toBe(countIn(summary, 'discharged'));
  });

  it('has alumni', async () => {
    const patients = (await list('admissions', '/v1/patients?limit=200', t.intake)).body.items as { alumni: boolean }[];
    expect(patients.length).toBe(30);
    const alumni = patients.filter((p) => p.alumni).length;
    expect(alumni).toBeGreaterThan(0);
    expect(alumni).toBe(countIn(summary, 'alumni'));
  });

  it('has follow-ups completed inside their window and follow-ups lost after it closed', async () => {
    const followUps: FollowUp[] = [];
    for (const e of episodes.filter((x) => x.status === 'finished')) {
      followUps.push(...(await list('outcomes', `/v1/episodes/${e.episodeId}/follow-ups`, t.clinician)).body.items);
    }
    const completed = followUps.filter((f) => f.status === 'completed');
    const lost = followUps.filter((f) => f.status === 'lost');
    expect(lost.length).toBeGreaterThan(0);
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.every((f) => f.withinWindow === true)).toBe(true);
    expect({ completed: completed.length, lost: lost.length }).toEqual({ completed: countIn(summary, 'completed'), lost: countIn(summary, 'lost') });
  });

  it('gives every program metric real numbers, abstinence at first follow-up included', async () => {
    const m = (await list('outcomes', '/v1/metrics/program', t.admin)).body;
    expect(m.cohorts.admitted).toBe(countIn(summary, 'admitted'));
    expect(m.cohorts.discharged).toBe(countIn(summary, 'discharged'));
    expect(m.abstinenceAtFirstFollowUp.denominator).toBeGreaterThan(0);
    expect(m.abstinenceAtFirstFollowUp.rate).toEqual(expect.any(Number));
    // Each rate has a denominator and each median a count: none of them may rest on nothing.
    const empty = Object.entries(m as Record<string, { denominator?: number; count?: number }>)
      .filter(([, v]) => typeof v === 'object' && v !== null && (v.denominator === 0 || v.count === 0))
      .map(([name]) => name);
    expect(empty).toEqual([]);
    // An analyst sees the same figures where they rest on 11 patients or more, and nothing where they do not.
    const forAnalyst = (await list('outcomes', '/v1/metrics/program', t.analyst)).body as Record<string, { rate?: number | null; numerator?: number | null; denominator?: number | null; count?: number | null; suppressed?: boolean }>;
    for (const [name, v] of Object.entries(m as Record<string, { rate?: number; numerator?: number; denominator?: number; count?: number }>)) {
      if (typeof v !== 'object' || v === null || !('rate' in v || 'count' in v)) continue;
      const small = (n?: number) => n !== undefined && n >= 1 && n <= 10;
      const hidden = 'rate' in v ? small(v.denominator) || small(v.numerator) || small((v.denominator ?? 0) - (v.numerator ?? 0)) : small(v.count);
      expect([name, forAnalyst[name]]).toEqual([name, hidden ? expect.objectContaining({ suppressed: true }) : v]);
    }
  });

  it('charts diagnoses with DSM-5 severity, medications with MOUD/MAUD flagged, and BAMs answered through 7A-7G', async () => {
    let diagnoses = 0;
    let moud = 0;
    let bams = 0;
    for (const e of episodes) {
      const items = (await list('admissions', `/v1/episodes/${e.episodeId}/diagnoses`, t.clinician)).body.items as { kind: string; severity?: string }[];
      diagnoses += items.length;
      if (items.length) expect(items.filter((d) => d.kind === 'primary')).toEqual([expect.objectContaining({ severity: expect.any(String) })]);
      const measures = (await list('outcomes', `/v1/episodes/${e.episodeId}/measures`, t.clinician)).body.items as { instrument: string; answers: Record<string, number> }[];
      for (const m of measures.filter((x) => x.instrument === 'BAM')) {
        expect(m.answers).toMatchObject({ 7: expect.any(Number), '7A': expect.any(Number), '7G': expect.any(Number) });
        bams++;
      }
      const patientId = (await list('admissions', `/v1/episodes/${e.episodeId}`, t.clinician)).body.patientId;
      const meds = (await list('admissions', `/v1/patients/${patientId}/medications`, t.clinician)).body.items as { moud?: unknown }[];
      moud += meds.filter((m) => m.moud).length;
    }
    expect(diagnoses).toBe(countIn(summary, 'diagnoses'));
    expect(bams).toBe(countIn(summary, 'recent admissions'));
    expect(moud).toBeGreaterThan(0);
  });

  it('changes nothing when it runs again', async () => {
    const before = (await list('admissions', '/v1/referrals?limit=200', t.intake)).body.items.length;
    expect(await seedDemoClinic(url, tenant)).toBe(`Demo clinic ${tenant} already seeded.`);
    expect((await list('admissions', '/v1/referrals?limit=200', t.intake)).body.items.length).toBe(before);
  });
});
