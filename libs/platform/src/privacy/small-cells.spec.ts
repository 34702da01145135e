import { suppressCount, suppressesSmallCells, suppressMedian, suppressRate } from './small-cells';

describe('small-cell suppression for analysts', () => {
  it('hides every count of 1 to 10 patients, and shows 0 and 11 or more', () => {
    expect([0, 1, 10, 11, 250].map(suppressCount)).toEqual([0, null, null, 11, 250]);
  });

  it('hides a rate whose denominator, numerator or remainder is a small cell', () => {
    expect(suppressRate({ rate: 0.5, numerator: 5, denominator: 10 })).toEqual({ rate: null, numerator: null, denominator: null, suppressed: true });
    expect(suppressRate({ rate: 3 / 40, numerator: 3, denominator: 40 })).toMatchObject({ suppressed: true });
    // 38 of 40: the two who were not are a cell of 2.
    expect(suppressRate({ rate: 38 / 40, numerator: 38, denominator: 40 })).toMatchObject({ suppressed: true });
    expect(suppressRate({ rate: 0, numerator: 0, denominator: 40 })).toEqual({ rate: 0, numerator: 0, denominator: 40 });
    expect(suppressRate({ rate: 20 / 40, numerator: 20, denominator: 40 })).toEqual({ rate: 0.5, numerator: 20, denominator: 40 });
    expect(suppressRate({ rate: null, numerator: 0, denominator: 0 })).toEqual({ rate: null, numerator: 0, denominator: 0 });
  });

  it('hides a median of fewer than 11 patients', () => {
    expect(suppressMedian({ median: 2.5, count: 6 })).toEqual({ median: null, count: null, suppressed: true });
    expect(suppressMedian({ median: 2.5, count: 11 })).toEqual({ median: 2.5, count: 11 });
  });

  it('applies to analysts, not to staff who may see the patients anyway', () => {
    const who = (roles: string[]) => ({ subject: 's', tenantId: 't', roles }) as never;
    expect(suppressesSmallCells(who(['analyst']))).toBe(true);
    expect(suppressesSmallCells(who(['analyst', 'admin']))).toBe(false);
    expect(suppressesSmallCells(who(['supervisor']))).toBe(false);
    expect(suppressesSmallCells(who(['admin']))).toBe(false);
  });
});
