import { given } from '@iop/decider';
import { meta } from '../../testing/domain-fixtures';
import type { LocationConfigured } from './location.events';
import { type LocationCommand, locationDecider } from './location.decide';
import { planAlumniWeek, planProgramWeek } from './series-plan';

const now = '2026-11-27T12:00:00.000Z';
const evening = { track: 'evening' as const, days: ['MON' as const, 'TUE' as const], start: '18:00', end: '21:00' };
const configure = (timezone = 'America/New_York', blocks = [evening]): LocationCommand => ({
  type: 'ConfigureLocation', data: { locationId: 'loc-1', name: 'Riverside', timezone, blocks }, metadata: meta(now, ['admin']),
});
const configured: LocationConfigured = {
  type: 'LocationConfigured', data: { locationId: 'loc-1', name: 'Riverside', timezone: 'America/New_York', blocks: [evening], configuredAt: now },
};

describe('location decider', () => {
  describe('no location yet', () => {
    it('configures one in its canonical zone', () => {
      given(locationDecider).when(configure('america/new_york')).then([configured]);
    });
    it('refuses an unknown time zone', () => {
      given(locationDecider).when(configure('Mars/Olympus')).thenThrows('invalid', 'Unknown time zone');
    });
    it('refuses a block that ends before it starts', () => {
      given(locationDecider).when(configure('America/New_York', [{ ...evening, start: '21:00', end: '18:00' }])).thenThrows('invalid', 'blocks');
    });
    it('refuses overlapping blocks of one track on a shared day', () => {
      const clash = { ...evening, days: ['TUE' as const], start: '20:00', end: '22:00' };
      given(locationDecider).when(configure('America/New_York', [evening, clash])).thenThrows('invalid');
    });
    it('cannot replace the blocks of a location that does not exist', () => {
      given(locationDecider).when({ type: 'ReplaceBlocks', data: { blocks: [evening] }, metadata: meta(now) }).thenThrows('not-found');
    });
  });

  describe('configured', () => {
    it('replaces the whole block list, keeping name and zone', () => {
      const morning = { track: 'morning' as const, days: ['SAT' as const], start: '09:00', end: '12:00' };
      given(locationDecider, [configured])
        .when({ type: 'ReplaceBlocks', data: { blocks: [evening, morning] }, metadata: meta(now) })
        .then([{ type: 'LocationConfigured', data: { ...configured.data, blocks: [evening, morning] } }]);
    });
    it('is not created twice', () => {
      given(locationDecider, [configured]).when(configure()).thenThrows('conflict');
    });
  });
});

describe('series plan', () => {
  it('fills the 3-hour evening block with two 90-minute groups per day, at 18:00 local on both sides of DST', () => {
    const before = planProgramWeek([evening], 'evening', '2026-10-26', 'America/New_York');
    const after = planProgramWeek([evening], 'evening', '2026-11-02', 'America/New_York');
    expect(before.map((s) => [s.startsAt, s.endsAt])).toEqual([
      ['2026-10-26T18:00:00-04:00', '2026-10-26T19:30:00-04:00'], ['2026-10-26T19:30:00-04:00', '2026-10-26T21:00:00-04:00'],
      ['2026-10-27T18:00:00-04:00', '2026-10-27T19:30:00-04:00'], ['2026-10-27T19:30:00-04:00', '2026-10-27T21:00:00-04:00'],
    ]);
    expect(after[0]).toMatchObject({ type: 'group-therapy', series: 'program', startsAt: '2026-11-02T18:00:00-05:00' });
  });
  it('gives alumni one no-charge group a week', () => {
    expect(planAlumniWeek([evening], 'evening', '2026-11-02', 'America/Chicago')).toEqual([{
      track: 'evening', type: 'group-therapy', series: 'alumni', noCharge: true, startsAt: '2026-11-02T18:00:00-06:00', endsAt: '2026-11-02T19:30:00-06:00',
    }]);
  });
  it('plans nothing for a track without blocks', () => {
    expect(planProgramWeek([evening], 'morning', '2026-11-02', 'America/New_York')).toEqual([]);
  });
});
