import { drugScreenResultedV1 } from './drug-screen.contracts';
import { followUpCompletedV1, followUpLostV1, followUpScheduledV1 } from './follow-up.contracts';
import { measureRecordedV1, safetyAlertRaisedV1 } from './measure.contracts';

export * from './drug-screen.contracts';
export * from './follow-up.contracts';
export * from './measure.contracts';

export const OUTCOMES_CONTRACTS = [
  measureRecordedV1,
  safetyAlertRaisedV1,
  drugScreenResultedV1,
  followUpScheduledV1,
  followUpCompletedV1,
  followUpLostV1,
] as const;
