import type { Projection, StoredEvent } from '@iop/event-store';
import type { CurriculumChanged, LocationConfigured } from '../domain/location/location.events';
import { DEFAULT_PROGRAM_SETTINGS } from '../domain/program/program-rules';
import type { ProgramSettingsChanged } from '../domain/program-settings/program-settings.events';

export const table = (schema: string, name: string): string => `"${schema}".${name}`;

/** Locations and the tenant's program settings: read at once by enrollment, so kept inline. */
export const locationsProjection: Projection = {
  name: 'locations',
  tables: ['locations', 'program_settings'],
  handles: ['LocationConfigured', 'CurriculumChanged', 'ProgramSettingsChanged'],
  async apply(client, events, schema) {
    for (const e of events as StoredEvent[]) {
      if (e.type === 'LocationConfigured') {
        const d = e.data as LocationConfigured['data'];
        await client.query(
          `INSERT INTO ${table(schema, 'locations')} (location_id, tenant_id, name, timezone, blocks, configured_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6)
           ON CONFLICT (location_id) DO UPDATE SET name = excluded.name, blocks = excluded.blocks, configured_at = excluded.configured_at`,
          [d.locationId, e.metadata.tenantId, d.name, d.timezone, JSON.stringify(d.blocks), d.configuredAt],
        );
      } else if (e.type === 'CurriculumChanged') {
        // The version replaces the one of the same track and date (as the decider's withVersion does), in one statement.
        const { track, effectiveFrom, sessions, locationId } = e.data as CurriculumChanged['data'];
        await client.query(
          `UPDATE ${table(schema, 'locations')} SET curricula = (
             SELECT jsonb_agg(v.c ORDER BY v.c->>'track', v.c->>'effectiveFrom') FROM (
               SELECT c FROM jsonb_array_elements(curricula) AS c WHERE NOT (c->>'track' = $2 AND c->>'effectiveFrom' = $3)
               UNION ALL SELECT $4::jsonb) AS v(c))
           WHERE location_id = $1`,
          [locationId, track, effectiveFrom, JSON.stringify({ track, effectiveFrom, sessions })],
        );
      } else {
        const d = e.data as ProgramSettingsChanged['data'];
        await client.query(
          `INSERT INTO ${table(schema, 'program_settings')} (tenant_id, group_size_limit, min_hours_per_day, min_days_per_week, alumni_missed_sessions_limit, changed_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (tenant_id) DO UPDATE SET group_size_limit = excluded.group_size_limit, min_hours_per_day = excluded.min_hours_per_day,
             min_days_per_week = excluded.min_days_per_week, alumni_missed_sessions_limit = excluded.alumni_missed_sessions_limit, changed_at = excluded.changed_at`,
          [e.metadata.tenantId, d.groupSizeLimit, d.minHoursPerDay, d.minDaysPerWeek, d.alumniMissedSessionsLimit ?? DEFAULT_PROGRAM_SETTINGS.alumniMissedSessionsLimit, d.changedAt],
        );
      }
    }
  },
};
