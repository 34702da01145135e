import { analyticsAttendanceWeekSummarizedV1, analyticsSessionAttendedV1 } from './attendance.contracts';
import { analyticsEpisodeCancelledV1, analyticsEpisodeEndedV1, analyticsEpisodeStartedV1 } from './episode.contracts';
import { analyticsFollowUpOutcomeV1, analyticsMeasureRecordedV1 } from './outcome.contracts';
import { analyticsSafetyAlertTimedV1 } from './safety-alert.contracts';

export * from './attendance.contracts';
export * from './episode.contracts';
export * from './outcome.contracts';
export * from './safety-alert.contracts';
export { DEIDENTIFICATION_NOTE, pseudonym, type Pseudonyms } from './deidentified';

export const ANALYTICS_CONTRACTS = [
  analyticsEpisodeStartedV1,
  analyticsAttendanceWeekSummarizedV1,
  analyticsSessionAttendedV1,
  analyticsMeasureRecordedV1,
  analyticsEpisodeEndedV1,
  analyticsEpisodeCancelledV1,
  analyticsFollowUpOutcomeV1,
  analyticsSafetyAlertTimedV1,
] as const;
