import type { Pool } from 'pg';
import { type AuditLog, type KeyedRow, type Keyset, type Page, type PageParams, type Principal, withTenant } from '@iop/platform';
import { patientOfEpisode } from './episode-lookup';

/**
 * One page of an episode's rows, read for this tenant (another clinic's episode is a 404) and audited as a read of
 * `episode/<id>/<what>`. `sql(after)` selects `list.keySelect`, takes the episode id ($1) and the limit ($2, one more
 * row than the page), filters by `after` (the keyset condition, from $3) and orders by `list.orderBy`.
 */
export async function episodeRecords<T>(
  pool: Pool, audit: AuditLog, principal: Principal, episodeId: string, what: string, list: Keyset, query: PageParams,
  sql: (after: string) => string, row: (r: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const page = list.request(query);
  const after = list.where(page, 3);
  const { patientId, rows } = await withTenant(pool, principal.tenantId, async (client) => ({
    patientId: await patientOfEpisode(client, episodeId),
    rows: (await client.query<Record<string, unknown> & KeyedRow>(sql(after.sql), [episodeId, page.limit + 1, ...after.params])).rows,
  }));
  await audit.record({ actor: principal, action: 'read', resource: `episode/${episodeId}/${what}`, patientId });
  return list.page(rows, page, row);
}
