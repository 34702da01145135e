import type { PoolClient } from 'pg';
import type { Projection, StoredEvent } from '@iop/event-store';
import type { ChartClosed, ChartOpened, PrimaryClinicianAssigned } from '../chart/chart.events';

type Apply = (client: PoolClient, table: string, e: StoredEvent) => Promise<unknown>;

const APPLY: Record<string, Apply> = {
  ChartOpened: (c, table, e) => {
    const d = e.data as ChartOpened['data'];
    return c.query(
      `INSERT INTO ${table} (episode_id, tenant_id, patient_id, start_date, admitted_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [d.episodeId, e.metadata.tenantId, d.patientId, d.startDate, d.admittedAt],
    );
  },
  ChartClosed: (c, table, e) => {
    const d = e.data as ChartClosed['data'];
    return c.query(`UPDATE ${table} SET discharged_at = $2 WHERE episode_id = $1`, [d.episodeId, d.dischargedAt]);
  },
  PrimaryClinicianAssigned: (c, table, e) => {
    const d = e.data as PrimaryClinicianAssigned['data'];
    return c.query(`UPDATE ${table} SET primary_clinician = $2 WHERE episode_id = $1`, [d.episodeId, d.clinician]);
  },
};

/** Episodes this service has heard of: the overdue-plan list starts from them, the missing-notes list filters by them. */
export const chartsProjection: Projection = {
  name: 'charts',
  tables: ['charts'],
  handles: Object.keys(APPLY),
  async apply(client, events, schema) {
    for (const e of events) await APPLY[e.type](client, `"${schema}".charts`, e);
  },
};
