import { DomainError, given } from '@iop/decider';
import { meta } from '../../testing/domain-fixtures';
import { curriculumOn, curriculumProblems, hoursRuleShortfall } from './curriculum';
import type { CurriculumChanged, CurriculumSession, LocationConfigured } from './location.events';
import { type LocationCommand, locationDecider } from './location.decide';
import { planAlumniWeek, planProgramWeek } from './series-plan';

const NY = 'America/New_York';
const rule = { minHoursPerDay: 3, minDaysPerWeek: 4 };
const evening = { track: 'evening' as const, days: ['MON' as const, 'TUE' as const, 'WED' as const, 'THU' as const], start: '18:00', end: '21:00' };
const day = (d: CurriculumSession['day']): CurriculumSession[] => [
  { day: d, start: '18:00', end: '19:30', type: 'group-therapy' },
  { day: d, start: '19:30', end: '21:00', type: 'smart-recovery' },
];
const fourDays = [...day('MON'), ...day('TUE'), ...day('WED'), ...day('THU')];
const configured: LocationConfigured = {
  type: 'LocationConfigured', data: { locationId: 'loc-1', name: 'Riverside', timezone: NY, blocks: [evening], configuredAt: '2026-10-01T12:00:00.000Z' },
};
const now = '2026-10-20T15:00:00.000Z';
const setCurriculum = (effectiveFrom: string, sessions = fourDays, at = now): LocationCommand => ({
  type: 'SetCurriculum', data: { track: 'evening', effectiveFrom, sessions, rule }, metadata: meta(at, ['medical-director']),
});

describe('curriculum rules', () => {
  it('accepts sessions that divide the blocks', () => {
    expect(curriculumProblems('evening', fourDays, [evening])).toEqual([]);
  });
  it('refuses a session outside the track\'s blocks, one that overlaps another, and a one-to-one type', () => {
    const problems = curriculumProblems('evening', [
      { day: 'FRI', start: '18:00', end: '19:00', type: 'group-therapy' },
      { day: 'MON', start: '18:00', end: '19:30', type: 'group-therapy' },
      { day: 'MON', start: '19:00', end: '20:00', type: 'smart-recovery' },
      { day: 'TUE', start: '18:00', end: '19:00', type: 'individual-therapy' },
    ], [evening]);
    expect(problems.map((p) => p.path)).toEqual(['sessions.0', 'sessions.2', 'sessions.3.type']);
  });

  describe('the weekly hours rule', () => {
    it('is met by 3 hours on 4 days', () => {
      expect(hoursRuleShortfall(fourDays, rule)).toEqual([]);
    });
    it('names the days and hours of a week that cannot meet it', () => {
      const short = [...day('MON'), ...day('TUE'), ...day('WED'), { day: 'THU' as const, start: '18:00', end: '20:00', type: 'group-therapy' as const }];
      const problems = hoursRuleShortfall(short, rule);
      expect(problems[0].message).toBe('offers MON 3 h, TUE 3 h, WED 3 h, THU 2 h: 3 day(s) of at least 3 h, the program asks at least 4');
      expect(problems[1]).toEqual({ path: 'sessions.THU', message: 'THU has 2 h, under 3 h' });
    });
    it('follows the tenant\'s settings', () => {
      expect(hoursRuleShortfall(day('MON'), { minHoursPerDay: 3, minDaysPerWeek: 1 })).toEqual([]);
    });
  });

  it('picks the version in force on a date', () => {
    const v1 = { track: 'evening' as const, effectiveFrom: '2026-11-02', sessions: fourDays };
    const v2 = { ...v1, effectiveFrom: '2026-11-16' };
    expect(curriculumOn([v1, v2], 'evening', '2026-11-01')).toBeUndefined();
    expect(curriculumOn([v1, v2], 'evening', '2026-11-15')).toBe(v1);
    expect(curriculumOn([v1, v2], 'evening', '2026-11-16')).toBe(v2);
    expect(curriculumOn([v1, v2], 'morning', '2026-11-16')).toBeUndefined();
  });
});

