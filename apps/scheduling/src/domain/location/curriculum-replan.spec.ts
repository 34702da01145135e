import type { SessionType } from '@iop/domain-events';
import { type GeneratedSession, inBookingWindow, replanCurriculum } from './curriculum-replan';
import type { Curriculum, CurriculumSession } from './location.events';
import { planProgramWeek, type PlannedSession } from './series-plan';

const NY = 'America/New_York';
const evening = { track: 'evening' as const, days: ['MON' as const, 'TUE' as const, 'WED' as const, 'THU' as const], start: '18:00', end: '21:00' };
const split = (second: SessionType) => (d: CurriculumSession['day']): CurriculumSession[] => [
  { day: d, start: '18:00', end: '19:30', type: 'group-therapy' },
  { day: d, start: '19:30', end: '21:00', type: second },
];
const version = (effectiveFrom: string, second: SessionType, days: readonly CurriculumSession['day'][] = ['MON', 'TUE', 'WED', 'THU']): Curriculum =>
  ({ track: 'evening', effectiveFrom, sessions: days.flatMap(split(second)) });

/** What the series generated for a week under these versions, as rows of the read model (ids by slot). */
const generated = (week: string, curricula: Curriculum[], attended: string[] = []): GeneratedSession[] =>
  planProgramWeek([evening], 'evening', week, NY, curricula).map((p) => ({ sessionId: p.startsAt, type: p.type, startsAt: p.startsAt, endsAt: p.endsAt, attended: attended.includes(p.startsAt) }));
const plannedFrom = (week: string, curricula: Curriculum[], from: string): PlannedSession[] =>
  planProgramWeek([evening], 'evening', week, NY, curricula).filter((p) => p.startsAt.slice(0, 10) >= from);
const slots = (sessions: { startsAt: string; type: string }[]) => sessions.map((s) => `${s.startsAt} ${s.type}`);

describe('re-planning generated weeks under a new curriculum version', () => {
  const v1 = version('2026-10-01', 'smart-recovery');
  const v2 = version('2026-10-28', 'trauma-focused-psychoeducation');
  const week = '2026-10-26';
  const before = generated(week, [v1]);
  const now = '2026-10-20T15:00:00.000Z';

  it('keeps what the new version plans identically, cancels the rest from the effective date and creates the new sessions', () => {
    const existing = before.filter((s) => s.startsAt.slice(0, 10) >= '2026-10-28');
    const plan = replanCurriculum(existing, plannedFrom(week, [v1, v2], '2026-10-28'), now);
    // Wednesday and Thursday: group therapy stays, the second session changes type.
    expect(plan.unchanged).toEqual(['2026-10-28T18:00:00-04:00', '2026-10-29T18:00:00-04:00']);
    expect(plan.cancelled).toEqual(['2026-10-28T19:30:00-04:00', '2026-10-29T19:30:00-04:00']);
    expect(slots(plan.created)).toEqual(['2026-10-28T19:30:00-04:00 trauma-focused-psychoeducation', '2026-10-29T19:30:00-04:00 trauma-focused-psychoeducation']);
    expect(plan.held).toEqual([]);
  });

  it('never touches a session with attendance or one that has begun, and creates nothing over it', () => {
    const existing = before.filter((s) => s.startsAt.slice(0, 10) >= '2026-10-28').map((s) => (s.sessionId === '2026-10-29T19:30:00-04:00' ? { ...s, attended: true } : s));
    // The command runs on Wednesday at 20:00: Wednesday's 19:30 session has begun.
    const plan = replanCurriculum(existing, plannedFrom(week, [v1, v2], '2026-10-28'), '2026-10-29T00:00:00.000Z');
    expect(plan.held).toEqual(['2026-10-28T19:30:00-04:00', '2026-10-29T19:30:00-04:00']);
    expect(plan.cancelled).toEqual([]);
    expect(plan.created).toEqual([]);
  });

  it('cancels a day the new version drops and creates one it adds', () => {
    const blocks = [{ ...evening, days: [...evening.days, 'FRI' as const] }];
    const old = planProgramWeek(blocks, 'evening', week, NY, [v1]).map((p) => ({ sessionId: p.startsAt, type: p.type, startsAt: p.startsAt, endsAt: p.endsAt, attended: false }));
    const next = version('2026-10-26', 'smart-recovery', ['MON', 'TUE', 'WED', 'FRI']);
    const plan = replanCurriculum(old, planProgramWeek(blocks, 'evening', week, NY, [next]), now);
    expect(plan.cancelled).toEqual(['2026-10-29T18:00:00-04:00', '2026-10-29T19:30:00-04:00']);
    expect(slots(plan.created)).toEqual(['2026-10-30T18:00:00-04:00 group-therapy', '2026-10-30T19:30:00-04:00 smart-recovery']);
    expect(plan.unchanged).toHaveLength(6);
  });

  it('matches across a daylight-saving change by instant: 18:00 stays 18:00 after New York falls back on 2026-11-01', () => {
    const curricula = [v1, version('2026-10-26', 'trauma-focused-psychoeducation')];
    const existing = [...generated('2026-10-26', [v1]), ...generated('2026-11-02', [v1])];
    const planned = [...plannedFrom('2026-10-26', curricula, '2026-10-26'), ...plannedFrom('2026-11-02', curricula, '2026-10-26')];
    const plan = replanCurriculum(existing, planned, now);
    expect(plan.unchanged).toHaveLength(8);
    expect(plan.cancelled).toHaveLength(8);
    expect(plan.created.map((p) => p.startsAt)).toEqual([
      ...['26', '27', '28', '29'].map((d) => `2026-10-${d}T19:30:00-04:00`), ...['02', '03', '04', '05'].map((d) => `2026-11-${d}T19:30:00-05:00`),
    ]);
    // Compared by instant, the sessions written in UTC by the read model match the version's local times as well.
    const asStored = existing.map((s) => ({ ...s, startsAt: new Date(s.startsAt).toISOString(), endsAt: new Date(s.endsAt).toISOString() }));
    expect(replanCurriculum(asStored, planned, now).unchanged).toEqual(plan.unchanged);
  });

  it('offers an enrolled episode the new sessions in its booking window only (local dates)', () => {
    const created = plannedFrom('2026-11-02', [v1, v2], '2026-11-02');
    expect(inBookingWindow(created, { from: '2026-11-03', until: '2026-11-05' }, NY).map((c) => c.startsAt)).toEqual([
      '2026-11-03T18:00:00-05:00', '2026-11-03T19:30:00-05:00', '2026-11-04T18:00:00-05:00', '2026-11-04T19:30:00-05:00',
    ]);
  });
});
