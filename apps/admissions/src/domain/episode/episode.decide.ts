import { isLevelOfCare, type LevelOfCare } from '@iop/asam-criteria';
import { addDays, addYears, dateOf, isCalendarDate, localDateIn } from '@iop/calendar';
import { assertNever, conflict, type CommandMetadata, type Decider, invalid, notFound } from '@iop/decider';
import { decideDiagnosis, type DiagnosisCommand } from './episode-diagnosis.decide';
import { dischargePatient, type DischargePatient } from './episode-discharge.decide';
import { reviewContinuedStay, type ReviewContinuedStay } from './episode-review.decide';
import type { CareTeamRole, EpisodeEvent, PatientAdmitted } from './episode.events';
import { evolve, initialState, isOpen, type EpisodeState, type OpenEpisode } from './episode.state';

type Command<T extends string, D> = { type: T; data: D; metadata: CommandMetadata };
type AdmissionFacts = Omit<PatientAdmitted['data'], 'plannedEndDate' | 'admittedAt'>;
/** `admittedAt`: when an admission entered later was decided (the referral's decider checked it); default now. */
export type AdmitPatient = Command<'AdmitPatient', AdmissionFacts & { plannedWeeks: number; admittedAt?: string }>;
export type AssignCareTeamMember = Command<'AssignCareTeamMember', { staffId: string; role: CareTeamRole }>;
export type UnassignCareTeamMember = Command<'UnassignCareTeamMember', { staffId: string }>;
export type ChangeLevelOfCare = Command<'ChangeLevelOfCare', { toLevel: LevelOfCare; reason: string }>;
export type PutEpisodeOnHold = Command<'PutEpisodeOnHold', { reason: string }>;
export type ResumeEpisode = Command<'ResumeEpisode', Record<string, never>>;
/** `timezone`: the location's, so that "before its start date" means the clinic's day, not UTC's. */
export type CancelEpisode = Command<'CancelEpisode', { reason: string; timezone?: string }>;
export type EpisodeCommand =
  | AdmitPatient | AssignCareTeamMember | UnassignCareTeamMember | ChangeLevelOfCare | PutEpisodeOnHold | ResumeEpisode
  | CancelEpisode | ReviewContinuedStay | DischargePatient | DiagnosisCommand;

/** An admission is planned at most this far ahead; later start dates are typing errors (the rule). */
const MAX_YEARS_AHEAD = 1;

function admit({ data, metadata }: AdmitPatient, state: EpisodeState): EpisodeEvent[] {
  if (state.status !== 'none') throw conflict(`Episode ${data.episodeId} already exists.`);
  const today = dateOf(metadata.now);
  const startErrors = !isCalendarDate(data.startDate) ? 'must be a real date YYYY-MM-DD'
    : data.startDate > addYears(today, MAX_YEARS_AHEAD) ? `must be within ${MAX_YEARS_AHEAD} year from today`
      // One day of slack: a referral's local evening can already be the next day in UTC.
      : data.startDate < addDays(dateOf(data.referredAt), -1) ? 'must not be before the referral' : undefined;
  if (startErrors) throw invalid('The start date is not valid.', [{ path: 'startDate', message: startErrors }]);
  if (!Number.isInteger(data.plannedWeeks) || data.plannedWeeks < 1) throw invalid('The planned program length must be whole weeks.');
  const { plannedWeeks, admittedAt, ...facts } = data;
  // docs/DOMAIN.md section 1: the program is designed for 8 weeks; a planned end, never an automatic discharge.
  const plannedEndDate = addDays(data.startDate, plannedWeeks * 7);
  return [{ type: 'PatientAdmitted', data: { ...facts, plannedEndDate, admittedAt: admittedAt ?? metadata.now } }];
}

function open(state: EpisodeState, action: string): OpenEpisode {
  if (state.status === 'none') throw notFound('There is no such episode.');
  if (!isOpen(state)) throw conflict(`The episode is ${state.status}: it cannot be ${action}.`, `episode-${state.status}`);
  return state;
}

const required = (value: string, path: string): string => {
  const trimmed = value.trim();
  if (!trimmed) throw invalid(`${path} is required.`, [{ path, message: 'must not be empty' }]);
  return trimmed;
};

