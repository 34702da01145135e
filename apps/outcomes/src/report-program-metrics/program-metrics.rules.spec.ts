import {
  alumniActive, alumniAttendingWeekly, alumniSessionsAttended, alumniWeeks, attendanceRate, averageHoursPerWeek, census, dischargesByReason, engagement, median, percentile, rate, responseTime, retention, type AdmissionFacts,
  type DischargeFacts,
} from './program-metrics.rules';

const episode = (o: Partial<AdmissionFacts>): AdmissionFacts => ({
  startDate: '2025-01-06', admittedOn: '2025-01-03', referredOn: '2025-01-02', dischargeDate: null, dischargeReason: null,
  attendedDays: [], weeks: 0, compliantWeeks: 0, hoursAttended: 0, sessions: 0, sessionsAttended: 0, ...o,
});

const discharge = (reason: string): DischargeFacts => ({ startDate: '2025-01-06', dischargeDate: '2025-02-01', reason, firstFollowUpAbstinent: null, phq9: [], gad7: [] });

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

describe('safety alert response times', () => {
  const alert = (episodeId: string, ackMin: number | null, resolveMin: number | null) => ({
    episodeId, openedAt: '2026-03-08T03:00:00.000Z',
    acknowledgedAt: ackMin === null ? null : new Date(Date.parse('2026-03-08T03:00:00.000Z') + ackMin * 60_000).toISOString(),
    resolvedAt: resolveMin === null ? null : new Date(Date.parse('2026-03-08T03:00:00.000Z') + resolveMin * 60_000).toISOString(),
  });

  it('takes the nearest-rank 90th percentile', () => {
    expect(percentile([], 90)).toBeNull();
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11], 90)).toBe(10);
  });

  it('measures from opening, over the alerts that got there, counting alerts and episodes', () => {
    const alerts = [alert('e1', 4, 60), alert('e1', 10, null), alert('e2', 30, 90), alert('e3', null, null)];
    expect(responseTime(alerts, 'acknowledgedAt')).toEqual({ median: 10, p90: 30, count: 3, patients: 2 });
    expect(responseTime(alerts, 'resolvedAt')).toEqual({ median: 75, p90: 90, count: 2, patients: 2 });
    expect(responseTime([], 'resolvedAt')).toEqual({ median: null, p90: null, count: 0, patients: 0 });
  });

  it('rates attendance over recorded sessions and averages hours over patient-weeks, not patients', () => {
    const cohort = [episode({ sessions: 4, sessionsAttended: 3, weeks: 2, hoursAttended: 21 }), episode({ sessions: 2, sessionsAttended: 0, weeks: 1, hoursAttended: 0 }), episode({})];
    expect(attendanceRate(cohort)).toEqual({ rate: 0.5, numerator: 3, denominator: 6 });
    expect(averageHoursPerWeek(cohort)).toEqual({ mean: 7, weeks: 3, patients: 2 });
    expect(averageHoursPerWeek([episode({})])).toEqual({ mean: null, weeks: 0, patients: 0 });
    expect(averageHoursPerWeek([episode({ weeks: 3, hoursAttended: 10 })]).mean).toBe(3.33);
  });

  it('counts discharges under every known reason, zeros kept, and an unknown reason after them', () => {
    const b = dischargesByReason([discharge('completed'), discharge('completed'), discharge('moved-away')], ['completed', 'transfer']);
    expect(b).toEqual({ total: 3, cells: [{ reason: 'completed', count: 2 }, { reason: 'transfer', count: 0 }, { reason: 'moved-away', count: 1 }] });
  });

  it('orders the census by location then track and totals it', () => {
    const rows = [{ locationId: 'b', track: 'evening', episodes: 4 }, { locationId: 'a', track: 'morning', episodes: 2 }, { locationId: 'a', track: 'evening', episodes: 1 }];
    expect(census(rows, '2025-03-01')).toEqual({
      asOf: '2025-03-01', total: 7,
      cells: [{ locationId: 'a', track: 'evening', count: 1 }, { locationId: 'a', track: 'morning', count: 2 }, { locationId: 'b', track: 'evening', count: 4 }],
    });
  });

  describe('alumni attendance', () => {
    // 2025-03-03 is a Monday: the period holds the whole weeks of 03-03, 03-10 and 03-17, and 03-24 in part.
    const [from, to] = ['2025-03-01', '2025-03-25'];
    const attended = (patientId: string, dischargeDate: string, ...days: string[]) => days.map((sessionDate) => ({ patientId, sessionDate, dischargeDate }));

    it('counts whole weeks of the period after the discharge day only', () => {
      expect(alumniWeeks(from, to, '2025-01-31')).toEqual(['2025-03-03', '2025-03-10', '2025-03-17']);
      // Discharged on Monday 03-10: that week began before they were alumni.
      expect(alumniWeeks(from, to, '2025-03-10')).toEqual(['2025-03-17']);
      expect(alumniWeeks(from, to, '2025-03-18')).toEqual([]);
      expect(alumniWeeks('2025-03-03', '2025-03-09', '2025-01-31')).toEqual(['2025-03-03']);
    });

    it('counts alumni as patients, once however many sessions, and their sessions', () => {
      const sessions = [...attended('p1', '2025-01-31', '2025-03-04', '2025-03-11'), ...attended('p2', '2025-02-14', '2025-03-06')];
      expect(alumniActive(sessions)).toEqual({ count: 2 });
      expect(alumniSessionsAttended(sessions)).toEqual({ count: 3, patients: 2 });
      expect(alumniSessionsAttended([])).toEqual({ count: 0, patients: 0 });
    });

    it('rates as weekly the alumni who came in every whole week they were alumni, leaving out those with none', () => {
      const sessions = [
        ...attended('weekly', '2025-01-31', '2025-03-04', '2025-03-13', '2025-03-18'),
        ...attended('missed-a-week', '2025-01-31', '2025-03-04', '2025-03-05', '2025-03-18'),
        ...attended('joined-later', '2025-03-10', '2025-03-20'),
        ...attended('too-recent', '2025-03-20', '2025-03-24'),
      ];
      expect(alumniAttendingWeekly(sessions, from, to)).toEqual({ rate: 2 / 3, numerator: 2, denominator: 3 });
      expect(alumniAttendingWeekly([], from, to)).toEqual({ rate: null, numerator: 0, denominator: 0 });
    });

    it('takes a readmitted alumnus\'s latest discharge: the weeks in between they were a patient again', () => {
      const sessions = [...attended('p', '2025-01-31', '2025-03-04'), ...attended('p', '2025-03-10', '2025-03-18')];
      expect(alumniAttendingWeekly(sessions, from, to)).toEqual({ rate: 1, numerator: 1, denominator: 1 });
    });
  });
});
