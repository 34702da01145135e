import type { Pool } from 'pg';
import { type AuditLog, type Principal, withTenant } from '@iop/platform';
import { patientOfEpisode } from './episode-lookup';
import { type Page, type PageQuery, offsetOf, pageOf } from './page';

/**
 * One page of an episode's rows, read for this tenant (another clinic's episode is a 404) and audited as a read of
 * `episode/<id>/<what>`. `sql` takes the episode id, the limit (one more row than the page) and the offset.
 */
export async function episodeRecords<T>(
  pool: Pool, audit: AuditLog, principal: Principal, episodeId: string, what: string, page: PageQuery, sql: string, row: (r: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const limit = page.limit ?? 50;
  const { patientId, rows } = await withTenant(pool, principal.tenantId, async (client) => ({
    patientId: await patientOfEpisode(client, episodeId),
    rows: (await client.query(sql, [episodeId, limit + 1, offsetOf(page.cursor)])).rows,
  }));
  await audit.record({ actor: principal, action: 'read', resource: `episode/${episodeId}/${what}`, patientId });
  return pageOf(rows.map(row), page);
}