function careTeam(command: AssignCareTeamMember | UnassignCareTeamMember, state: EpisodeState): EpisodeEvent[] {
  const s = open(state, 'staffed');
  const { episodeId, patientId } = s.episode;
  const current = s.careTeam.find((m) => m.staffId === command.data.staffId);
  if (command.type === 'UnassignCareTeamMember') {
    if (!current) throw notFound(`${command.data.staffId} is not on the care team.`);
    return [{ type: 'CareTeamMemberUnassigned', data: { episodeId, patientId, staffId: command.data.staffId, unassignedAt: command.metadata.now } }];
  }
  if (current?.role === command.data.role) throw conflict(`${command.data.staffId} is already on the care team as ${current.role}.`);
  const staffId = required(command.data.staffId, 'staffId');
  return [{ type: 'CareTeamMemberAssigned', data: { episodeId, patientId, staffId, role: command.data.role, assignedAt: command.metadata.now } }];
}

function changeLevel({ data, metadata }: ChangeLevelOfCare, state: EpisodeState): EpisodeEvent[] {
  const s = open(state, 'changed');
  if (!isLevelOfCare(data.toLevel)) throw invalid('Unknown level of care.', [{ path: 'toLevel', message: 'must be an ASAM level code' }]);
  if (data.toLevel === s.episode.levelOfCare) throw conflict(`The episode is already at Level ${data.toLevel}.`);
  const { episodeId, patientId, levelOfCare } = s.episode;
  return [{
    type: 'LevelOfCareChanged',
    data: { episodeId, patientId, fromLevel: levelOfCare, toLevel: data.toLevel, reason: required(data.reason, 'reason'), changedAt: metadata.now },
  }];
}

function holdOrResume(command: PutEpisodeOnHold | ResumeEpisode, state: EpisodeState): EpisodeEvent[] {
  const s = open(state, command.type === 'ResumeEpisode' ? 'resumed' : 'put on hold');
  const { episodeId } = s.episode;
  if (command.type === 'ResumeEpisode') {
    if (s.status !== 'onhold') throw conflict('The episode is not on hold.');
    return [{ type: 'EpisodeResumed', data: { episodeId, resumedAt: command.metadata.now } }];
  }
  if (s.status === 'onhold') throw conflict('The episode is already on hold.');
  return [{ type: 'EpisodePutOnHold', data: { episodeId, reason: required(command.data.reason, 'reason'), heldAt: command.metadata.now } }];
}

/** Only a planned episode is cancelled; once the program has started, ending it is a discharge with a reason. */
function cancel({ data, metadata }: CancelEpisode, state: EpisodeState): EpisodeEvent[] {
  const s = open(state, 'cancelled');
  const today = data.timezone ? localDateIn(metadata.now, data.timezone) : dateOf(metadata.now);
  if (today >= s.episode.startDate) throw conflict('The episode has started: discharge the patient instead.', 'episode-started');
  const { episodeId, patientId } = s.episode;
  return [{ type: 'EpisodeCancelled', data: { episodeId, patientId, reason: required(data.reason, 'reason'), cancelledAt: metadata.now } }];
}

export function decide(command: EpisodeCommand, state: EpisodeState): EpisodeEvent[] {
  switch (command.type) {
    case 'AdmitPatient': return admit(command, state);
    case 'AssignCareTeamMember':
    case 'UnassignCareTeamMember': return careTeam(command, state);
    case 'ChangeLevelOfCare': return changeLevel(command, state);
    case 'PutEpisodeOnHold':
    case 'ResumeEpisode': return holdOrResume(command, state);
    case 'CancelEpisode': return cancel(command, state);
    case 'ReviewContinuedStay': return reviewContinuedStay(command, state);
    case 'DischargePatient': return dischargePatient(command, state);
    case 'RecordDiagnosis':
    case 'ResolveDiagnosis':
    case 'RemoveDiagnosis': return decideDiagnosis(command, state);
    default: return assertNever(command);
  }
}

export const episodeDecider: Decider<EpisodeCommand, EpisodeEvent, EpisodeState> = { decide, evolve, initialState };
