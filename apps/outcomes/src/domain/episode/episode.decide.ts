import { daysBetween, localDateOf, mondayOf } from '@iop/calendar';
import { assertNever, type CommandMetadata, type Decider, invalid } from '@iop/decider';
import type {
  AttendanceRecorded, EpisodeCancelled, PatientAdmitted, PatientDischarged, SafetySignal, WeeklyAttendanceSummarized,
} from '@iop/domain-events';
import type { FollowUpSettings } from '../outcome-settings/outcome-settings.rules';
import type { EpisodeEvent } from './episode.events';
import { evolve, type EpisodeState, initialState, knownEpisode } from './episode.state';
import { decideFollowUp, type FollowUpCommand, scheduleFollowUps } from './follow-up.decide';
import { decideMeasure, type MeasureCommand } from './measure.decide';

/** Commands from consumed public events carry the contract's data as it arrived. */
export type OpenEpisode = { type: 'OpenEpisode'; data: PatientAdmitted; metadata: CommandMetadata };
export type NoteSessionAttendance = { type: 'NoteSessionAttendance'; data: AttendanceRecorded; metadata: CommandMetadata };
export type NoteAttendanceWeek = { type: 'NoteAttendanceWeek'; data: WeeklyAttendanceSummarized; metadata: CommandMetadata };
/** `metadata.ids`: one follow-up id per configured offset. */
export type CloseEpisode = { type: 'CloseEpisode'; data: { discharged: PatientDischarged; followUps: FollowUpSettings }; metadata: CommandMetadata };

export type CancelEpisode = { type: 'CancelEpisode'; data: EpisodeCancelled; metadata: CommandMetadata };

/** A safety alert of the episode reached a stage (clinical notes' alert events carry when it opened). */
export type NoteSafetyAlertTimed = {
  type: 'NoteSafetyAlertTimed';
  data: { episodeId: string; signal: SafetySignal; stage: 'acknowledged' | 'resolved' | 'escalated'; openedAt: string; at: string };
  metadata: CommandMetadata;
};

export type EpisodeCommand =
  | OpenEpisode | NoteSessionAttendance | NoteAttendanceWeek | CloseEpisode | CancelEpisode | MeasureCommand | FollowUpCommand | NoteSafetyAlertTimed;

/** Fields are picked one by one: displayName, and anything a producer adds later, never enter outcomes' store. */
function openEpisode({ data: a }: OpenEpisode, state: EpisodeState): EpisodeEvent[] {
  if (state.status !== 'unknown') return []; // admissions re-sent it: the episode is open already
  return [{
    type: 'EpisodeOpened',
    data: {
      episodeId: a.episodeId, patientId: a.patientId, locationId: a.locationId, track: a.track, ageBand: a.ageBand,
      levelOfCare: a.levelOfCare, recommendedLevel: a.recommendedLevel, levelOverridden: a.levelOverridden,
      referralSource: a.referralSource, referredAt: a.referredAt, admittedAt: a.admittedAt, startDate: a.startDate,
    },
  }];
}

function noteSession({ data: r }: NoteSessionAttendance, state: EpisodeState): EpisodeEvent[] {
  const { episode } = knownEpisode(state, r.episodeId);
  const { sessionId, status, minutesAttended, sessionType } = r;
  const sessionDate = localDateOf(r.sessionStartsAt);
  return [{ type: 'SessionAttendanceNoted', data: {
    episodeId: episode.episodeId, patientId: episode.patientId, sessionId, status, minutesAttended, sessionDate, sessionType,
    // Days from the first program day. After discharge only alumni seats are booked, but attendance of an earlier
    // program session may still be recorded late: alumni is a session that began after the discharge.
    locationId: episode.locationId, daysSinceStart: Math.max(0, daysBetween(episode.startDate, sessionDate)),
    alumni: state.status === 'discharged' && Date.parse(r.sessionStartsAt) >= Date.parse(state.dischargedAt),
  } }];
}

