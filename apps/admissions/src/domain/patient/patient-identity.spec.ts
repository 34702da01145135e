import { addDays, ageOn, isCalendarDate } from '@iop/calendar';
import { ageBandAt, displayNameOf } from './patient-identity';

describe('what a roster may show of a patient', () => {
  it('is the first name and the last initial', () => {
    expect(displayNameOf('Alex', 'rivera')).toBe('Alex R.');
    expect(displayNameOf('  Émile ', ' Żak')).toBe('Émile Ż.');
  });

  it('never exceeds the 80 characters the contracts allow', () => {
    expect(displayNameOf('A'.repeat(200), 'Long').length).toBeLessThanOrEqual(80);
  });
});

describe('age bands', () => {
  it.each([
    ['2010-06-01', '2025-06-01', '0-17'],
    ['2007-06-02', '2025-06-01', '0-17'],
    ['2007-06-01', '2025-06-01', '18-24'],
    ['1995-03-10', '2025-03-09', '25-29'],
    ['1995-03-10', '2025-03-10', '30-34'],
    ['1960-01-01', '2025-01-01', '65+'],
  ])('born %s, on %s: %s', (dob, on, band) => {
    expect(ageBandAt(dob, on)).toBe(band);
  });

  it('counts a 29 February birthday from 1 March in common years', () => {
    expect(ageOn('2004-02-29', '2022-02-28')).toBe(17);
    expect(ageOn('2004-02-29', '2022-03-01')).toBe(18);
  });
});

describe('calendar dates', () => {
  it('rejects days that do not exist and adds days across months', () => {
    expect(isCalendarDate('2025-02-30')).toBe(false);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(addDays('2025-03-10', 56)).toBe('2025-05-05');
  });
});
