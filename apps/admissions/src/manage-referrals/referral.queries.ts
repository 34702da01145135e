import type { PoolClient } from 'pg';
import { type KeyedRow, keyset, type Page, type PageParams } from '@iop/platform';

type ReferralRow = {
  referral_id: string; patient_id: string; source: string; referred_at: Date; status: string; status_reason: string | null;
  status_changed_at: Date; latest_assessment_id: string | null; recommended_level: string | null; episode_id: string | null;
  admitted_at: Date | null; first_name: string; last_name: string; date_of_birth: string;
};

/** Where a referral stands on the intake board: `open` splits into not yet assessed and assessed. */
export const REFERRAL_STAGES = ['referred', 'assessed', 'waitlisted', 'admitted', 'declined', 'withdrawn'] as const;
export type ReferralStage = (typeof REFERRAL_STAGES)[number];

/** A referral with its patient's name and birth date (the board shows who it is; every read is audited per patient). */
const COLUMNS = `r.referral_id, r.patient_id, r.source, r.referred_at, r.status, r.status_reason, r.status_changed_at, r.latest_assessment_id,
  r.recommended_level, r.episode_id, r.admitted_at, p.first_name, p.last_name, p.date_of_birth::text AS date_of_birth`;
const FROM = 'FROM referrals r JOIN patients p ON p.tenant_id = r.tenant_id AND p.patient_id = r.patient_id';

const stageOf = (r: ReferralRow): ReferralStage =>
  (r.status === 'open' ? (r.latest_assessment_id ? 'assessed' : 'referred') : r.status) as ReferralStage;

export const referralView = (r: ReferralRow) => ({
  referralId: r.referral_id,
  patientId: r.patient_id,
  patient: { firstName: r.first_name, lastName: r.last_name, dateOfBirth: r.date_of_birth },
  source: r.source,
  referredAt: r.referred_at.toISOString(),
  status: r.status,
  stage: stageOf(r),
  statusReason: r.status_reason,
  statusChangedAt: r.status_changed_at.toISOString(),
  latestAssessmentId: r.latest_assessment_id,
  recommendedLevel: r.recommended_level,
  episodeId: r.episode_id,
  admittedAt: r.admitted_at?.toISOString() ?? null,
});
export type ReferralView = ReturnType<typeof referralView>;

export async function findReferral(client: PoolClient, tenantId: string, referralId: string): Promise<ReferralView | undefined> {
  const { rows } = await client.query<ReferralRow>(`SELECT ${COLUMNS} ${FROM} WHERE r.tenant_id = $1 AND r.referral_id = $2`, [tenantId, referralId]);
  return rows[0] && referralView(rows[0]);
}

const REFERRALS = keyset('admissions.referrals', [{ sql: 'r.referred_at', type: 'timestamptz' }, { sql: 'r.referral_id', type: 'uuid' }]);
const WAITLIST = keyset('admissions.waitlist', [{ sql: 'r.status_changed_at', type: 'timestamptz' }, { sql: 'r.referral_id', type: 'uuid' }]);

/** A stage as the `referrals` columns say it. */
const STAGE_CONDITION = `($3::text IS NULL
  OR ($3 = 'referred' AND r.status = 'open' AND r.latest_assessment_id IS NULL)
  OR ($3 = 'assessed' AND r.status = 'open' AND r.latest_assessment_id IS NOT NULL)
  OR ($3 NOT IN ('referred', 'assessed') AND r.status = $3))`;

/**
 * Referrals by status or stage, oldest first: by referral time, or for the waitlist by the time they joined it
 * (first come).
 */
export async function listReferrals(
  client: PoolClient, tenantId: string, filter: { status?: string; stage?: ReferralStage; byStatusTime?: boolean }, q: PageParams,
): Promise<Page<ReferralView>> {
  const list = filter.byStatusTime ? WAITLIST : REFERRALS;
  const page = list.request(q);
  const after = list.where(page, 5);
  const { rows } = await client.query<ReferralRow & KeyedRow>(
    `SELECT ${COLUMNS}, ${list.keySelect} ${FROM}
     WHERE r.tenant_id = $1 AND ($2::text IS NULL OR r.status = $2) AND ${STAGE_CONDITION} AND ${after.sql}
     ORDER BY ${list.orderBy} LIMIT $4`,
    [tenantId, filter.status ?? null, filter.stage ?? null, page.limit + 1, ...after.params],
  );
  return list.page(rows, page, referralView);
}
