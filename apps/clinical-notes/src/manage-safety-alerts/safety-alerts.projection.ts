import type { PoolClient } from 'pg';
import type { Projection, StoredEvent } from '@iop/event-store';
import type { SafetyAlertAcknowledged, SafetyAlertEscalated, SafetyAlertOpened, SafetyAlertResolved } from '../domain/safety-alert/safety-alert.events';

type Apply = (client: PoolClient, table: string, e: StoredEvent) => Promise<unknown>;

const APPLY: Record<string, Apply> = {
  SafetyAlertOpened: (c, table, e) => {
    const d = e.data as SafetyAlertOpened['data'];
    return c.query(
      `INSERT INTO ${table} (alert_id, tenant_id, episode_id, patient_id, location_id, signal, source_id, signal_at, status, routed_to,
         routed_to_staff_id, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11) ON CONFLICT DO NOTHING`,
      [d.alertId, e.metadata.tenantId, d.episodeId, d.patientId, d.locationId ?? null, d.signal, d.sourceId, d.signalAt, d.routedTo,
        d.routedToStaffId ?? null, d.openedAt],
    );
  },
  SafetyAlertAcknowledged: (c, table, e) => {
    const d = e.data as SafetyAlertAcknowledged['data'];
    return c.query(`UPDATE ${table} SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3 WHERE alert_id = $1`,
      [d.alertId, d.acknowledgedBy, d.acknowledgedAt]);
  },
  SafetyAlertResolved: (c, table, e) => {
    const d = e.data as SafetyAlertResolved['data'];
    return c.query(`UPDATE ${table} SET status = 'resolved', resolved_by = $2, resolved_at = $3, note_id = $4, summary = $5 WHERE alert_id = $1`,
      [d.alertId, d.resolvedBy, d.resolvedAt, d.noteId ?? null, d.summary ?? null]);
  },
  SafetyAlertEscalated: (c, table, e) => {
    const d = e.data as SafetyAlertEscalated['data'];
    return c.query(`UPDATE ${table} SET escalated_at = $2 WHERE alert_id = $1`, [d.alertId, d.escalatedAt]);
  },
};

/** The safety alert worklist (and what the escalation timer looks for), inline: an acknowledgement shows at once. */
export const safetyAlertsProjection: Projection = {
  name: 'safety-alerts',
  tables: ['safety_alerts'],
  handles: Object.keys(APPLY),
  async apply(client, events, schema) {
    for (const e of events) await APPLY[e.type](client, `"${schema}".safety_alerts`, e);
  },
};
