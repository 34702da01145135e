import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { episodeId, patientId } from '../fields';
import { arrayOf, code, date, enumOf, objectSchema, uuid } from '../schema';

export type AnalyteResult = { analyte: string; result: 'positive' | 'negative' | 'inconclusive' };

const analyteResult = objectSchema<AnalyteResult>()({
  description: 'Result for one analyte.',
  required: ['analyte', 'result'],
  properties: {
    analyte: code('Analyte code, e.g. `fentanyl`, `opiates`, `thc`.'),
    result: enumOf(['positive', 'negative', 'inconclusive'], 'Result.'),
  },
});

export type DrugScreenResulted = {
  screenId: string;
  episodeId: string;
  patientId: string;
  collectedOn: string;
  results: AnalyteResult[];
};

export const drugScreenResultedV1 = defineContract<DrugScreenResulted>()({
  service: 'outcomes',
  name: 'DrugScreenResulted',
  consentCategory: 'measures',
  version: 1,
  key: 'episodeId',
  description: 'Results of a urine drug screen arrived, one per analyte.',
  required: ['screenId', 'episodeId', 'patientId', 'collectedOn', 'results'],
  properties: {
    screenId: uuid('Drug screen.'),
    episodeId,
    patientId,
    collectedOn: date('Date the specimen was collected.'),
    results: arrayOf(analyteResult, 'Results by analyte.', { minItems: 1 }),
  },
  example: {
    screenId: ids.screenId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    collectedOn: '2025-03-12',
    results: [
      { analyte: 'fentanyl', result: 'negative' },
      { analyte: 'thc', result: 'positive' },
    ],
  },
});
