import type { PoolClient } from 'pg';
import type { Projection, StoredEvent } from '@iop/event-store';
import type {
  TreatmentPlanAcknowledged, TreatmentPlanDrafted, TreatmentPlanReviewed, TreatmentPlanRevised, TreatmentPlanSigned,
} from '../domain/treatment-plan/treatment-plan.events';

type Apply = (client: PoolClient, table: string, e: StoredEvent) => Promise<unknown>;

const APPLY: Record<string, Apply> = {
  TreatmentPlanDrafted: (c, table, e) => {
    const d = e.data as TreatmentPlanDrafted['data'];
    return c.query(
      `INSERT INTO ${table} (plan_id, episode_id, tenant_id, patient_id, status, version, author)
       VALUES ($1, $2, $3, $4, 'draft', $5, $6) ON CONFLICT DO NOTHING`,
      [d.planId, d.episodeId, e.metadata.tenantId, d.patientId, d.version, d.author],
    );
  },
  TreatmentPlanRevised: (c, table, e) => {
    const d = e.data as TreatmentPlanRevised['data'];
    return c.query(`UPDATE ${table} SET status = 'draft', version = $2, author = $3 WHERE plan_id = $1`, [d.planId, d.version, d.author]);
  },
  TreatmentPlanSigned: (c, table, e) => {
    const d = e.data as TreatmentPlanSigned['data'];
    const sql = `UPDATE ${table} SET status = 'signed', signed_version = $2, last_signed_at = $3 WHERE plan_id = $1`;
    return c.query(sql, [d.planId, d.version, d.signedAt]);
  },
  TreatmentPlanReviewed: (c, table, e) => {
    const d = e.data as TreatmentPlanReviewed['data'];
    return c.query(`UPDATE ${table} SET last_reviewed_at = $2 WHERE plan_id = $1`, [d.planId, d.reviewedAt]);
  },
  TreatmentPlanAcknowledged: (c, table, e) => {
    const d = e.data as TreatmentPlanAcknowledged['data'];
    return c.query(`UPDATE ${table} SET acknowledged_version = $2 WHERE plan_id = $1`, [d.planId, d.version]);
  },
};

/** Plan status per episode (no content): finds a plan's episode by plan id, and feeds the overdue list. */
export const treatmentPlansProjection: Projection = {
  name: 'treatment-plans',
  tables: ['treatment_plans'],
  handles: Object.keys(APPLY),
  async apply(client, events, schema) {
    for (const e of events) await APPLY[e.type](client, `"${schema}".treatment_plans`, e);
  },
};
