import type { PoolClient } from 'pg';
import { type KeyedRow, keyset, type Page, type PageParams } from '@iop/platform';

type ReferralRow = {
  referral_id: string; patient_id: string; source: string; referred_at: Date; status: string; status_reason: string | null;
  status_changed_at: Date; latest_assessment_id: string | null; recommended_level: string | null; episode_id: string | null;
  admitted_at: Date | null;
};

const COLUMNS = `referral_id, patient_id, source, referred_at, status, status_reason, status_changed_at, latest_assessment_id,
  recommended_level, episode_id, admitted_at`;

export const referralView = (r: ReferralRow) => ({
  referralId: r.referral_id,
  patientId: r.patient_id,
  source: r.source,
  referredAt: r.referred_at.toISOString(),
  status: r.status,
  statusReason: r.status_reason,
  statusChangedAt: r.status_changed_at.toISOString(),
  latestAssessmentId: r.latest_assessment_id,
  recommendedLevel: r.recommended_level,
  episodeId: r.episode_id,
  admittedAt: r.admitted_at?.toISOString() ?? null,
});
export type ReferralView = ReturnType<typeof referralView>;

export async function findReferral(client: PoolClient, tenantId: string, referralId: string): Promise<ReferralView | undefined> {
  const { rows } = await client.query<ReferralRow>(`SELECT ${COLUMNS} FROM referrals WHERE tenant_id = $1 AND referral_id = $2`, [tenantId, referralId]);
  return rows[0] && referralView(rows[0]);
}

const REFERRALS = keyset('admissions.referrals', [{ sql: 'referred_at', type: 'timestamptz' }, { sql: 'referral_id', type: 'uuid' }]);
const WAITLIST = keyset('admissions.waitlist', [{ sql: 'status_changed_at', type: 'timestamptz' }, { sql: 'referral_id', type: 'uuid' }]);

/** Referrals by status, oldest first: by referral time, or for the waitlist by the time they joined it (first come). */
export async function listReferrals(
  client: PoolClient, tenantId: string, filter: { status?: string; byStatusTime?: boolean }, q: PageParams,
): Promise<Page<ReferralView>> {
  const list = filter.byStatusTime ? WAITLIST : REFERRALS;
  const page = list.request(q);
  const after = list.where(page, 4);
  const { rows } = await client.query<ReferralRow & KeyedRow>(
    `SELECT ${COLUMNS}, ${list.keySelect} FROM referrals
     WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ${after.sql}
     ORDER BY ${list.orderBy} LIMIT $3`,
    [tenantId, filter.status ?? null, page.limit + 1, ...after.params],
  );
  return list.page(rows, page, referralView);
}
