import type { Instrument } from '@iop/domain-events';
import { scoreBam } from './bam.scoring';
import { scoreGad7 } from './gad7.scoring';
import { scorePhq9 } from './phq9.scoring';
import type { ScoreResult } from './scored-measure';

/** The observation code stored with each measure (FHIR Observation.code, docs/DOMAIN.md section 5). */
export type ObservationCode = { system: string; code: string; display: string };

export const LOINC = 'http://loinc.org';
/** Local code system for instruments without a LOINC code we could confirm. */
export const LOCAL_CODES = 'urn:iop:outcomes:instrument';

export const OBSERVATION_CODES: Readonly<Record<Instrument, ObservationCode>> = {
  'PHQ-9': { system: LOINC, code: '44261-6', display: 'PHQ-9 total score' },
  'GAD-7': { system: LOINC, code: '70274-6', display: 'GAD-7 total score' },
  // We could not confirm a LOINC panel code for the VA BAM, so it carries a local code rather than a guessed one.
  BAM: { system: LOCAL_CODES, code: 'bam-17', display: 'Brief Addiction Monitor, 17 items (local code)' },
};

const SCORERS: Readonly<Record<Instrument, (answers: unknown) => ScoreResult>> = {
  'PHQ-9': scorePhq9,
  'GAD-7': scoreGad7,
  BAM: scoreBam,
};

export const scoreMeasure = (instrument: Instrument, answers: unknown): ScoreResult => SCORERS[instrument](answers);