/** Week 1 is the (Monday-based) week of the first program day, as scheduling summarises weeks. */
function noteWeek({ data: w }: NoteAttendanceWeek, state: EpisodeState): EpisodeEvent[] {
  const { episode } = knownEpisode(state, w.episodeId);
  const programWeek = Math.floor(daysBetween(mondayOf(episode.startDate), w.weekStart) / 7) + 1;
  if (programWeek < 1) throw invalid(`Week ${w.weekStart} is before the episode started (${episode.startDate}).`);
  const { locationId, weekStart, hoursAttended, daysAttended, daysWithMinimumHours, compliant, rule } = w;
  return [{
    type: 'AttendanceWeekNoted',
    data: { episodeId: episode.episodeId, patientId: episode.patientId, locationId, weekStart, programWeek, hoursAttended, daysAttended, daysWithMinimumHours, compliant, rule },
  }];
}

function closeEpisode({ data, metadata }: CloseEpisode, state: EpisodeState): EpisodeEvent[] {
  const known = knownEpisode(state, data.discharged.episodeId);
  if (known.status !== 'active') return []; // a re-sent discharge (follow-ups exist already), or a cancelled episode
  const d = data.discharged;
  const closed: EpisodeEvent = {
    type: 'EpisodeClosed',
    data: { episodeId: d.episodeId, patientId: d.patientId, locationId: d.locationId, track: d.track, reason: d.reason, startDate: d.startDate, dischargedAt: d.dischargedAt, joinAlumni: d.joinAlumni },
  };
  return [closed, ...scheduleFollowUps(known.episode, localDateOf(d.dischargedAt), data.followUps, metadata.ids ?? [])];
}

/**
 * A cancelled episode never took place: it leaves the admission cohort and the measurement schedule and gets no
 * follow-ups. One outcomes never opened, or already cancelled or discharged, changes nothing.
 */
function cancelEpisode({ data: c }: CancelEpisode, state: EpisodeState): EpisodeEvent[] {
  if (state.status !== 'active') return [];
  return [{ type: 'EpisodeCancelled', data: { episodeId: state.episode.episodeId, patientId: state.episode.patientId, cancelledAt: c.cancelledAt } }];
}

/** Minutes to a tenth, never negative (clocks of two services may disagree by a moment). */
function noteSafetyAlertTimed({ data: a }: NoteSafetyAlertTimed, state: EpisodeState): EpisodeEvent[] {
  const { episode } = knownEpisode(state, a.episodeId);
  const minutesFromOpening = Math.max(0, Math.round((Date.parse(a.at) - Date.parse(a.openedAt)) / 6_000) / 10);
  return [{ type: 'SafetyAlertTimed', data: { episodeId: episode.episodeId, patientId: episode.patientId, signal: a.signal, stage: a.stage, minutesFromOpening } }];
}

export function decide(command: EpisodeCommand, state: EpisodeState): EpisodeEvent[] {
  switch (command.type) {
    case 'OpenEpisode':
      return openEpisode(command, state);
    case 'NoteSessionAttendance':
      return noteSession(command, state);
    case 'NoteAttendanceWeek':
      return noteWeek(command, state);
    case 'CloseEpisode':
      return closeEpisode(command, state);
    case 'CancelEpisode':
      return cancelEpisode(command, state);
    case 'RecordMeasure':
    case 'RecordDrugScreen':
    case 'ReportAbstinence':
      return decideMeasure(command, state);
    case 'RecordFollowUpResult':
    case 'MarkFollowUpLost':
      return decideFollowUp(command, state);
    case 'NoteSafetyAlertTimed':
      return noteSafetyAlertTimed(command, state);
    default:
      return assertNever(command);
  }
}

export const episodeDecider: Decider<EpisodeCommand, EpisodeEvent, EpisodeState> = { decide, evolve, initialState };
