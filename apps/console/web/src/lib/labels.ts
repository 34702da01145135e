/**
 * What staff read for the API's codes. Keyed by the API's own enum values (typed from the generated OpenAPI types), so a
 * code the API adds or renames fails the typecheck here instead of showing raw.
 */
import type { components as Admissions } from '../api/admissions';
import type { components as Scheduling } from '../api/scheduling';

export type SessionType = Scheduling['schemas']['SessionListItemDto']['type'];
export type AttendanceStatus = Scheduling['schemas']['RecordAttendanceDto']['status'];
type Referral = Admissions['schemas']['ReferralDto'];
export type ReferralStage = Referral['stage'];

export const SESSION_TYPE_LABELS: Record<SessionType, string> = {
  'individual-therapy': 'Individual therapy',
  'family-therapy': 'Family therapy',
  'group-therapy': 'Group therapy',
  'crisis-intervention': 'Crisis intervention',
  'rehabilitation-services': 'Rehabilitation services',
  'case-management': 'Case management',
  'smart-recovery': 'SMART Recovery',
  'trauma-focused-psychoeducation': 'Trauma-focused psychoeducation',
  'psychiatric-consultation': 'Psychiatric consultation',
};

export const sessionTypeLabel = (type: string): string => SESSION_TYPE_LABELS[type as SessionType] ?? type;

/** In the order a counselor goes through them. */
export const ATTENDANCE_OPTIONS: readonly { id: AttendanceStatus; label: string }[] = [
  { id: 'present', label: 'Present' },
  { id: 'late', label: 'Late' },
  { id: 'left-early', label: 'Left early' },
  { id: 'absent-excused', label: 'Absent, excused' },
  { id: 'absent-unexcused', label: 'Absent, unexcused' },
];

export const isAbsent = (status: AttendanceStatus | null | undefined): boolean => status === 'absent-excused' || status === 'absent-unexcused';

export const STAGE_LABELS: Record<ReferralStage, string> = {
  referred: 'Referred',
  assessed: 'Assessed',
  waitlisted: 'Waitlisted',
  admitted: 'Admitted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

/** The intake board's columns (the API's `?stage=`), in the order a referral moves; withdrawn ones leave the board. */
export const BOARD_COLUMNS: readonly ReferralStage[] = ['referred', 'assessed', 'waitlisted', 'admitted', 'declined'];

/** Where a referral stands, in the board's words. */
export const referralStatusLabel = (r: Referral): string => STAGE_LABELS[r.stage];

type ReferralSource = Admissions['schemas']['ReferPatientDto']['source'];

export const SOURCE_OPTIONS: readonly { id: ReferralSource; label: string }[] = [
  { id: 'residential', label: 'Residential program' },
  { id: 'detox', label: 'Detox' },
  { id: 'self', label: 'Self-referral' },
  { id: 'external-provider', label: 'External provider' },
  { id: 'court', label: 'Court' },
  { id: 'alumni', label: 'Alumni (returning)' },
];

export const sourceLabel = (source: string): string => SOURCE_OPTIONS.find((o) => o.id === source)?.label ?? source;

export const TRACK_LABELS: Record<string, string> = { evening: 'Evening', morning: 'Morning' };
