import { DEFAULT_OUTCOME_SETTINGS } from '../outcome-settings/outcome-settings.rules';
import { measurementOccasions, occasionStatus } from './measurement-schedule.rules';

const s = DEFAULT_OUTCOME_SETTINGS.measurementSchedule; // baseline 7 days, every 14, lead 3, at discharge
const start = '2025-03-10';

describe('measurement occasions of an active episode', () => {
  it('has a baseline (start..start+7), then one every 14 days, up to the first whose window has not opened', () => {
    const occasions = measurementOccasions({ startDate: start }, s, '2025-03-25');
    expect(occasions.map((o) => [o.kind, o.windowStart, o.dueDate, o.lastDay])).toEqual([
      ['baseline', '2025-03-10', '2025-03-17', '2025-03-20'],
      ['periodic', '2025-03-21', '2025-03-24', '2025-04-03'],
      ['periodic', '2025-04-04', '2025-04-07', undefined],
    ]);
  });

  it.each([
    ['2025-03-09', [], 'upcoming'],
    ['2025-03-10', [], 'due'],
    ['2025-03-17', [], 'due'],
    ['2025-03-18', [], 'overdue'],
    ['2025-03-20', [], 'overdue'],
    ['2025-03-21', [], 'missed'],
    ['2025-03-19', ['2025-03-19'], 'met'],
    ['2025-03-25', ['2025-03-21'], 'missed'],
  ])('the baseline as of %s with measures on %j is %s', (asOf, measuredOn, status) => {
    const [baseline] = measurementOccasions({ startDate: start }, s, asOf);
    expect(occasionStatus(baseline, measuredOn, asOf)).toBe(status);
  });

  it('lets a periodic measure count from leadDays before its due date', () => {
    const [, first] = measurementOccasions({ startDate: start }, s, '2025-03-24');
    expect(occasionStatus(first, ['2025-03-21'], '2025-03-24')).toBe('met');
    expect(occasionStatus(first, ['2025-03-20'], '2025-03-24')).toBe('due');
  });
});

describe('measurement occasions of a discharged episode', () => {
  it('ends with the discharge occasion (leadDays either side), which supersedes a periodic one due inside it', () => {
    const occasions = measurementOccasions({ startDate: start, dischargeDate: '2025-04-09' }, s, '2025-04-10');
    expect(occasions.map((o) => [o.kind, o.windowStart, o.dueDate, o.lastDay])).toEqual([
      ['baseline', '2025-03-10', '2025-03-17', '2025-03-20'],
      ['periodic', '2025-03-21', '2025-03-24', '2025-04-05'],
      ['discharge', '2025-04-06', '2025-04-09', '2025-04-12'],
    ]);
    const discharge = occasions[2];
    expect(occasionStatus(discharge, [], '2025-04-10')).toBe('overdue');
    expect(occasionStatus(discharge, [], '2025-04-13')).toBe('missed');
    expect(occasionStatus(discharge, ['2025-04-08'], '2025-04-13')).toBe('met');
  });

  it('has no discharge occasion when the tenant turned it off, and closes the last periodic one at discharge', () => {
    const occasions = measurementOccasions({ startDate: start, dischargeDate: '2025-04-09' }, { ...s, atDischarge: false }, '2025-04-10');
    expect(occasions.map((o) => [o.kind, o.dueDate, o.lastDay])).toEqual([
      ['baseline', '2025-03-17', '2025-03-20'],
      ['periodic', '2025-03-24', '2025-04-03'],
      ['periodic', '2025-04-07', '2025-04-09'],
    ]);
  });
});
