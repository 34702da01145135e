import { given, type CommandMetadata } from '@iop/decider';
import { onCallDecider, toInstant, type OnCallCommand, type ShiftInput } from './on-call.decide';
import type { OnCallEvent } from './on-call.events';
import { onCallAt } from './on-call.state';

const metadata: CommandMetadata = { now: '2026-03-01T15:00:00.000Z', tenantId: 't1', actor: { subject: 'sup', roles: ['supervisor'] }, correlationId: 'c1' };
const NY = 'America/New_York';
const replace = (shifts: ShiftInput[], extra: Partial<OnCallCommand['data']> = {}): OnCallCommand =>
  ({ type: 'ReplaceOnCallRoster', data: { locationId: 'l1', timezone: NY, shifts, ...extra }, metadata });
const shift = (staffId: string, from: string, to: string): ShiftInput => ({ staffId, from, to, contact: `${staffId} pager` });

describe('times', () => {
  it('reads local date-times in the location zone, across the spring-forward night', () => {
    // 2026-03-08: clocks go from 02:00 EST to 03:00 EDT in New York.
    expect(toInstant('2026-03-07T21:00', NY)).toBe('2026-03-08T02:00:00.000Z');
    expect(toInstant('2026-03-08T09:00', NY)).toBe('2026-03-08T13:00:00.000Z');
    expect(toInstant('2026-03-08T02:30', NY)).toBe('2026-03-08T07:30:00.000Z'); // does not exist: moved forward by the gap
  });
  it('takes the earlier instant of the repeated autumn hour', () => expect(toInstant('2026-11-01T01:30', NY)).toBe('2026-11-01T05:30:00.000Z'));
  it('keeps instants with an offset as they are', () => expect(toInstant('2026-03-08T09:00:00-04:00', NY)).toBe('2026-03-08T13:00:00.000Z'));
  it('refuses what is not a time', () => {
    expect(toInstant('2026-02-30T25:00', NY)).toBeUndefined();
    expect(toInstant('tomorrow', NY)).toBeUndefined();
  });
});

describe('replacing the roster', () => {
  const night = shift('dr-lee', '2026-03-07T21:00', '2026-03-08T09:00');
  const day = shift('kim', '2026-03-08T09:00', '2026-03-08T21:00');
  const replaced: OnCallEvent = {
    type: 'OnCallRosterReplaced',
    data: {
      locationId: 'l1', from: '2026-03-08T02:00:00.000Z', to: '2026-03-09T01:00:00.000Z',
      shifts: [
        { staffId: 'dr-lee', from: '2026-03-08T02:00:00.000Z', to: '2026-03-08T13:00:00.000Z', contact: 'dr-lee pager' },
        { staffId: 'kim', from: '2026-03-08T13:00:00.000Z', to: '2026-03-09T01:00:00.000Z', contact: 'kim pager' },
      ],
      overlapAllowed: false, replacedBy: 'sup', replacedAt: metadata.now,
    },
  };

  it('stores instants; the DST night shift lasts 11 hours', () => given(onCallDecider).when(replace([day, night])).then([replaced]));

  it('refuses overlapping shifts unless allowed explicitly', () => {
    const overlapping = shift('sam', '2026-03-08T08:00', '2026-03-08T10:00');
    given(onCallDecider).when(replace([night, day, overlapping])).thenThrows('conflict', 'sam');
    const allowed = given(onCallDecider).when(replace([night, day, overlapping], { allowOverlap: true })).events();
    expect(allowed[0].data.overlapAllowed).toBe(true);
  });

  it('does not hold an overlap allowed earlier against a change elsewhere', () => {
    const overlapping = shift('sam', '2026-03-08T08:00', '2026-03-08T10:00');
    const allowed = given(onCallDecider, [replaced]).when(replace([overlapping], { from: '2026-03-08T08:00', to: '2026-03-08T08:30', allowOverlap: true })).events();
    const later = given(onCallDecider, [replaced, ...allowed]).when(replace([shift('kim', '2026-04-01T09:00', '2026-04-01T21:00')])).events();
    expect(later[0].data.overlapAllowed).toBe(false);
  });

  it('refuses an overlap with a kept shift outside the period', () => {
    const later = shift('sam', '2026-03-08T20:00', '2026-03-09T08:00');
    given(onCallDecider, [replaced]).when(replace([later])).thenThrows('conflict', 'kim');
  });

  it('replaces only the shifts starting in the period', () => {
    const state = [replaced].reduce(onCallDecider.evolve, onCallDecider.initialState());
    const next = onCallDecider.decide(replace([shift('sam', '2026-03-08T09:00', '2026-03-08T21:00')]), state);
    const after = next.reduce(onCallDecider.evolve, state);
    expect(after.shifts.map((s) => s.staffId)).toEqual(['dr-lee', 'sam']);
    expect(onCallAt(after.shifts, '2026-03-08T12:59:00.000Z').map((s) => s.staffId)).toEqual(['dr-lee']);
    expect(onCallAt(after.shifts, '2026-03-08T13:00:00.000Z').map((s) => s.staffId)).toEqual(['sam']);
  });

  it('clears a period with an empty list and explicit bounds, never without them', () => {
    given(onCallDecider, [replaced]).when(replace([])).thenThrows('invalid');
    const cleared = given(onCallDecider, [replaced]).when(replace([], { from: '2026-03-07T00:00', to: '2026-03-09T00:00' })).events();
    const state = [replaced, ...cleared].reduce(onCallDecider.evolve, onCallDecider.initialState());
    expect(state.shifts).toEqual([]);
  });

  it('refuses a shift that ends before it starts, lasts over two weeks or starts outside the given period', () => {
    given(onCallDecider).when(replace([shift('kim', '2026-03-08T09:00', '2026-03-08T08:00')])).thenThrows('invalid');
    given(onCallDecider).when(replace([shift('kim', '2026-03-01T09:00', '2026-03-20T09:00')])).thenThrows('invalid');
    given(onCallDecider).when(replace([day], { from: '2026-03-09T00:00', to: '2026-03-10T00:00' })).thenThrows('invalid');
  });
});
