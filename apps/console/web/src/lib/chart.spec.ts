import type { MeasureView } from '../api/views';
import { bandLabel, currentWeekHours, programWeek, trends } from './chart';

const measure = (instrument: MeasureView['instrument'], administeredAt: string, scores: Record<string, number>, band: MeasureView['band'] = null): MeasureView => ({
  measureId: administeredAt, instrument, code: { system: 'http://loinc.org', code: 'x' }, answers: [], scores, band, safetyAlert: false,
  scoringVersion: 'v1', administeredAt, administeredBy: 'demo-clinician', followUpId: null,
});

describe('the chart\'s computations', () => {
  it('counts the program week from the start date, and the planned weeks to the planned end', () => {
    expect(programWeek('2026-11-02', '2026-12-28', '2026-11-02')).toEqual({ week: 1, planned: 8 });
    expect(programWeek('2026-11-02', '2026-12-28', '2026-11-08')).toEqual({ week: 1, planned: 8 });
    expect(programWeek('2026-11-02', '2026-12-28', '2026-11-09')).toEqual({ week: 2, planned: 8 });
    expect(programWeek('2026-11-02', null, '2026-11-01')).toEqual({ week: null, planned: null });
    expect(programWeek(null, null, '2026-11-01')).toEqual({ week: null, planned: null });
  });

  it('holds the current week to the minimum hours a day on each required day', () => {
    const week = { weekStart: '2026-11-30', hoursAttended: 6, daysAttended: 2, daysWithMinimumHours: 2, plannedDays: 4, requiredDays: 3, compliant: false, belowAsamMinimum: true, closed: false };
    expect(currentWeekHours({ episodeId: 'e', timezone: 'UTC', rule: { minHoursPerDay: 3, minDaysPerWeek: 3 }, items: [{ ...week, hoursAttended: 9 }, week] }))
      .toEqual({ attended: 6, required: 9, week });
    expect(currentWeekHours({ episodeId: 'e', timezone: 'UTC', rule: { minHoursPerDay: 3, minDaysPerWeek: 3 }, items: [] })).toBeNull();
  });

  it('draws each instrument oldest first with its bands; the BAM as its three subscales, without bands', () => {
    const out = trends([
      measure('PHQ-9', '2026-11-20T10:00:00Z', { total: 8 }, 'mild'),
      measure('GAD-7', '2026-11-05T10:00:00Z', { total: 12 }, 'moderate'),
      measure('PHQ-9', '2026-11-05T10:00:00Z', { total: 14 }, 'moderate'),
      measure('BAM', '2026-11-05T10:00:00Z', { use: 3, risk: 10, protective: 14 }),
    ]);
    expect(out.map((t) => t.instrument)).toEqual(['PHQ-9', 'GAD-7', 'BAM']);
    expect(out[0]).toMatchObject({ max: 27, series: [{ points: [{ value: 14, band: 'moderate' }, { value: 8, band: 'mild' }] }] });
    expect(out[0].bands.map((b) => b.label)).toContain('Moderately severe');
    expect(out[1].max).toBe(21);
    expect(out[2]).toMatchObject({ bands: [], series: [{ key: 'use', points: [{ value: 3 }] }, { key: 'risk' }, { key: 'protective' }] });
    expect(bandLabel('moderately-severe')).toBe('Moderately severe');
  });
});
