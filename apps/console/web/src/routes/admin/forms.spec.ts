import { age, checkTime, listFieldErrors } from './forms';

describe('the administration forms\' helpers', () => {
  it('puts an error the API names at a list item on the list\'s field, and leaves other fields alone', () => {
    const errors = { 'eventTypes.2': ['iop.nope is not an event type'], 'eventTypes.0': ['listed twice'], url: ['must be https'], 'blocks.0.start': ['bad'] };
    expect(listFieldErrors(errors, ['eventTypes'])).toEqual({
      eventTypes: ['iop.nope is not an event type', 'listed twice'], url: ['must be https'], 'blocks.0.start': ['bad'],
    });
    // A field under a list item is that item's own field, not the list's.
    expect(listFieldErrors({ 'followUps.offsetsDays.1': ['too big'], 'followUps.windowDays': ['too small'] }, ['followUps.offsetsDays'])).toEqual({
      'followUps.offsetsDays': ['too big'], 'followUps.windowDays': ['too small'],
    });
  });

  it('says how long ago, coarsely', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(age('2026-12-06T11:15:00Z', now)).toBe('45 min');
    expect(age('2026-12-05T10:00:00Z', now)).toBe('26 h');
    expect(age('2026-12-01T12:00:00Z', now)).toBe('5 days');
    expect(age('2026-12-06T12:05:00Z', now)).toBe('0 min');
  });

  it('takes block times as 24-hour HH:mm', () => {
    expect(checkTime('18:00')).toBeNull();
    expect(checkTime('09:30')).toBeNull();
    expect(checkTime('9:30')).not.toBeNull();
    expect(checkTime('24:00')).not.toBeNull();
    expect(checkTime('6 PM')).not.toBeNull();
  });
});
