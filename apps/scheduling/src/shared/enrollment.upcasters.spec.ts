import { candidatesFor, EVENING, meta } from '../testing/domain-fixtures';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import { placesOf, splitBySeats, toPlaceList } from '../domain/enrollment/enrollment-plan';
import type { Booking, EpisodeEnrolled } from '../domain/enrollment/enrollment.events';
import { evolve, initialState } from '../domain/enrollment/enrollment.state';
import { episodeEnrolledV1toV2, schedulingUpcasters } from './enrollment.upcasters';

const NY = 'America/New_York';
const now = '2026-10-20T15:00:00.000Z';
const patient = { episodeId: 'ep-1', patientId: 'pat-1', displayName: 'Alex R.', ageBand: '30-34', locationId: 'loc-1', track: 'evening' as const, timezone: NY };
/** Two weeks around the end of daylight saving time in New York (Sunday 2026-11-01): the offset moves from -04:00 to -05:00. */
const candidates = candidatesFor([EVENING], NY, ['2026-10-26', '2026-11-02']).map((c, i) => ({ ...c, seatsLeft: i % 5 === 0 ? 0 : 2 }));
const { bookings, waitlisted } = splitBySeats(candidates);

describe('place lists (EpisodeEnrolled v2)', () => {
  it('hold the same bookings as the list they were made from, across a change of offset', () => {
    expect(candidates[0].startsAt).toBe('2026-10-26T18:00:00-04:00');
    expect(bookings.at(-1)!.endsAt).toMatch(/-05:00$/);
    expect(placesOf(toPlaceList(bookings), NY)).toEqual(bookings);
    expect(placesOf(toPlaceList(waitlisted), NY)).toEqual(waitlisted);
    expect(toPlaceList([])).toEqual({ kinds: [], sessionIds: [], startsAt: [], kind: [] });
  });

  it('keep a session that spans the change of offset, a no-charge session and a fractional length exact', () => {
    const odd: Booking[] = [
      // 01:30 EDT to 01:30 EST: one hour that the wall clock does not show.
      { sessionId: 'overnight', type: 'crisis-intervention', startsAt: '2026-11-01T01:30:00-04:00', endsAt: '2026-11-01T01:30:00-05:00' },
      { sessionId: 'alumni', type: 'group-therapy', startsAt: '2026-11-02T18:00:00-05:00', endsAt: '2026-11-02T19:30:00-05:00', noCharge: true },
      { sessionId: 'short', type: 'group-therapy', startsAt: '2026-11-03T18:00:00-05:00', endsAt: '2026-11-03T18:00:30-05:00' },
    ];
    const list = toPlaceList(odd);
    expect(list.kinds).toHaveLength(3);
    expect(placesOf(list, NY)).toEqual(odd);
  });

  it('are under half the size of the bookings they replace', () => {
    const all = splitBySeats(candidatesFor([EVENING], NY, ['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30', '2026-12-07', '2026-12-14'])).bookings;
    expect(all).toHaveLength(64);
    expect(JSON.stringify(toPlaceList(all)).length).toBeLessThan(JSON.stringify(all).length / 2);
  });
});

describe('EpisodeEnrolled v1 -> v2', () => {
  const v2 = enrollmentDecider.decide(
    { type: 'EnrollEpisode', data: { ...patient, startDate: '2026-10-26', plannedEndDate: '2026-11-09', rule: { minHoursPerDay: 3, minDaysPerWeek: 4 }, candidates }, metadata: meta(now, []) },
    enrollmentDecider.initialState(),
  )[0] as EpisodeEnrolled;
  /** The event as v1 wrote it: the same fields, the places as lists of bookings. */
  const v1 = { ...v2.data, bookings, waitlisted };

  it('turns the lists of bookings into place lists and keeps everything else', () => {
    expect(episodeEnrolledV1toV2(structuredClone(v1))).toEqual(v2.data);
    expect(schedulingUpcasters.upcast('EpisodeEnrolled', 1, structuredClone(v1))).toEqual({ version: 2, data: v2.data });
    expect(schedulingUpcasters.currentVersion('EpisodeEnrolled')).toBe(2);
  });

  it('an enrollment stored as v1 evolves to the state the v2 event gives', () => {
    const fromV1 = evolve(initialState(), { type: 'EpisodeEnrolled', data: episodeEnrolledV1toV2(structuredClone(v1)) });
    expect(fromV1).toEqual(evolve(initialState(), v2));
    expect(fromV1.status === 'active' && Object.keys(fromV1.bookings)).toHaveLength(candidates.length);
  });
});
