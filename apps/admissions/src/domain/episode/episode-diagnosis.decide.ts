import { conflict, type CommandMetadata, invalid, notFound } from '@iop/decider';
import { DIAGNOSIS_CODE_SYSTEM, diagnosisCode, type DiagnosisKind, severityFor } from '@iop/domain-events';
import type { EpisodeEvent } from './episode.events';
import { isOpen, type Diagnosis, type EpisodeState, type OpenEpisode } from './episode.state';

type Command<T extends string, D> = { type: T; data: D; metadata: CommandMetadata };
/** `diagnosisId` is minted by the caller (ids arrive with the command); `severity` is the DSM-5 specifier, if any. */
export type RecordDiagnosis = Command<'RecordDiagnosis', {
  diagnosisId: string; code: string; system: string; kind: DiagnosisKind; severity?: 'mild' | 'moderate' | 'severe';
}>;
export type ResolveDiagnosis = Command<'ResolveDiagnosis', { diagnosisId: string }>;
export type RemoveDiagnosis = Command<'RemoveDiagnosis', { diagnosisId: string }>;
export type DiagnosisCommand = RecordDiagnosis | ResolveDiagnosis | RemoveDiagnosis;

/** Diagnoses are kept while the episode is open; a finished or cancelled episode's diagnoses are its record. */
function openEpisode(state: EpisodeState): OpenEpisode {
  if (state.status === 'none') throw notFound('There is no such episode.');
  if (!isOpen(state)) throw conflict(`The episode is ${state.status}: its diagnoses can no longer change.`, `episode-${state.status}`);
  return state;
}

const active = (s: OpenEpisode): Diagnosis[] => (s.diagnoses ?? []).filter((d) => d.status === 'active');

function record({ data, metadata }: RecordDiagnosis, state: EpisodeState): EpisodeEvent[] {
  const s = openEpisode(state);
  if (data.system !== DIAGNOSIS_CODE_SYSTEM) throw invalid('Unknown code system.', [{ path: 'system', message: `must be ${DIAGNOSIS_CODE_SYSTEM}` }]);
  const entry = diagnosisCode(data.code);
  if (!entry) {
    throw invalid(`${data.code} is not in the platform's ICD-10-CM table.`, [{
      path: 'code', message: 'must be an ICD-10-CM code of the platform\'s subset: substance-use disorders F10-F19 and common co-occurring conditions (docs/DOMAIN.md section 7)',
    }], 'unknown-diagnosis-code');
  }
  const severity = severityFor(entry, data.severity);
  if ('error' in severity) throw invalid('The severity does not fit the code.', [{ path: 'severity', message: severity.error }]);
  if (active(s).some((d) => d.code === entry.code)) throw conflict(`${entry.code} is already an active diagnosis of the episode.`, 'diagnosis-exists');
  const primary = active(s).find((d) => d.kind === 'primary');
  if (data.kind === 'primary' && primary) {
    throw conflict(`The episode has a primary diagnosis already (${primary.code}): resolve or remove it first, or record this one as secondary.`, 'primary-diagnosis-exists');
  }
  const { episodeId, patientId } = s.episode;
  return [{
    type: 'DiagnosisRecorded',
    data: {
      diagnosisId: data.diagnosisId, episodeId, patientId, code: entry.code, system: DIAGNOSIS_CODE_SYSTEM, kind: data.kind, category: entry.category,
      ...(entry.substance ? { substance: entry.substance } : {}), ...severity, inRemission: entry.inRemission ?? false,
      recordedAt: metadata.now, recordedBy: metadata.actor.subject,
    },
  }];
}

function existing(s: OpenEpisode, diagnosisId: string): Diagnosis {
  const found = (s.diagnoses ?? []).find((d) => d.diagnosisId === diagnosisId);
  if (!found) throw notFound(`No diagnosis ${diagnosisId} on the episode.`);
  return found;
}

function resolve({ data, metadata }: ResolveDiagnosis, state: EpisodeState): EpisodeEvent[] {
  const s = openEpisode(state);
  if (existing(s, data.diagnosisId).status === 'resolved') throw conflict('The diagnosis is resolved already.', 'diagnosis-resolved');
  const { episodeId, patientId } = s.episode;
  return [{ type: 'DiagnosisResolved', data: { diagnosisId: data.diagnosisId, episodeId, patientId, resolvedAt: metadata.now, resolvedBy: metadata.actor.subject } }];
}

/** Removal is for a diagnosis entered in error; a condition that ended is resolved instead, and stays on record. */
function remove({ data, metadata }: RemoveDiagnosis, state: EpisodeState): EpisodeEvent[] {
  const s = openEpisode(state);
  existing(s, data.diagnosisId);
  const { episodeId, patientId } = s.episode;
  return [{
    type: 'DiagnosisRemoved',
    data: { diagnosisId: data.diagnosisId, episodeId, patientId, reason: 'entered-in-error', removedAt: metadata.now, removedBy: metadata.actor.subject },
  }];
}

export function decideDiagnosis(command: DiagnosisCommand, state: EpisodeState): EpisodeEvent[] {
  switch (command.type) {
    case 'RecordDiagnosis': return record(command, state);
    case 'ResolveDiagnosis': return resolve(command, state);
    case 'RemoveDiagnosis': return remove(command, state);
  }
}
