import { defineContract } from '../contract';
import {
  DIAGNOSIS_CATEGORIES, DIAGNOSIS_CODE_SYSTEM, DIAGNOSIS_KINDS, DSM5_SEVERITIES, ICD10CM_CODE_PATTERN, SUBSTANCE_CLASSES,
  type DiagnosisCategory, type DiagnosisCodeSystem, type DiagnosisKind, type Dsm5Severity, type SubstanceClass,
} from '../diagnosis-codes';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { episodeId, patientId } from '../fields';
import { boolean, dateTime, enumOf, uuid } from '../schema';

/**
 * Diagnoses live on the episode stream (admissions): keyed by episodeId, so a diagnosis's recording, resolution and
 * removal stay in order with the episode's admission and discharge. Codes and classes only, never the clinician's
 * words: the ICD-10-CM code is the diagnosis, and its title is looked up from the code.
 */
const diagnosisId = uuid('Diagnosis on the episode (a new recording is a new id; resolving or removing keeps it).');

export type DiagnosisRecorded = {
  diagnosisId: string;
  episodeId: string;
  patientId: string;
  code: string;
  system: DiagnosisCodeSystem;
  kind: DiagnosisKind;
  category: DiagnosisCategory;
  substance?: SubstanceClass;
  severity?: Dsm5Severity;
  inRemission: boolean;
  recordedAt: string;
};

export const diagnosisRecordedV1 = defineContract<DiagnosisRecorded>()({
  service: 'admissions',
  name: 'DiagnosisRecorded',
  consentCategory: 'diagnoses',
  version: 1,
  key: 'episodeId',
  description:
    'A clinician recorded a diagnosis on the episode: an ICD-10-CM code from the platform\'s subset (substance-use ' +
    'disorders F10-F19 and common co-occurring conditions), primary (at most one active per episode) or secondary.',
  required: ['diagnosisId', 'episodeId', 'patientId', 'code', 'system', 'kind', 'category', 'inRemission', 'recordedAt'],
  properties: {
    diagnosisId,
    episodeId,
    patientId,
    code: { type: 'string', pattern: ICD10CM_CODE_PATTERN, description: 'ICD-10-CM code with its dot, e.g. `F10.20`.' },
    system: { type: 'string', const: DIAGNOSIS_CODE_SYSTEM, description: 'Code system: always `ICD-10-CM` in this version.' },
    kind: enumOf(DIAGNOSIS_KINDS, 'Primary (the condition the episode treats) or secondary (co-occurring).'),
    category: enumOf(DIAGNOSIS_CATEGORIES, 'Group of the code, from the platform\'s code table.'),
    substance: enumOf(SUBSTANCE_CLASSES, 'DSM-5 substance class of a substance-use disorder (F10-F19); absent otherwise.'),
    severity: enumOf(
      DSM5_SEVERITIES,
      'DSM-5 severity of a substance-use disorder: `mild` (F1x.1x), or `moderate` or `severe` as the clinician ' +
        'specified for F1x.2x (`moderate-or-severe` when not specified); absent for other diagnoses.',
    ),
    inRemission: boolean('True for a use-disorder code "in remission" (F1x.11, F1x.21, F17.2x1).'),
    recordedAt: dateTime('When the diagnosis was recorded.'),
  },
  example: {
    diagnosisId: ids.diagnosisId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    code: 'F10.20',
    system: 'ICD-10-CM',
    kind: 'primary',
    category: 'substance-use',
    substance: 'alcohol',
    severity: 'severe',
    inRemission: false,
    recordedAt: '2025-03-10T19:05:00-04:00',
  },
});

export type DiagnosisResolved = { diagnosisId: string; episodeId: string; patientId: string; resolvedAt: string };

export const diagnosisResolvedV1 = defineContract<DiagnosisResolved>()({
  service: 'admissions',
  name: 'DiagnosisResolved',
  consentCategory: 'diagnoses',
  version: 1,
  key: 'episodeId',
  description: 'A clinician marked a diagnosis of the episode resolved: it stays on record, no longer active.',
  required: ['diagnosisId', 'episodeId', 'patientId', 'resolvedAt'],
  properties: { diagnosisId, episodeId, patientId, resolvedAt: dateTime('When the diagnosis was marked resolved.') },
  example: { diagnosisId: ids.diagnosisId, episodeId: ids.episodeId, patientId: ids.patientId, resolvedAt: '2025-04-28T18:30:00-04:00' },
});

export type DiagnosisRemoved = { diagnosisId: string; episodeId: string; patientId: string; reason: 'entered-in-error'; removedAt: string };

export const diagnosisRemovedV1 = defineContract<DiagnosisRemoved>()({
  service: 'admissions',
  name: 'DiagnosisRemoved',
  consentCategory: 'diagnoses',
  version: 1,
  key: 'episodeId',
  description: 'A diagnosis was removed from the episode as entered in error: consumers forget it (admissions keeps its history).',
  required: ['diagnosisId', 'episodeId', 'patientId', 'reason', 'removedAt'],
  properties: {
    diagnosisId,
    episodeId,
    patientId,
    reason: enumOf(['entered-in-error'], 'Why it was removed: only `entered-in-error` in this version.'),
    removedAt: dateTime('When the diagnosis was removed.'),
  },
  example: { diagnosisId: ids.diagnosisId, episodeId: ids.episodeId, patientId: ids.patientId, reason: 'entered-in-error', removedAt: '2025-03-10T19:20:00-04:00' },
});
