import { attendanceRecordedV1, attendanceRuleBreachedV1, weeklyAttendanceSummarizedV1 } from './attendance.contracts';
import { episodeEnrolledV1 } from './enrollment.contracts';
import { locationConfiguredV1 } from './location.contracts';
import { onCallRosterChangedV1 } from './on-call.contracts';
import { sessionCancelledV1, sessionScheduledV1 } from './session.contracts';

export * from './attendance.contracts';
export * from './enrollment.contracts';
export * from './location.contracts';
export * from './on-call.contracts';
export * from './session.contracts';

export const SCHEDULING_CONTRACTS = [
  locationConfiguredV1,
  sessionScheduledV1,
  sessionCancelledV1,
  attendanceRecordedV1,
  weeklyAttendanceSummarizedV1,
  attendanceRuleBreachedV1,
  episodeEnrolledV1,
  onCallRosterChangedV1,
] as const;
