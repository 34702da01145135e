import type { Pool } from 'pg';
import { notFound } from '@iop/decider';
import { withTenant } from '@iop/platform';
import { treatmentPlanStream } from '../domain/treatment-plan/treatment-plan.decide';

/** Plans are streamed per episode; routes address them by plan id, resolved through the tenant-isolated read model. */
export async function planStreamOf(pool: Pool, tenantId: string, planId: string): Promise<{ id: string; type: string }> {
  const { rows } = await withTenant(pool, tenantId, (c) =>
    c.query<{ episode_id: string }>('SELECT episode_id FROM treatment_plans WHERE plan_id = $1', [planId]));
  if (!rows[0]) throw notFound('No such treatment plan.');
  return treatmentPlanStream(rows[0].episode_id);
}
