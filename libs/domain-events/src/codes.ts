/**
 * Closed code lists shared by several contracts. Adding a value is additive only for producers: a consumer that
 * switches on one must keep a default branch. Sources: docs/DOMAIN.md sections 1-3 and docs/CONTRACTS.md.
 */
export const TRACKS = ['evening', 'morning'] as const;
export type Track = (typeof TRACKS)[number];

/** ASAM level codes as strings, exactly as the HTTP API spells them. */
export const ASAM_LEVELS = ['0.5', '1', '2.1', '2.5', '3.1', '3.5', '3.7', '4'] as const;
export type AsamLevel = (typeof ASAM_LEVELS)[number];

/** A staff member's role on an episode's care team (admissions assigns them; docs/DOMAIN.md). */
export const CARE_TEAM_ROLES = ['primary-counselor', 'behavioral-health-professional', 'psychiatrist', 'nurse', 'case-manager'] as const;
export type CareTeamRole = (typeof CARE_TEAM_ROLES)[number];

export const REFERRAL_SOURCES = ['residential', 'detox', 'self', 'external-provider', 'court', 'alumni'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

export const DISCHARGE_REASONS = [
  'completed',
  'step-down',
  'transfer',
  'step-up',
  'against-medical-advice',
  'administrative',
  'non-attendance',
] as const;
export type DischargeReason = (typeof DISCHARGE_REASONS)[number];

export const SESSION_TYPES = [
  'individual-therapy',
  'family-therapy',
  'group-therapy',
  'crisis-intervention',
  'rehabilitation-services',
  'case-management',
  'smart-recovery',
  'trauma-focused-psychoeducation',
  'psychiatric-consultation',
] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

export const ATTENDANCE_STATUSES = ['present', 'late', 'left-early', 'absent-excused', 'absent-unexcused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const GOAL_STATUSES = ['not-started', 'in-progress', 'achieved', 'discontinued'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const INSTRUMENTS = ['PHQ-9', 'GAD-7', 'BAM'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** PHQ-9 and GAD-7 severity bands (GAD-7 has no `moderately-severe`); BAM has none. */
export const SEVERITY_BANDS = ['minimal', 'mild', 'moderate', 'moderately-severe', 'severe'] as const;
export type SeverityBand = (typeof SEVERITY_BANDS)[number];

export const CONTINUED_STAY_RECOMMENDATIONS = ['continue', 'step-down', 'transfer', 'step-up', 'discharge'] as const;
export type ContinuedStayRecommendation = (typeof CONTINUED_STAY_RECOMMENDATIONS)[number];
