import { programMetrics } from './program-metrics.rules';
import { forAnalysts, suppressBreakdown } from './program-metrics.suppression';

const breakdown = (...counts: number[]) => ({ total: counts.reduce((a, b) => a + b, 0), cells: counts.map((count, i) => ({ key: `k${i}`, count })) });
const shown = (b: ReturnType<typeof suppressBreakdown<{ key: string }>>) => b.cells.map((c) => c.count);

describe('small cells in a breakdown, as analysts see it', () => {
  it('shows a breakdown with no cell from 1 to 10 whole, zeros included', () => {
    expect(suppressBreakdown(breakdown(40, 0, 25))).toEqual(breakdown(40, 0, 25));
  });

  it('hides a lone small cell together with the smallest other one, so the total does not give it back', () => {
    expect(shown(suppressBreakdown(breakdown(40, 3, 25, 0)))).toEqual([40, null, null, 0]);
  });

  it('hides more cells while the hidden ones add up to 1 to 10', () => {
    // 2 + 3 = 5 could be worked out from the total: the smallest shown cell (12) joins them.
    expect(shown(suppressBreakdown(breakdown(2, 3, 12, 30)))).toEqual([null, null, null, 30]);
    // 4 + 9 = 13 is no longer about 1 to 10 patients.
    expect(shown(suppressBreakdown(breakdown(4, 9, 30)))).toEqual([null, null, 30]);
  });

  it('hides the total when it is small, and every non-zero cell with it', () => {
    const b = suppressBreakdown(breakdown(2, 0, 5));
    expect(b.total).toBeNull();
    expect(b.cells).toEqual([{ key: 'k0', count: null, suppressed: true }, { key: 'k1', count: 0 }, { key: 'k2', count: null, suppressed: true }]);
  });
});

describe('alumni attendance, as analysts see it', () => {
  const alumni = (n: number) => Array.from({ length: n }, (_, i) => ({ patientId: `p${i}`, sessionDate: '2025-03-04', dischargeDate: '2025-01-31' }));
  const metrics = (n: number) => forAnalysts(programMetrics([], [], '2025-03-31', [], undefined, [], { from: '2025-03-03', to: '2025-03-09', sessions: alumni(n) }));

  it('hides the alumni figures about 1 to 10 alumni', () => {
    const m = metrics(4);
    expect(m.alumniActive).toEqual({ count: null, suppressed: true });
    expect(m.alumniSessionsAttended).toEqual({ count: null, patients: null, suppressed: true });
    expect(m.alumniAttendingWeekly).toEqual({ rate: null, numerator: null, denominator: null, suppressed: true });
  });

  it('shows them about none, or more than 10', () => {
    expect(metrics(0).alumniActive).toEqual({ count: 0 });
    const m = metrics(12);
    expect(m.alumniActive).toEqual({ count: 12 });
    expect(m.alumniSessionsAttended).toEqual({ count: 12, patients: 12 });
    expect(m.alumniAttendingWeekly).toEqual({ rate: 1, numerator: 12, denominator: 12 });
  });
});
