import type { PoolClient } from 'pg';
import type { StoredEvent } from '@iop/event-store';
import type {
  AssessmentRecorded, PatientReferred, ReferralAdmitted, ReferralDeclined, ReferralWaitlisted, ReferralWithdrawn,
} from '../domain/referral/referral.events';
import { actorOf, dataOf, projectionOf, tenantOf } from './projection-support';

type Table = (name: string) => string;

async function setStatus(client: PoolClient, table: Table, event: StoredEvent, status: string, reason: string | null, at: string) {
  await client.query(
    `UPDATE ${table('referrals')} SET status = $3, status_reason = $4, status_changed_at = $5 WHERE tenant_id = $1 AND referral_id = $2`,
    [tenantOf(event), dataOf<{ referralId: string }>(event).referralId, status, reason, at],
  );
}

/** Referrals with their status (the waitlist is `status = 'waitlisted'`) and their ASAM assessments. */
export const referralsProjection = projectionOf('referrals', ['referrals', 'assessments'], {
  PatientReferred: async (client, table, event) => {
    const d = dataOf<PatientReferred['data']>(event);
    await client.query(
      `INSERT INTO ${table('referrals')} (tenant_id, referral_id, patient_id, source, referred_at, status, status_changed_at)
       VALUES ($1, $2, $3, $4, $5, 'open', $5) ON CONFLICT DO NOTHING`,
      [tenantOf(event), d.referralId, d.patientId, d.source, d.referredAt],
    );
  },
  ReferralWaitlisted: (client, table, e) => {
    const d = dataOf<ReferralWaitlisted['data']>(e);
    return setStatus(client, table, e, 'waitlisted', d.reason ?? null, d.waitlistedAt);
  },
  ReferralDeclined: (client, table, e) => {
    const d = dataOf<ReferralDeclined['data']>(e);
    return setStatus(client, table, e, 'declined', d.reason, d.declinedAt);
  },
  ReferralWithdrawn: (client, table, e) => {
    const d = dataOf<ReferralWithdrawn['data']>(e);
    return setStatus(client, table, e, 'withdrawn', d.reason, d.withdrawnAt);
  },
  AssessmentRecorded: async (client, table, event) => {
    const d = dataOf<AssessmentRecorded['data']>(event);
    await client.query(
      `INSERT INTO ${table('assessments')} (tenant_id, assessment_id, referral_id, patient_id, criteria_edition, ratings, rationale,
         recommendation, assessed_at, assessed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [
        tenantOf(event), d.assessmentId, d.referralId, d.patientId, d.criteriaEdition, JSON.stringify(d.ratings),
        d.rationale ? JSON.stringify(d.rationale) : null, JSON.stringify(d.recommendation), d.assessedAt, actorOf(event),
      ],
    );
    await client.query(`UPDATE ${table('referrals')} SET latest_assessment_id = $3, recommended_level = $4 WHERE tenant_id = $1 AND referral_id = $2`, [
      tenantOf(event), d.referralId, d.assessmentId, d.recommendation.level,
    ]);
  },
  ReferralAdmitted: async (client, table, event) => {
    const d = dataOf<ReferralAdmitted['data']>(event);
    await client.query(
      `UPDATE ${table('referrals')} SET status = 'admitted', status_reason = NULL, status_changed_at = $4, episode_id = $3, admitted_at = $4
       WHERE tenant_id = $1 AND referral_id = $2`,
      [tenantOf(event), d.referralId, d.episodeId, d.admittedAt],
    );
  },
});
