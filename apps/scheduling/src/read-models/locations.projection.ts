import type { Projection, StoredEvent } from '@iop/event-store';
import type { CurriculumChanged, LocationConfigured } from '../domain/location/location.events';
import { withVersion } from '../domain/location/location.state';
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
        const { track, effectiveFrom, sessions, locationId } = e.data as CurriculumChanged['data'];
        const { rows } = await client.query(`SELECT curricula FROM ${table(schema, 'locations')} WHERE location_id = $1 FOR UPDATE`, [locationId]);
        const curricula = withVersion(rows[0]?.curricula ?? [], { track, effectiveFrom, sessions });
        await client.query(`UPDATE ${table(schema, 'locations')} SET curricula = $2 WHERE location_id = $1`, [locationId, JSON.stringify(curricula)]);
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
