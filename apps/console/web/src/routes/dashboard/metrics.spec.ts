import { addDays, againstCited, changeText, countText, csvHref, filtersOf, fractionText, locationLabel, meanText, medianText, rateText } from './metrics';

describe('the dashboard\'s reading of the program metrics', () => {
  it('takes the period and location from the query string, or the year up to today', () => {
    expect(filtersOf(new URLSearchParams(''), '2026-12-06')).toEqual({ from: '2025-12-07', to: '2026-12-06', locationId: null });
    expect(filtersOf(new URLSearchParams('from=2026-01-01&to=2026-03-31&locationId=abc'), '2026-12-06')).toEqual({ from: '2026-01-01', to: '2026-03-31', locationId: 'abc' });
    expect(filtersOf(new URLSearchParams('from=junk&to=2026-03-31'), '2026-12-06')).toEqual({ from: '2025-04-01', to: '2026-03-31', locationId: null });
  });

  it('moves calendar dates across months, leap days and years', () => {
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('downloads the same request as CSV through the console', () => {
    expect(csvHref({ from: '2026-01-01', to: '2026-03-31', locationId: null })).toBe('/api/outcomes/v1/metrics/program?from=2026-01-01&to=2026-03-31&format=csv');
    expect(csvHref({ from: '2026-01-01', to: '2026-03-31', locationId: 'x' })).toContain('locationId=x&format=csv');
  });

  it('says a suppressed figure as "suppressed", never as a number', () => {
    const hidden = { rate: null, numerator: null, denominator: null, suppressed: true as const };
    expect([rateText(hidden), fractionText(hidden)]).toEqual(['suppressed', 'suppressed']);
    expect(medianText({ median: null, count: null, suppressed: true }, 'days')).toBe('suppressed');
    expect(meanText({ mean: null, weeks: null, patients: null, suppressed: true }, 'h')).toBe('suppressed');
    expect(changeText({ median: null, count: null, suppressed: true })).toBe('suppressed');
    expect(countText(null)).toBe('suppressed');
    expect(countText(0)).toBe('0');
  });

  it('reads the figures', () => {
    expect([rateText({ rate: 0.625, numerator: 5, denominator: 8 }), fractionText({ rate: 0.625, numerator: 5, denominator: 8 })]).toEqual(['63%', '5 of 8']);
    expect(rateText({ rate: null, numerator: 0, denominator: 0 })).toBe('no data');
    expect(medianText({ median: 2.5, count: 6 }, 'days')).toBe('2.5 days');
    expect(meanText({ mean: 9.6, weeks: 10, patients: 5 }, 'h')).toBe('9.6 h');
    expect([changeText({ median: -4.5, count: 4 }), changeText({ median: 2, count: 3 }), changeText({ median: 0, count: 3 })]).toEqual(['−4.5', '+2', '0']);
  });

  it('places abstinence against the 50-70% the program cites', () => {
    expect([againstCited(0.49), againstCited(0.5), againstCited(0.7), againstCited(0.71), againstCited(null)]).toEqual(['below', 'within', 'within', 'above', null]);
  });

  it('names a location where the caller may read it, else by a short id', () => {
    const id = '0c2d4e6f-8a0b-4c2d-9e4f-6a8b0c2d4e6f';
    expect(locationLabel(id, new Map([[id, 'Midtown']]))).toBe('Midtown');
    expect(locationLabel(id, new Map())).toBe('Location 0c2d4e6f');
  });
});
