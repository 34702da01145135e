import type {
  AnalyteResult, AsamLevel, AttendanceStatus, DischargeReason, HoursRule, Instrument, ReferralSource, SafetySignal, SessionType, SeverityBand, Track,
} from '@iop/domain-events';

/**
 * Outcomes' own record of an episode of care: one stream per episode (`episode-<episodeId>`). Facts learnt from
 * admissions and scheduling are copied in as internal events so that every read model, metric and analytics
 * message is rebuilt from this store alone. Names and dates of birth are never copied (minimum necessary).
 */
export type EpisodeOpened = {
  type: 'EpisodeOpened';
  data: {
    episodeId: string; patientId: string; locationId: string; track: Track; ageBand: string;
    levelOfCare: AsamLevel; recommendedLevel: AsamLevel; levelOverridden: boolean;
    referralSource: ReferralSource; referredAt: string; admittedAt: string; startDate: string;
  };
};

/**
 * One AttendanceRecorded (a later record for the same session replaces it): engagement counts attended days. Since the
 * analysts' SessionAttended: the session's type, the site, days from the first program day, and whether it came after
 * discharge (alumni); events noted before then lack them.
 */
export type SessionAttendanceNoted = {
  type: 'SessionAttendanceNoted';
  data: {
    episodeId: string; patientId: string; sessionId: string; status: AttendanceStatus; minutesAttended: number; sessionDate: string;
    sessionType?: SessionType; locationId?: string; daysSinceStart?: number; alumni?: boolean;
  };
};

/** `programWeek` is 1 for the week of the first program day: the analytics stream numbers weeks instead of dating them. */
export type AttendanceWeekNoted = {
  type: 'AttendanceWeekNoted';
  data: {
    episodeId: string; patientId: string; locationId: string; weekStart: string; programWeek: number;
    hoursAttended: number; daysAttended: number; daysWithMinimumHours: number; compliant: boolean; rule: HoursRule;
  };
};

/**
 * Raw answers, the scores shown to the clinician and the rules that produced them: a later scoring version must
 * never silently rewrite what a clinician saw and acted on, so the scores are part of the record.
 * `daysSinceStart` rides along because the publisher maps one event at a time and analytics needs it.
 */
export type MeasureRecorded = {
  type: 'MeasureRecorded';
  data: {
    measureId: string; episodeId: string; patientId: string; instrument: Instrument; answers: unknown;
    scores: Record<string, number>; band?: SeverityBand; safetyAlert: boolean; scoringVersion: string;
    codeSystem: string; code: string; administeredAt: string; administeredBy: string; daysSinceStart: number;
    followUpId?: string;
  };
};

export type SafetyAlertRaised = {
  type: 'SafetyAlertRaised';
  data: { measureId: string; episodeId: string; patientId: string; instrument: Instrument; reason: string; raisedAt: string };
};

export type DrugScreenResulted = {
  type: 'DrugScreenResulted';
  data: { screenId: string; episodeId: string; patientId: string; collectedOn: string; results: AnalyteResult[]; recordedBy: string };
};

export type AbstinenceReported = {
  type: 'AbstinenceReported';
  data: {
    reportId: string; episodeId: string; patientId: string; periodStart: string; periodEnd: string;
    daysAbstinent: number; reportedBy: string;
  };
};

export type EpisodeClosed = {
  type: 'EpisodeClosed';
  data: {
    episodeId: string; patientId: string; locationId: string; track: Track; reason: DischargeReason;
    startDate: string; dischargedAt: string; joinAlumni: boolean;
  };
};

/** Admissions cancelled the episode before its first program day: it never took place, so nothing is due for it. */
export type EpisodeCancelled = { type: 'EpisodeCancelled'; data: { episodeId: string; patientId: string; cancelledAt: string } };

export type FollowUpScheduled = {
  type: 'FollowUpScheduled';
  data: {
    followUpId: string; episodeId: string; patientId: string; sequence: number; offsetDays: number;
    dueDate: string; windowStart: string; windowEnd: string;
  };
};

export type FollowUpCompleted = {
  type: 'FollowUpCompleted';
  data: {
    followUpId: string; episodeId: string; patientId: string; sequence: number; offsetDays: number;
    abstinent: boolean; completedAt: string; withinWindow: boolean; recordedBy: string;
  };
};

/** Appended when the window closes without a contact: "lost" is a recorded fact, never a guess at read time. */
export type FollowUpLost = {
  type: 'FollowUpLost';
  data: { followUpId: string; episodeId: string; patientId: string; sequence: number; offsetDays: number; lostAt: string };
};

/**
 * A safety alert of the episode (clinical notes' SafetyAlertAcknowledged, Resolved or Escalated) reached a stage this
 * many minutes after it opened: the analysts' copy of the response-time metrics. Ids and instants stay out.
 */
export type SafetyAlertTimed = {
  type: 'SafetyAlertTimed';
  data: { episodeId: string; patientId: string; signal: SafetySignal; stage: 'acknowledged' | 'resolved' | 'escalated'; minutesFromOpening: number };
};

export type EpisodeEvent =
  | EpisodeOpened
  | SessionAttendanceNoted
  | AttendanceWeekNoted
  | MeasureRecorded
  | SafetyAlertRaised
  | DrugScreenResulted
  | AbstinenceReported
  | EpisodeClosed
  | EpisodeCancelled
  | FollowUpScheduled
  | FollowUpCompleted
  | FollowUpLost
  | SafetyAlertTimed;

export const EPISODE_EVENT_TYPES: readonly EpisodeEvent['type'][] = [
  'EpisodeOpened', 'SessionAttendanceNoted', 'AttendanceWeekNoted', 'MeasureRecorded', 'SafetyAlertRaised',
  'DrugScreenResulted', 'AbstinenceReported', 'EpisodeClosed', 'EpisodeCancelled', 'FollowUpScheduled', 'FollowUpCompleted', 'FollowUpLost',
  'SafetyAlertTimed',
];