describe('location decider: curriculum', () => {
  it('saves a version from a date not yet begun at the location', () => {
    const [event] = given(locationDecider, [configured]).when(setCurriculum('2026-11-02')).events() as CurriculumChanged[];
    expect(event).toEqual({ type: 'CurriculumChanged', data: { locationId: 'loc-1', track: 'evening', effectiveFrom: '2026-11-02', sessions: fourDays, changedAt: now } });
  });
  it('takes today in the location\'s zone: 23:30 in New York is still the 20th there', () => {
    given(locationDecider, [configured]).when(setCurriculum('2026-10-20', fourDays, '2026-10-21T03:30:00.000Z')).events();
    given(locationDecider, [configured]).when(setCurriculum('2026-10-20', fourDays, '2026-10-21T04:30:00.000Z')).thenThrows('invalid', 'from today on');
  });
  it('refuses a curriculum that could not meet the hours rule, naming the days and hours (a 400 problem)', () => {
    let error: DomainError | undefined;
    try {
      locationDecider.decide(setCurriculum('2026-11-02', [...day('MON'), ...day('TUE'), ...day('WED')]), locationDecider.evolve(locationDecider.initialState(), configured));
    } catch (e) {
      error = e as DomainError;
    }
    expect(error).toMatchObject({ kind: 'invalid', code: 'curriculum-below-hours-rule' });
    expect(error?.message).toContain('MON 3 h, TUE 3 h, WED 3 h: 3 day(s) of at least 3 h, the program asks at least 4');
  });
  it('refuses sessions outside the blocks, and a location that does not exist', () => {
    given(locationDecider, [configured]).when(setCurriculum('2026-11-02', [...fourDays, { day: 'SAT', start: '09:00', end: '10:00', type: 'group-therapy' }])).thenThrows('invalid', 'sessions');
    given(locationDecider).when(setCurriculum('2026-11-02')).thenThrows('not-found');
  });
  it('saves curricula with a new location, checked against its own blocks and zone', () => {
    const create = (sessions: CurriculumSession[]): LocationCommand => ({
      type: 'ConfigureLocation',
      data: { locationId: 'loc-1', name: 'Riverside', timezone: NY, blocks: [evening], curricula: [{ track: 'evening', effectiveFrom: '2026-10-20', sessions }], rule },
      metadata: meta(now, ['admin']),
    });
    const events = given(locationDecider).when(create(fourDays)).events();
    expect(events.map((e) => e.type)).toEqual(['LocationConfigured', 'CurriculumChanged']);
    expect(events[0].data).not.toHaveProperty('curricula');
    given(locationDecider).when(create(fourDays.slice(2))).thenThrows('invalid', 'offers TUE 3 h, WED 3 h, THU 3 h');
  });
  it('keeps every version; saving a date again replaces that version only', () => {
    const v = (effectiveFrom: string, sessions = fourDays): CurriculumChanged => ({
      type: 'CurriculumChanged', data: { locationId: 'loc-1', track: 'evening', effectiveFrom, sessions, changedAt: now },
    });
    const replaced = [...day('MON'), ...day('TUE'), ...day('WED'), ...day('THU').map((s) => ({ ...s, type: 'trauma-focused-psychoeducation' as const }))];
    const state = [configured, v('2026-11-16'), v('2026-11-02'), v('2026-11-16', replaced)].reduce(locationDecider.evolve, locationDecider.initialState());
    expect(state.status === 'configured' && state.curricula.map((c) => [c.effectiveFrom, c.sessions[7].type])).toEqual([
      ['2026-11-02', 'smart-recovery'], ['2026-11-16', 'trauma-focused-psychoeducation'],
    ]);
    // A later reconfiguration of the blocks keeps the curricula.
    const after = locationDecider.evolve(state, { ...configured, data: { ...configured.data, blocks: [evening] } });
    expect(after.status === 'configured' && after.curricula).toHaveLength(2);
  });
});

describe('series plan under a curriculum', () => {
  const curricula = [{ track: 'evening' as const, effectiveFrom: '2026-10-28', sessions: fourDays }];
  it('gives each day of the curriculum its typed sessions, at 18:00 local on both sides of DST', () => {
    const before = planProgramWeek([evening], 'evening', '2026-10-26', NY, curricula);
    const after = planProgramWeek([evening], 'evening', '2026-11-02', NY, curricula);
    // Monday and Tuesday are before the curriculum's effective date: the blocks' groups stay.
    expect(before.map((s) => [s.type, s.startsAt])).toEqual([
      ['group-therapy', '2026-10-26T18:00:00-04:00'], ['group-therapy', '2026-10-26T19:30:00-04:00'],
      ['group-therapy', '2026-10-27T18:00:00-04:00'], ['group-therapy', '2026-10-27T19:30:00-04:00'],
      ['group-therapy', '2026-10-28T18:00:00-04:00'], ['smart-recovery', '2026-10-28T19:30:00-04:00'],
      ['group-therapy', '2026-10-29T18:00:00-04:00'], ['smart-recovery', '2026-10-29T19:30:00-04:00'],
    ]);
    expect(after.slice(0, 2).map((s) => [s.type, s.startsAt, s.endsAt])).toEqual([
      ['group-therapy', '2026-11-02T18:00:00-05:00', '2026-11-02T19:30:00-05:00'],
      ['smart-recovery', '2026-11-02T19:30:00-05:00', '2026-11-02T21:00:00-05:00'],
    ]);
  });
  it('plans only the curriculum\'s sessions on its days, even fewer than the blocks hold', () => {
    const lean = [{ track: 'evening' as const, effectiveFrom: '2026-11-02', sessions: [{ day: 'MON' as const, start: '18:30', end: '20:00', type: 'smart-recovery' as const }] }];
    expect(planProgramWeek([evening], 'evening', '2026-11-02', NY, lean).map((s) => [s.type, s.startsAt])).toEqual([['smart-recovery', '2026-11-02T18:30:00-05:00']]);
  });
  it('keeps the alumni group a group therapy session at the week\'s first session', () => {
    expect(planAlumniWeek([evening], 'evening', '2026-11-02', NY, curricula)).toEqual([{
      track: 'evening', type: 'group-therapy', series: 'alumni', noCharge: true, startsAt: '2026-11-02T18:00:00-05:00', endsAt: '2026-11-02T19:30:00-05:00',
    }]);
  });
});
