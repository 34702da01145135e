import type { PoolClient } from 'pg';
import { applyInRunsOf, type Projection, type StoredEvent } from '@iop/event-store';
import type { ChartClosed, ChartOpened, PrimaryClinicianAssigned } from '../domain/chart/chart.events';

type Apply = (client: PoolClient, table: string, e: StoredEvent) => Promise<unknown>;

const APPLY: Record<string, Apply> = {
  ChartClosed: (c, table, e) => {
    const d = e.data as ChartClosed['data'];
    return c.query(`UPDATE ${table} SET discharged_at = $2 WHERE episode_id = $1`, [d.episodeId, d.dischargedAt]);
  },
  PrimaryClinicianAssigned: (c, table, e) => {
    const d = e.data as PrimaryClinicianAssigned['data'];
    return c.query(`UPDATE ${table} SET primary_clinician = $2 WHERE episode_id = $1`, [d.episodeId, d.clinician]);
  },
};

/** Opened charts in one statement (one, or a consumer's batch of admissions). */
function opened(c: PoolClient, table: string, events: readonly StoredEvent[]): Promise<unknown> {
  const d = events.map((e) => e.data as ChartOpened['data']);
  return c.query(
    `INSERT INTO ${table} (episode_id, tenant_id, patient_id, start_date, admitted_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::date[], $5::timestamptz[]) ON CONFLICT DO NOTHING`,
    [d.map((x) => x.episodeId), events.map((e) => e.metadata.tenantId), d.map((x) => x.patientId), d.map((x) => x.startDate), d.map((x) => x.admittedAt)],
  );
}

/** Episodes this service has heard of: the overdue-plan list starts from them, the missing-notes list filters by them. */
export const chartsProjection: Projection = {
  name: 'charts',
  tables: ['charts'],
  handles: ['ChartOpened', ...Object.keys(APPLY)],
  async apply(client, events, schema) {
    const table = `"${schema}".charts`;
    await applyInRunsOf(events, 'ChartOpened', (run) => opened(client, table, run), (e) => APPLY[e.type](client, table, e));
  },
};
