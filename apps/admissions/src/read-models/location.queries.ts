import type { PoolClient } from 'pg';
import type { LocationConfigured } from '@iop/domain-events';
import { invalid } from '@iop/decider';

/**
 * The tenant's locations as scheduling configured them (LocationConfigured). The whole block list comes each time,
 * so the latest configuration replaces the row; an older one arriving late changes nothing.
 */
export async function saveLocation(client: PoolClient, tenantId: string, l: LocationConfigured): Promise<void> {
  await client.query(
    `INSERT INTO locations (tenant_id, location_id, name, timezone, blocks, configured_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, location_id) DO UPDATE SET name = excluded.name, timezone = excluded.timezone,
       blocks = excluded.blocks, configured_at = excluded.configured_at
     WHERE locations.configured_at <= excluded.configured_at`,
    [tenantId, l.locationId, l.name, l.timezone, JSON.stringify(l.blocks), l.configuredAt],
  );
}

/** An admission goes to a known location and a track that location has a session block for (else 400); null: no such location. */
export function checkLocationServes(blocks: LocationConfigured['blocks'] | null, locationId: string, track: string): void {
  if (!blocks) throw invalid(`Unknown location ${locationId}.`, [{ path: 'locationId', message: 'is not a location of this clinic' }], 'unknown-location');
  const tracks = new Set(blocks.map((b) => b.track));
  if (!tracks.has(track as never)) {
    const message = `must be one of the location's tracks: ${[...tracks].join(', ') || 'none'}`;
    throw invalid(`The location has no ${track} block.`, [{ path: 'track', message }], 'unknown-track');
  }
}
