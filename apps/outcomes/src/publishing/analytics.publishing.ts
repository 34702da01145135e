import { daysBetween, localDateOf, monthOf } from '@iop/calendar';
import {
  analyticsAttendanceWeekSummarizedV1, analyticsEpisodeCancelledV1, analyticsEpisodeEndedV1, analyticsEpisodeStartedV1, analyticsFollowUpOutcomeV1,
  analyticsMeasureRecordedV1, analyticsSafetyAlertTimedV1, analyticsSessionAttendedV1, type Pseudonyms,
} from '@iop/domain-events';
import type { OutgoingMessage } from '@iop/event-store';
import type {
  AttendanceWeekNoted, EpisodeCancelled, EpisodeClosed, EpisodeEvent, EpisodeOpened, FollowUpCompleted, FollowUpLost, MeasureRecorded,
  SessionAttendanceNoted,
} from '../domain/episode/episode.events';
import type { Pseudonymizer } from './analytics-keys';

/**
 * The de-identified copy for analysts (DEIDENTIFICATION_NOTE): every field is picked by name, ids become keyed
 * pseudonyms, exact dates become months or day counts from the episode start. No name, date of birth, staff id,
 * free text or raw answer is ever read here. Counts are clamped at 0 so a late correction can never produce a
 * message the schema refuses (which would stall the stream).
 */
type Keys = ((patientId: string, episodeId: string) => Pseudonyms) & { location: (locationId: string) => string };

function episodeStarted(d: EpisodeOpened['data'], keys: Keys): OutgoingMessage {
  const admittedOn = localDateOf(d.admittedAt);
  return { contract: analyticsEpisodeStartedV1, data: {
    ...keys(d.patientId, d.episodeId), locationId: keys.location(d.locationId), track: d.track, ageBand: d.ageBand, levelOfCare: d.levelOfCare,
    recommendedLevel: d.recommendedLevel, levelOverridden: d.levelOverridden, referralSource: d.referralSource,
    admittedMonth: monthOf(admittedOn), daysFromReferral: Math.max(0, daysBetween(localDateOf(d.referredAt), admittedOn)),
  } };
}

function weekSummarized(d: AttendanceWeekNoted['data'], keys: Keys): OutgoingMessage {
  return { contract: analyticsAttendanceWeekSummarizedV1, data: {
    ...keys(d.patientId, d.episodeId), locationId: keys.location(d.locationId), programWeek: d.programWeek, hoursAttended: d.hoursAttended,
    daysAttended: d.daysAttended, daysWithMinimumHours: d.daysWithMinimumHours, compliant: d.compliant,
    rule: { minHoursPerDay: d.rule.minHoursPerDay, minDaysPerWeek: d.rule.minDaysPerWeek },
  } };
}

/** A session attended or missed, by type; none for attendance noted before the type was kept. */
function sessionAttended(d: SessionAttendanceNoted['data'], keys: Keys): OutgoingMessage[] {
  if (!d.sessionType || !d.locationId || d.daysSinceStart === undefined) return [];
  return [{ contract: analyticsSessionAttendedV1, data: {
    ...keys(d.patientId, d.episodeId), locationId: keys.location(d.locationId), sessionType: d.sessionType, status: d.status,
    minutesAttended: Math.max(0, d.minutesAttended), daysSinceStart: Math.max(0, d.daysSinceStart), alumni: d.alumni === true,
  } }];
}

function measureRecorded(d: MeasureRecorded['data'], keys: Keys): OutgoingMessage {
  return { contract: analyticsMeasureRecordedV1, data: {
    ...keys(d.patientId, d.episodeId), instrument: d.instrument, scores: d.scores, ...(d.band ? { band: d.band } : {}),
    safetyAlert: d.safetyAlert, scoringVersion: d.scoringVersion, daysSinceStart: Math.max(0, d.daysSinceStart),
  } };
}

function episodeEnded(d: EpisodeClosed['data'], keys: Keys): OutgoingMessage {
  const dischargedOn = localDateOf(d.dischargedAt);
  return { contract: analyticsEpisodeEndedV1, data: {
    ...keys(d.patientId, d.episodeId), locationId: keys.location(d.locationId), reason: d.reason, joinAlumni: d.joinAlumni,
    lengthOfStayDays: Math.max(0, daysBetween(d.startDate, dischargedOn)), dischargedMonth: monthOf(dischargedOn),
  } };
}

/** The started episode never took place: analysts take it out of every count (its EpisodeStarted is retracted). */
function episodeCancelled(d: EpisodeCancelled['data'], keys: Keys): OutgoingMessage {
  return { contract: analyticsEpisodeCancelledV1, data: { ...keys(d.patientId, d.episodeId), cancelledMonth: monthOf(localDateOf(d.cancelledAt)) } };
}

function followUpOutcome(e: FollowUpCompleted | FollowUpLost, keys: Keys): OutgoingMessage {
  const outcome = e.type === 'FollowUpCompleted'
    ? { status: 'completed' as const, abstinent: e.data.abstinent, withinWindow: e.data.withinWindow }
    : { status: 'lost' as const };
  const d = e.data;
  return { contract: analyticsFollowUpOutcomeV1, data: { ...keys(d.patientId, d.episodeId), sequence: d.sequence, offsetDays: d.offsetDays, ...outcome } };
}

export function analyticsMessages(e: EpisodeEvent, tenantId: string, p: Pseudonymizer): OutgoingMessage[] {
  const keys: Keys = Object.assign((patientId: string, episodeId: string) => ({
    subjectKey: p.subjectKey(tenantId, patientId), episodeKey: p.episodeKey(tenantId, episodeId), keyVersion: p.keyVersion,
  }), { location: (locationId: string) => p.locationId(tenantId, locationId) });
  switch (e.type) {
    case 'EpisodeOpened':
      return [episodeStarted(e.data, keys)];
    case 'AttendanceWeekNoted':
      return [weekSummarized(e.data, keys)];
    case 'SessionAttendanceNoted':
      return sessionAttended(e.data, keys);
    case 'MeasureRecorded':
      return [measureRecorded(e.data, keys)];
    case 'EpisodeClosed':
      return [episodeEnded(e.data, keys)];
    case 'EpisodeCancelled':
      return [episodeCancelled(e.data, keys)];
    case 'FollowUpCompleted':
    case 'FollowUpLost':
      return [followUpOutcome(e, keys)];
    case 'SafetyAlertTimed': {
      const { patientId, episodeId, signal, stage, minutesFromOpening } = e.data;
      return [{ contract: analyticsSafetyAlertTimedV1, data: { ...keys(patientId, episodeId), signal, stage, minutesFromOpening } }];
    }
    default:
      return [];
  }
}
