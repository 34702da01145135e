import { addDays, isBefore, localDateOf, maxDate } from '@iop/calendar';
import { assertNever, type CommandMetadata, conflict, type FieldError, invalid, notFound } from '@iop/decider';
import type { Instrument } from '@iop/domain-events';
import type { FollowUpSettings } from '../outcome-settings/outcome-settings.rules';
import type { EpisodeEvent, FollowUpScheduled } from './episode.events';
import type { EpisodeRecord, EpisodeState, FollowUp } from './episode.state';
import { isInFuture, measureEvents } from './measure.decide';

export type RecordFollowUpResult = {
  type: 'RecordFollowUpResult';
  data: {
    episodeId: string; followUpId: string; abstinent: boolean; completedAt: string;
    measures: { instrument: Instrument; answers: unknown }[];
  };
  /** `ids`: one measure id per entry of `measures`. */
  metadata: CommandMetadata;
};
export type MarkFollowUpLost = { type: 'MarkFollowUpLost'; data: { episodeId: string; followUpId: string; asOf: string }; metadata: CommandMetadata };
export type FollowUpCommand = RecordFollowUpResult | MarkFollowUpLost;

/**
 * Follow-ups at the tenant's offsets after the discharge day (default 30, 90, 180), each counting for
 * `windowDays` either side of its due date; a window never opens before the day after discharge.
 */
export function scheduleFollowUps(
  episode: EpisodeRecord, dischargeDate: string, settings: FollowUpSettings, ids: readonly string[],
): FollowUpScheduled[] {
  if (ids.length < settings.offsetsDays.length) throw new Error('scheduleFollowUps needs one id per follow-up');
  return settings.offsetsDays.map((offsetDays, i) => {
    const dueDate = addDays(dischargeDate, offsetDays);
    return {
      type: 'FollowUpScheduled',
      data: {
        followUpId: ids[i], episodeId: episode.episodeId, patientId: episode.patientId, sequence: i + 1, offsetDays, dueDate,
        windowStart: maxDate(addDays(dueDate, -settings.windowDays), addDays(dischargeDate, 1)),
        windowEnd: addDays(dueDate, settings.windowDays),
      },
    };
  });
}

type Discharged = Extract<EpisodeState, { status: 'discharged' }>;

function followUpOf(state: EpisodeState, followUpId: string): { discharged: Discharged; followUp: FollowUp } {
  const followUp = state.status === 'discharged' ? state.followUps.find((f) => f.followUpId === followUpId) : undefined;
  if (!followUp) throw notFound(`No follow-up ${followUpId}.`, 'follow-up-not-found');
  return { discharged: state as Discharged, followUp };
}

function resultErrors(completedAt: string, dischargedAt: string, now: string): FieldError[] {
  if (isBefore(completedAt, dischargedAt)) return [{ path: 'completedAt', message: 'must not be before the discharge' }];
  if (isInFuture(completedAt, now)) return [{ path: 'completedAt', message: 'must not be in the future' }];
  return [];
}

/**
 * A result may arrive any time after discharge, even after the window closed and the follow-up was marked lost
 * (a late contact still tells the clinic something); `withinWindow` records whether it counted on time.
 */
function recordResult(command: RecordFollowUpResult, state: EpisodeState): EpisodeEvent[] {
  const { discharged, followUp } = followUpOf(state, command.data.followUpId);
  if (followUp.status === 'completed') throw conflict('This follow-up has a result already.', 'follow-up-already-recorded');
  const { completedAt, abstinent, measures } = command.data;
  const errors = resultErrors(completedAt, discharged.dischargedAt, command.metadata.now);
  if (errors.length) throw invalid('The follow-up result does not fit the episode.', errors, 'validation');
  const completedOn = localDateOf(completedAt);
  const { followUpId, episodeId, patientId, sequence, offsetDays, windowStart, windowEnd } = followUp;
  const withinWindow = windowStart <= completedOn && completedOn <= windowEnd;
  const ids = command.metadata.ids ?? [];
  const measured = measures.flatMap((m, i) =>
    measureEvents(discharged.episode, { ...m, measureId: ids[i], administeredAt: completedAt, followUpId }, command.metadata, `measures[${i}].answers`),
  );
  const recordedBy = command.metadata.actor.subject;
  return [{ type: 'FollowUpCompleted', data: { followUpId, episodeId, patientId, sequence, offsetDays, abstinent, completedAt, withinWindow, recordedBy } }, ...measured];
}

/** Lost once the window's last day is before `asOf`; completed or already lost follow-ups are left alone. */
function markLost(command: MarkFollowUpLost, state: EpisodeState): EpisodeEvent[] {
  const { followUp } = followUpOf(state, command.data.followUpId);
  if (followUp.status !== 'scheduled' || !(followUp.windowEnd < command.data.asOf)) return [];
  const { followUpId, episodeId, patientId, sequence, offsetDays, windowEnd } = followUp;
  return [{ type: 'FollowUpLost', data: { followUpId, episodeId, patientId, sequence, offsetDays, lostAt: `${addDays(windowEnd, 1)}T00:00:00Z` } }];
}

export function decideFollowUp(command: FollowUpCommand, state: EpisodeState): EpisodeEvent[] {
  switch (command.type) {
    case 'RecordFollowUpResult':
      return recordResult(command, state);
    case 'MarkFollowUpLost':
      return markLost(command, state);
    default:
      return assertNever(command);
  }
}
