import { engagement, median, rate, retention, type AdmissionFacts } from './program-metrics.rules';

const episode = (o: Partial<AdmissionFacts>): AdmissionFacts => ({
  startDate: '2025-01-06', admittedOn: '2025-01-03', referredOn: '2025-01-02', dischargeDate: null, dischargeReason: null,
  attendedDays: [], weeks: 0, compliantWeeks: 0, ...o,
});

describe('program metric arithmetic', () => {
  it('gives a null rate, not NaN, for an empty denominator', () => {
    expect(rate(0, 0)).toEqual({ rate: null, numerator: 0, denominator: 0 });
    expect(rate(1, 4)).toEqual({ rate: 0.25, numerator: 1, denominator: 4 });
  });

  it.each([
    [[], null],
    [[7], 7],
    [[9, 1, 5], 5],
    [[4, 1, 3, 2], 2.5],
    [[-12, 2, -4, -5], -4.5],
  ])('the median of %j is %p', (values, expected) => {
    expect(median(values)).toEqual({ median: expected, count: values.length });
  });

  it('leaves out of retention the episodes whose week has not ended, but counts early dropouts at once', () => {
    const today = '2025-02-01'; // week 4 of a 2025-01-06 start ends 2025-02-02
    const cohort = [episode({}), episode({ dischargeDate: '2025-01-20', dischargeReason: 'against-medical-advice' }), episode({ dischargeDate: '2025-01-20', dischargeReason: 'step-down' })];
    expect(retention(cohort, 4, today)).toEqual({ rate: 0.5, numerator: 1, denominator: 2 });
    expect(retention(cohort, 4, '2025-02-02')).toEqual({ rate: 2 / 3, numerator: 2, denominator: 3 });
  });

  it('leaves out of engagement an active episode whose 34 days after initiation have not passed', () => {
    const young = episode({ attendedDays: ['2025-01-06', '2025-01-07', '2025-01-08'] });
    expect(engagement([young], '2025-02-09')).toEqual({ rate: null, numerator: 0, denominator: 0 });
    expect(engagement([young], '2025-02-10')).toEqual({ rate: 1, numerator: 1, denominator: 1 });
  });
});
