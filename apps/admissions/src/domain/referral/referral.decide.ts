import {
  isCriteriaEdition, recommendPlacement, validateRatings, type CriteriaEdition, type DimensionKey, type LevelOfCare,
} from '@iop/asam-criteria';
import { millisBetween } from '@iop/calendar';
import { assertNever, conflict, type CommandMetadata, type Decider, invalid, notFound } from '@iop/decider';
import { REFERRAL_SOURCES, type ReferralSource } from '@iop/domain-events';
import type { ReferralEvent } from './referral.events';
import { evolve, initialState, isPending, type ActiveReferral, type ReferralState } from './referral.state';

type Command<T extends string, D> = { type: T; data: D; metadata: CommandMetadata };
export type ReferPatient = Command<'ReferPatient', { referralId: string; patientId: string; source: ReferralSource; referredAt: string }>;
export type WaitlistReferral = Command<'WaitlistReferral', { reason?: string }>;
export type DeclineReferral = Command<'DeclineReferral', { reason: string }>;
export type WithdrawReferral = Command<'WithdrawReferral', { reason: string }>;
export type RecordAssessment = Command<'RecordAssessment', {
  assessmentId: string; criteriaEdition: CriteriaEdition; ratings: unknown; rationale?: Partial<Record<DimensionKey, string>>;
}>;
export type AdmitReferral = Command<'AdmitReferral', { episodeId: string; levelOfCare: LevelOfCare; overrideReason?: string; admittedAt?: string }>;
export type ReferralCommand = ReferPatient | WaitlistReferral | DeclineReferral | WithdrawReferral | RecordAssessment | AdmitReferral;

/** Clocks of referring systems drift; a referral "from the future" beyond this is a typing error. */
const CLOCK_SKEW_MS = 5 * 60_000;

function refer({ data, metadata }: ReferPatient, state: ReferralState): ReferralEvent[] {
  if (state.status !== 'none') throw conflict(`Referral ${data.referralId} already exists.`);
  if (!REFERRAL_SOURCES.includes(data.source)) throw invalid('Unknown referral source.', [{ path: 'source', message: `must be one of ${REFERRAL_SOURCES.join(', ')}` }]);
  if (millisBetween(metadata.now, data.referredAt) > CLOCK_SKEW_MS) {
    throw invalid('The referral cannot be received in the future.', [{ path: 'referredAt', message: 'must not be in the future' }]);
  }
  return [{ type: 'PatientReferred', data: { ...data } }];
}

/** Only a referral still pending (open or waitlisted) can change; admitted, declined and withdrawn are final. */
function pending(state: ReferralState, action: string): ActiveReferral {
  if (state.status === 'none') throw notFound(`There is no such referral: it cannot be ${action}.`);
  if (!isPending(state)) throw conflict(`The referral is ${state.status}: it cannot be ${action}.`, `referral-${state.status}`);
  return state;
}

function waitlist({ data, metadata }: WaitlistReferral, state: ReferralState): ReferralEvent[] {
  const s = pending(state, 'waitlisted');
  if (s.status === 'waitlisted') throw conflict('The referral is already on the waitlist.', 'referral-waitlisted');
  const reason = data.reason?.trim();
  return [{ type: 'ReferralWaitlisted', data: { referralId: s.referral.referralId, ...(reason ? { reason } : {}), waitlistedAt: metadata.now } }];
}

function close(command: DeclineReferral | WithdrawReferral, state: ReferralState): ReferralEvent[] {
  const reason = command.data.reason.trim();
  if (!reason) throw invalid('A reason is required.', [{ path: 'reason', message: 'must not be empty' }]);
  const at = command.metadata.now;
  if (command.type === 'DeclineReferral') {
    return [{ type: 'ReferralDeclined', data: { referralId: pending(state, 'declined').referral.referralId, reason, declinedAt: at } }];
  }
  return [{ type: 'ReferralWithdrawn', data: { referralId: pending(state, 'withdrawn').referral.referralId, reason, withdrawnAt: at } }];
}

function assess({ data, metadata }: RecordAssessment, state: ReferralState): ReferralEvent[] {
  const { referral } = pending(state, 'assessed');
  if (!isCriteriaEdition(data.criteriaEdition)) throw invalid('Unknown ASAM criteria edition.', [{ path: 'criteriaEdition', message: 'must be 3 or 4' }]);
  const checked = validateRatings(data.ratings);
  if (!checked.ok) throw invalid('The ratings are not valid.', checked.errors.map((e) => ({ path: `ratings.${e.path}`, message: e.message })));
  const { level, decidingDimension, rules } = recommendPlacement(data.criteriaEdition, checked.ratings);
  return [{
    type: 'AssessmentRecorded',
    data: {
      assessmentId: data.assessmentId, referralId: referral.referralId, patientId: referral.patientId,
      criteriaEdition: data.criteriaEdition, ratings: checked.ratings, ...(data.rationale ? { rationale: data.rationale } : {}),
      recommendation: { level, decidingDimension, rules }, assessedAt: metadata.now,
    },
  }];
}

/** docs/DOMAIN.md section 2: the software suggests, the clinician decides; a different level needs a recorded reason. */
function admit({ data, metadata }: AdmitReferral, state: ReferralState): ReferralEvent[] {
  const s = pending(state, 'admitted');
  if (!s.assessment) throw conflict('The referral has no ASAM assessment yet: assess before admitting.', 'assessment-required');
  const overrideReason = data.overrideReason?.trim();
  const overridden = data.levelOfCare !== s.assessment.level;
  if (overridden && !overrideReason) {
    throw invalid(`Level ${data.levelOfCare} differs from the recommended Level ${s.assessment.level}: give an overrideReason.`, [
      { path: 'overrideReason', message: 'is required when levelOfCare differs from the recommendation' },
    ], 'level-override-reason-required');
  }
  // An admission entered later from paper records carries when it was decided; otherwise it is decided now.
  const admittedAt = data.admittedAt ?? metadata.now;
  if (millisBetween(metadata.now, admittedAt) > CLOCK_SKEW_MS) {
    throw invalid('An admission cannot be recorded in the future.', [{ path: 'admittedAt', message: 'must not be in the future' }]);
  }
  if (millisBetween(s.referral.referredAt, admittedAt) < 0) {
    throw invalid('The admission comes after the referral.', [{ path: 'admittedAt', message: `must not be before the referral (${s.referral.referredAt})` }]);
  }
  return [{
    type: 'ReferralAdmitted',
    data: {
      referralId: s.referral.referralId, episodeId: data.episodeId, levelOfCare: data.levelOfCare,
      recommendedLevel: s.assessment.level, ...(overridden ? { overrideReason } : {}), admittedAt,
    },
  }];
}

export function decide(command: ReferralCommand, state: ReferralState): ReferralEvent[] {
  switch (command.type) {
    case 'ReferPatient': return refer(command, state);
    case 'WaitlistReferral': return waitlist(command, state);
    case 'DeclineReferral':
    case 'WithdrawReferral': return close(command, state);
    case 'RecordAssessment': return assess(command, state);
    case 'AdmitReferral': return admit(command, state);
    default: return assertNever(command);
  }
}

export const referralDecider: Decider<ReferralCommand, ReferralEvent, ReferralState> = { decide, evolve, initialState };
