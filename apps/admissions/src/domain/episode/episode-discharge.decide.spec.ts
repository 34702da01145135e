import { given } from '@iop/decider';
import { NO_EVIDENCE } from './continued-stay.evidence';
import { episodeDecider, type EpisodeCommand } from './episode.decide';
import type { DischargePatient } from './episode-discharge.decide';
import { admitted, at, goalsMet, ids, reviewed } from './episode.fixtures';

const now = '2025-05-03T00:35:00.000Z';
const discharge = (data: Partial<DischargePatient['data']> = {}): EpisodeCommand => ({
  type: 'DischargePatient', data: { reason: 'completed', dischargedAt: '2025-05-02T20:30:00-04:00', joinAlumni: false, ...data }, metadata: at(now),
});
const review = (trigger: 'request' | 'schedule' | 'evidence', evidence = goalsMet): EpisodeCommand => ({
  type: 'ReviewContinuedStay', data: { reviewId: ids.reviewId, trigger, evidence }, metadata: at('2025-04-28T14:00:00.000Z'),
});
const discharged = (over: Record<string, unknown>) => ({
  type: 'PatientDischarged',
  data: {
    episodeId: ids.episodeId, patientId: ids.patientId, locationId: ids.locationId, track: 'evening', reason: 'completed',
    startDate: '2025-03-10', dischargedAt: '2025-05-02T20:30:00-04:00', joinAlumni: false, ...over,
  },
});

describe('continued-stay review of an active episode', () => {
  it('recommends from the evidence and records the criteria that fired', () => {
    const [event] = given(episodeDecider, [admitted]).when(review('request')).events();
    if (event.type !== 'ContinuedStayReviewed') throw new Error(event.type);
    expect(event.data.recommendation).toBe('step-down');
    expect(event.data.criteria.filter((c) => c.fired).map((c) => c.id)).toEqual(['step-down.goals-achieved', 'step-down.placement-below-this-level']);
    expect(event.data.evidence).toMatchObject({ weeksInTreatment: 7, currentLevel: '2.1', previousRatings: admitted.data.admissionRatings });
  });

  it('without any evidence yet, continues and flags the missing reassessment', () => {
    const [event] = given(episodeDecider, [admitted]).when(review('schedule', NO_EVIDENCE)).events();
    if (event.type !== 'ContinuedStayReviewed') throw new Error(event.type);
    expect(event.data.recommendation).toBe('continue');
    expect(event.data.alerts.map((a) => a.id)).toContain('reassessment.latest-ratings-missing');
  });
});

describe('continued-stay review of a closed or unknown episode', () => {
  it('is refused when a clinician asks, and skipped when the schedule or new evidence asks', () => {
    given(episodeDecider).when(review('request')).thenThrows('not-found');
    given(episodeDecider, [admitted, discharged({ overrideReason: 'x' }) as never]).when(review('request')).thenThrows('conflict', 'finished');
    given(episodeDecider).when(review('evidence')).then([]);
    given(episodeDecider, [admitted, discharged({ overrideReason: 'x' }) as never]).when(review('schedule')).then([]);
  });
});

describe('discharge of an active episode', () => {
  it('is backed by the latest review whose recommendation matches', () => {
    given(episodeDecider, [admitted, reviewed('step-down')]).when(discharge()).then([discharged({ backedByReviewId: ids.reviewId }) as never]);
  });

  it('needs an override reason when no review backs it, and records it', () => {
    given(episodeDecider, [admitted]).when(discharge()).thenThrows('invalid', 'overrideReason');
    given(episodeDecider, [admitted, reviewed('continue')]).when(discharge()).thenThrows('invalid', 'recommends continue');
    given(episodeDecider, [admitted, reviewed('continue')]).when(discharge({ overrideReason: 'moved out of state' })).then([
      discharged({ overrideReason: 'moved out of state' }) as never,
    ]);
  });

  it('judges only the latest review', () => {
    given(episodeDecider, [admitted, reviewed('step-down', 'aaaaaaaa-0000-4000-8000-000000000001'), reviewed('continue')]).when(discharge()).thenThrows('invalid');
  });

  it('against medical advice always carries the reason', () => {
    given(episodeDecider, [admitted, reviewed('discharge')]).when(discharge({ reason: 'against-medical-advice' })).thenThrows('invalid');
  });

  it('enrols the patient as an alumnus when asked', () => {
    given(episodeDecider, [admitted, reviewed('discharge')]).when(discharge({ joinAlumni: true })).then([
      discharged({ joinAlumni: true, backedByReviewId: ids.reviewId }) as never,
      {
        type: 'AlumniEnrolled',
        data: {
          patientId: ids.patientId, episodeId: ids.episodeId, locationId: ids.locationId, track: 'evening',
          patient: { firstName: 'Alex', lastName: 'Rivera' }, enrolledAt: '2025-05-02T20:30:00-04:00',
        },
      },
    ]);
  });

  it.each([
    [{ dischargedAt: '2025-05-09T10:00:00Z' }, 'future'],
    [{ dischargedAt: '2025-03-01T10:00:00Z' }, 'starts on'],
    [{ reason: 'graduated' as never }, 'reason'],
  ])('refuses %j', (data, message) => {
    given(episodeDecider, [admitted, reviewed('discharge')]).when(discharge(data)).thenThrows('invalid', message);
  });
});

describe('discharge of an episode that is not open', () => {
  it('is a conflict before admission and after discharge', () => {
    given(episodeDecider).when(discharge({ overrideReason: 'x' })).thenThrows('conflict', 'not been admitted');
    given(episodeDecider, [admitted, discharged({ overrideReason: 'x' }) as never]).when(discharge({ overrideReason: 'x' })).thenThrows('conflict', 'already discharged');
  });
});
