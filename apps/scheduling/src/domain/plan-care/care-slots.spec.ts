import { addDays } from '@iop/calendar';
import { EVENING } from '../../testing/domain-fixtures';
import { planProgramWeek } from '../location/series-plan';
import { cadenceWeeks, type CareOrder, type CareSlotInput, overlaps, placeCare, startTimesAround } from './care-slots';

const NY = 'America/New_York';
const therapy: CareOrder = { service: 'individual-therapy', cadence: 'weekly', durationMinutes: 50, staffId: 'clinician-ana', staffRole: 'clinician' };
/** The patient's evening groups, as enrollment books them (18:00-19:30, 19:30-21:00, Monday to Thursday). */
const groups = (weeks: string[]) => weeks.flatMap((w) => planProgramWeek([EVENING], 'evening', w, NY)).map(({ startsAt, endsAt }) => ({ startsAt, endsAt }));

const input = (over: Partial<CareSlotInput> = {}): CareSlotInput => ({
  timezone: NY, blocks: [EVENING], effectiveFrom: '2026-03-02T09:00:00-05:00', firstDate: '2026-03-02', untilDate: '2026-03-16',
  orders: [therapy], patientBusy: groups(['2026-03-02', '2026-03-09']), staffBusy: {}, ...over,
});

describe('cadence -> weeks', () => {
  it('weekly meets every week until the end, every-2-weeks every other, monthly every fourth, counted from the first week', () => {
    expect(cadenceWeeks('weekly', '2026-03-04', '2026-03-23')).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    expect(cadenceWeeks('every-2-weeks', '2026-03-04', '2026-04-27')).toEqual(['2026-03-02', '2026-03-16', '2026-03-30', '2026-04-13']);
    expect(cadenceWeeks('monthly', '2026-03-04', '2026-04-27')).toEqual(['2026-03-02', '2026-03-30']);
    expect(cadenceWeeks('weekly', '2026-03-04', '2026-03-02')).toEqual([]);
  });
});

describe('slots around a block', () => {
  it('ends at the block first, then steps earlier, then after the block, within the care day', () => {
    expect(startTimesAround({ start: '18:00', end: '21:00' }, 60).slice(0, 3)).toEqual([17 * 60, 16.5 * 60, 16 * 60]);
    expect(startTimesAround({ start: '18:00', end: '21:00' }, 60).at(-1)).toBe(8 * 60);
    expect(startTimesAround({ start: '09:00', end: '12:00' }, 60)).toEqual([8 * 60, ...Array.from({ length: 17 }, (_, i) => 12 * 60 + i * 30)]);
  });

  it('touching intervals do not overlap', () => {
    expect(overlaps({ startsAt: '2026-03-02T17:00:00-05:00', endsAt: '2026-03-02T18:00:00-05:00' }, { startsAt: '2026-03-02T18:00:00-05:00', endsAt: '2026-03-02T19:30:00-05:00' })).toBe(false);
  });
});

describe('placing individual care', () => {
  it('takes the first free slot of the week, ending as the evening block begins, at the same local time across the DST change', () => {
    const { slots, unplaced } = placeCare(input());
    expect(unplaced).toEqual([]);
    // 8 March 2026: New York moves from -05:00 to -04:00; 17:10 stays 17:10, an hour earlier in UTC.
    expect(slots.map((s) => [s.startsAt, s.endsAt])).toEqual([
      ['2026-03-02T17:10:00-05:00', '2026-03-02T18:00:00-05:00'],
      ['2026-03-09T17:10:00-04:00', '2026-03-09T18:00:00-04:00'],
    ]);
    expect(slots[0]).toMatchObject({ service: 'individual-therapy', staffId: 'clinician-ana', weekStart: '2026-03-02', key: 'individual-therapy|clinician-ana|2026-03-02T17:10:00-05:00|2026-03-02T18:00:00-05:00' });
  });

  it("steps around the clinician's other sessions, read as instants, in the week daylight-saving time begins", () => {
    // 21:00-22:00 UTC on Monday 9 March is 17:00-18:00 in New York (EDT); the week before it was 16:00-17:00.
    const staffBusy = { 'clinician-ana': [{ startsAt: '2026-03-09T21:00:00Z', endsAt: '2026-03-09T22:00:00Z' }, { startsAt: '2026-03-02T21:00:00Z', endsAt: '2026-03-02T22:00:00Z' }] };
    const { slots } = placeCare(input({ staffBusy }));
    expect(slots.map((s) => s.startsAt)).toEqual(['2026-03-02T17:10:00-05:00', '2026-03-09T16:10:00-04:00']);
  });

  it("never clashes with the patient's groups or other sessions, nor with what it placed before", () => {
    const consult = { startsAt: '2026-03-02T16:00:00-05:00', endsAt: '2026-03-02T18:00:00-05:00' };
    const psychiatry: CareOrder = { service: 'psychiatric-consultation', cadence: 'monthly', durationMinutes: 30, staffId: 'dr-lee', staffRole: 'psychiatrist' };
    const { slots } = placeCare(input({ orders: [therapy, psychiatry], patientBusy: [...groups(['2026-03-02', '2026-03-09']), consult] }));
    expect(slots.map((s) => [s.service, s.startsAt])).toEqual([
      ['individual-therapy', '2026-03-02T15:10:00-05:00'],
      ['individual-therapy', '2026-03-09T17:10:00-04:00'],
      ['psychiatric-consultation', '2026-03-02T14:30:00-05:00'],
    ]);
    const all = [...groups(['2026-03-02', '2026-03-09']), consult];
    for (const s of slots) expect(all.some((b) => overlaps(s, b))).toBe(false);
    expect(overlaps(slots[0], slots[2])).toBe(false);
  });

  it('starts no session before the plan takes effect, and none on or after the end date', () => {
    const late = placeCare(input({ effectiveFrom: '2026-03-02T17:30:00-05:00', untilDate: '2026-03-10' }));
    expect(late.slots.map((s) => s.startsAt)).toEqual(['2026-03-03T17:10:00-05:00', '2026-03-09T17:10:00-04:00']);
    const ending = placeCare(input({ untilDate: '2026-03-09' }));
    expect(ending.slots.map((s) => s.startsAt)).toEqual(['2026-03-02T17:10:00-05:00']);
  });

  it('reports a week without a free slot instead of forcing one', () => {
    const allWeek = { 'clinician-ana': [{ startsAt: '2026-03-09T08:00:00-04:00', endsAt: '2026-03-13T21:00:00-04:00' }] };
    const { slots, unplaced } = placeCare(input({ staffBusy: allWeek }));
    expect(slots).toHaveLength(1);
    expect(unplaced).toEqual([{ order: 0, service: 'individual-therapy', weekStart: '2026-03-09' }]);
  });

  it('is deterministic: the same input places the same slots', () => {
    const weeks = Array.from({ length: 8 }, (_, i) => addDays('2026-03-02', 7 * i));
    const long = input({ untilDate: '2026-04-27', patientBusy: groups(weeks) });
    expect(placeCare(long)).toEqual(placeCare(long));
    expect(placeCare(long).slots).toHaveLength(8);
  });
});
