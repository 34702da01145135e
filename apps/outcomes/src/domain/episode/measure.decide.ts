import { addDays, daysBetween, localDateOf } from '@iop/calendar';
import { assertNever, type CommandMetadata, conflict, type FieldError, invalid } from '@iop/decider';
import type { AnalyteResult, Instrument } from '@iop/domain-events';
import { OBSERVATION_CODES, scoreMeasure } from '../scoring/instruments.scoring';
import type { EpisodeEvent, MeasureRecorded } from './episode.events';
import { type EpisodeRecord, type EpisodeState, knownEpisode } from './episode.state';

export type RecordMeasure = {
  type: 'RecordMeasure';
  data: { episodeId: string; measureId: string; instrument: Instrument; answers: unknown; administeredAt?: string };
  metadata: CommandMetadata;
};
export type RecordDrugScreen = {
  type: 'RecordDrugScreen';
  data: { episodeId: string; screenId: string; collectedOn: string; results: AnalyteResult[] };
  metadata: CommandMetadata;
};
export type ReportAbstinence = {
  type: 'ReportAbstinence';
  data: { episodeId: string; reportId: string; periodStart: string; periodEnd: string; daysAbstinent: number };
  metadata: CommandMetadata;
};
export type MeasureCommand = RecordMeasure | RecordDrugScreen | ReportAbstinence;

/** Clocks of tablets and servers disagree a little; beyond this a time in the future is a data-entry error. */
const CLOCK_SKEW_MS = 5 * 60_000;
export const isInFuture = (at: string, now: string): boolean => Date.parse(at) > Date.parse(now) + CLOCK_SKEW_MS;
/** The clinic's today may be a day ahead of the server's UTC date. */
const latestLocalDate = (now: string): string => addDays(localDateOf(now), 1);

const rejectIf = (errors: FieldError[]): void => {
  if (errors.length) throw invalid('The request does not fit the episode or the calendar.', errors, 'validation');
};

export type MeasureInput = { measureId: string; instrument: Instrument; answers: unknown; administeredAt: string; followUpId?: string };

/** Scores a measure and returns it, with a safety alert when a rule fired; invalid answers record nothing. */
export function measureEvents(episode: EpisodeRecord, m: MeasureInput, meta: CommandMetadata, path = 'answers'): EpisodeEvent[] {
  const scored = scoreMeasure(m.instrument, m.answers);
  if (!scored.ok) {
    throw invalid(`The answers do not fit the ${m.instrument}.`, scored.errors.map((e) => ({ ...e, path: e.path.replace(/^answers/, path) })), scored.problem ?? 'validation');
  }
  const { scores, band, safetyAlert, safetyReason, scoringVersion, answers = m.answers } = scored.value;
  const { system, code } = OBSERVATION_CODES[m.instrument];
  const { episodeId, patientId } = episode;
  const recorded: MeasureRecorded = {
    type: 'MeasureRecorded',
    data: {
      measureId: m.measureId, episodeId, patientId, instrument: m.instrument, answers, scores, ...(band ? { band } : {}),
      safetyAlert, scoringVersion, codeSystem: system, code, administeredAt: m.administeredAt, administeredBy: meta.actor.subject,
      // A baseline taken at intake, before the first program day, counts as day 0.
      daysSinceStart: Math.max(0, daysBetween(episode.startDate, localDateOf(m.administeredAt))),
      ...(m.followUpId ? { followUpId: m.followUpId } : {}),
    },
  };
  if (!safetyReason) return [recorded];
  const alert = { measureId: m.measureId, episodeId, patientId, instrument: m.instrument, reason: safetyReason, raisedAt: meta.now };
  return [recorded, { type: 'SafetyAlertRaised', data: alert }];
}

function recordMeasure(command: RecordMeasure, state: EpisodeState): EpisodeEvent[] {
  const { episode } = knownEpisode(state, command.data.episodeId);
  const administeredAt = command.data.administeredAt ?? command.metadata.now;
  rejectIf([
    ...(isInFuture(administeredAt, command.metadata.now) ? [{ path: 'administeredAt', message: 'must not be in the future' }] : []),
    ...(localDateOf(administeredAt) < episode.admittedOn ? [{ path: 'administeredAt', message: 'must not be before the admission' }] : []),
  ]);
  return measureEvents(episode, { ...command.data, administeredAt }, command.metadata);
}

function duplicateAnalytes(results: readonly AnalyteResult[]): FieldError[] {
  return results.flatMap((r, i) =>
    results.findIndex((o) => o.analyte === r.analyte) < i ? [{ path: `results[${i}].analyte`, message: `${r.analyte} has a result already: one result per analyte` }] : [],
  );
}

function recordDrugScreen(command: RecordDrugScreen, state: EpisodeState): EpisodeEvent[] {
  const { episode } = knownEpisode(state, command.data.episodeId);
  const { screenId, collectedOn, results } = command.data;
  rejectIf([
    ...duplicateAnalytes(results),
    ...(collectedOn > latestLocalDate(command.metadata.now) ? [{ path: 'collectedOn', message: 'must not be in the future' }] : []),
  ]);
  const { episodeId, patientId } = episode;
  return [{ type: 'DrugScreenResulted', data: { screenId, episodeId, patientId, collectedOn, results, recordedBy: command.metadata.actor.subject } }];
}

function reportAbstinence(command: ReportAbstinence, state: EpisodeState): EpisodeEvent[] {
  const { episode } = knownEpisode(state, command.data.episodeId);
  const { reportId, periodStart, periodEnd, daysAbstinent } = command.data;
  const days = daysBetween(periodStart, periodEnd) + 1;
  rejectIf([
    ...(days < 1 ? [{ path: 'periodEnd', message: 'must not be before periodStart' }] : []),
    ...(days >= 1 && daysAbstinent > days ? [{ path: 'daysAbstinent', message: `must not exceed the ${days} days of the period` }] : []),
    ...(periodEnd > latestLocalDate(command.metadata.now) ? [{ path: 'periodEnd', message: 'must not be in the future' }] : []),
  ]);
  const { episodeId, patientId } = episode;
  return [{ type: 'AbstinenceReported', data: { reportId, episodeId, patientId, periodStart, periodEnd, daysAbstinent, reportedBy: command.metadata.actor.subject } }];
}

export function decideMeasure(command: MeasureCommand, state: EpisodeState): EpisodeEvent[] {
  if (state.status === 'cancelled') throw conflict('The episode was cancelled before it started: nothing is recorded for it.', 'episode-cancelled');
  switch (command.type) {
    case 'RecordMeasure':
      return recordMeasure(command, state);
    case 'RecordDrugScreen':
      return recordDrugScreen(command, state);
    case 'ReportAbstinence':
      return reportAbstinence(command, state);
    default:
      return assertNever(command);
  }
}
