import { given } from '@iop/decider';
import type { RecordDiagnosis, RemoveDiagnosis, ResolveDiagnosis } from './episode-diagnosis.decide';
import { episodeDecider } from './episode.decide';
import type { DiagnosisRecorded, EpisodeEvent } from './episode.events';
import { admitted, ids, metadata } from './episode.fixtures';
import { evolve, initialState } from './episode.state';

const D1 = '11111111-1111-4111-8111-111111111111';
const D2 = '22222222-2222-4222-8222-222222222222';
const { episodeId, patientId } = ids;
const by = metadata.actor.subject;

const record = (data: Partial<RecordDiagnosis['data']> = {}): RecordDiagnosis => ({
  type: 'RecordDiagnosis', data: { diagnosisId: D1, code: 'F10.20', system: 'ICD-10-CM', kind: 'primary', ...data }, metadata,
});
const resolve = (diagnosisId = D1): ResolveDiagnosis => ({ type: 'ResolveDiagnosis', data: { diagnosisId }, metadata });
const remove = (diagnosisId = D1): RemoveDiagnosis => ({ type: 'RemoveDiagnosis', data: { diagnosisId }, metadata });

const recorded = (data: Partial<DiagnosisRecorded['data']> = {}): DiagnosisRecorded => ({
  type: 'DiagnosisRecorded',
  data: {
    diagnosisId: D1, episodeId, patientId, code: 'F10.20', system: 'ICD-10-CM', kind: 'primary', category: 'substance-use', substance: 'alcohol',
    severity: 'moderate-or-severe', inRemission: false, recordedAt: metadata.now, recordedBy: by, ...data,
  },
});
const resolved: EpisodeEvent = { type: 'DiagnosisResolved', data: { diagnosisId: D1, episodeId, patientId, resolvedAt: metadata.now, resolvedBy: by } };
const discharged: EpisodeEvent = {
  type: 'PatientDischarged',
  data: { episodeId, patientId, locationId: ids.locationId, track: 'evening', reason: 'completed', startDate: '2025-03-10', dischargedAt: metadata.now, joinAlumni: false, overrideReason: 'test' },
};

describe('recording a diagnosis', () => {
  it('records a substance-use disorder with the class and DSM-5 severity its code gives', () => {
    given(episodeDecider, [admitted]).when(record()).then([recorded()]);
    given(episodeDecider, [admitted]).when(record({ code: 'F11.10' })).then([recorded({ code: 'F11.10', substance: 'opioid', severity: 'mild' })]);
    given(episodeDecider, [admitted]).when(record({ code: 'F12.21' })).then([recorded({ code: 'F12.21', substance: 'cannabis', inRemission: true })]);
  });

  it('narrows moderate-or-severe to the clinician\'s specifier, and refuses one the code contradicts', () => {
    given(episodeDecider, [admitted]).when(record({ severity: 'severe' })).then([recorded({ severity: 'severe' })]);
    given(episodeDecider, [admitted]).when(record({ severity: 'mild' })).thenThrows('invalid', 'severity');
    given(episodeDecider, [admitted]).when(record({ code: 'F14.10', severity: 'moderate' })).thenThrows('invalid');
  });

  it('records a co-occurring condition as secondary, without substance or severity', () => {
    const { substance: _s, severity: _v, ...rest } = recorded({ diagnosisId: D2, code: 'F43.10', kind: 'secondary', category: 'trauma-stressor' }).data;
    given(episodeDecider, [admitted, recorded()]).when(record({ diagnosisId: D2, code: 'F43.10', kind: 'secondary' }))
      .then([{ type: 'DiagnosisRecorded', data: rest }]);
    given(episodeDecider, [admitted]).when(record({ code: 'F41.1', kind: 'secondary', severity: 'mild' })).thenThrows('invalid', 'severity');
  });

  it.each(['F10.9', 'Z72.0', 'F10.230', 'f10.20', 'F99'])('refuses %s: not in the table', (code) => {
    given(episodeDecider, [admitted]).when(record({ code })).thenThrows('invalid', 'not in the platform');
  });

  it('refuses another code system', () => given(episodeDecider, [admitted]).when(record({ system: 'SNOMED-CT' })).thenThrows('invalid'));

  it('allows one active primary diagnosis per episode; a resolved or removed one makes room', () => {
    given(episodeDecider, [admitted, recorded()]).when(record({ diagnosisId: D2, code: 'F11.20' })).thenThrows('conflict', 'primary diagnosis already');
    given(episodeDecider, [admitted, recorded(), resolved]).when(record({ diagnosisId: D2, code: 'F11.20' }))
      .then([recorded({ diagnosisId: D2, code: 'F11.20', substance: 'opioid' })]);
    given(episodeDecider, [admitted, recorded(), { type: 'DiagnosisRemoved', data: { diagnosisId: D1, episodeId, patientId, reason: 'entered-in-error', removedAt: metadata.now, removedBy: by } }])
      .when(record({ diagnosisId: D2, code: 'F11.20' })).then([recorded({ diagnosisId: D2, code: 'F11.20', substance: 'opioid' })]);
  });

  it('refuses the same active code twice', () => {
    given(episodeDecider, [admitted, recorded()]).when(record({ diagnosisId: D2, kind: 'secondary' })).thenThrows('conflict', 'already an active diagnosis');
  });

  it('needs an open episode', () => {
    given(episodeDecider).when(record()).thenThrows('not-found');
    given(episodeDecider, [admitted, discharged]).when(record()).thenThrows('conflict', 'finished');
  });
});

describe('resolving and removing', () => {
  it('resolves an active diagnosis once', () => {
    given(episodeDecider, [admitted, recorded()]).when(resolve()).then([resolved]);
    given(episodeDecider, [admitted, recorded(), resolved]).when(resolve()).thenThrows('conflict', 'resolved already');
  });

  it('removes a diagnosis entered in error, active or resolved', () => {
    const removed = { type: 'DiagnosisRemoved', data: { diagnosisId: D1, episodeId, patientId, reason: 'entered-in-error', removedAt: metadata.now, removedBy: by } } as const;
    given(episodeDecider, [admitted, recorded()]).when(remove()).then([removed]);
    given(episodeDecider, [admitted, recorded(), resolved]).when(remove()).then([removed]);
    given(episodeDecider, [admitted, recorded(), removed]).when(remove()).thenThrows('not-found');
  });

  it('answers not found for a diagnosis the episode does not have', () => {
    given(episodeDecider, [admitted, recorded()]).when(resolve(D2)).thenThrows('not-found');
  });

  it('shows the chart\'s list: resolved ones with their time, removed ones gone', () => {
    const state = [admitted, recorded(), resolved, recorded({ diagnosisId: D2, code: 'F41.1', kind: 'secondary', category: 'anxiety', substance: undefined, severity: undefined })]
      .reduce(evolve, initialState());
    expect(state.status === 'active' && state.diagnoses?.map((d) => [d.code, d.status])).toEqual([['F10.20', 'resolved'], ['F41.1', 'active']]);
  });
});
