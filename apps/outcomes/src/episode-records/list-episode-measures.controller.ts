import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { AuditLog, CLINICAL_ROLES, CurrentPrincipal, PG_POOL, type Principal, Roles, withTenant } from '@iop/platform';
import { patientOfEpisode } from '../http/episode-lookup';
import { type Page, PageQuery, offsetOf, pageOf } from '../http/page';

export type StoredObservation = {
  measureId: string; instrument: string; code: { system: string; code: string }; answers: unknown; scores: Record<string, number>;
  band: string | null; safetyAlert: boolean; scoringVersion: string; administeredAt: string; administeredBy: string; followUpId: string | null;
};

@ApiTags('measures')
@Controller('v1/episodes/:episodeId/measures')
export class ListEpisodeMeasuresController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get()
  @Roles(...CLINICAL_ROLES)
  @ApiOperation({ summary: 'The episode\'s stored observations, oldest first: raw answers, scores, LOINC (or local) code, scoring version, who administered it (clinical roles; audited).' })
  async list(
    @Param('episodeId', new ParseUUIDPipe()) episodeId: string, @Query() page: PageQuery, @CurrentPrincipal() principal: Principal,
  ): Promise<Page<StoredObservation>> {
    const limit = page.limit ?? 50;
    const { patientId, rows } = await withTenant(this.pool, principal.tenantId, async (client) => ({
      patientId: await patientOfEpisode(client, episodeId),
      rows: (await client.query(
        `SELECT measure_id, instrument, code_system, code, answers, scores, band, safety_alert, scoring_version, administered_at, administered_by, follow_up_id
         FROM outcome_measures WHERE episode_id = $1 ORDER BY administered_at, measure_id LIMIT $2 OFFSET $3`,
        [episodeId, limit + 1, offsetOf(page.cursor)],
      )).rows,
    }));
    await this.audit.record({ actor: principal, action: 'read', resource: `episode/${episodeId}/measures`, patientId });
    return pageOf(rows.map((r) => ({
      measureId: r.measure_id, instrument: r.instrument, code: { system: r.code_system, code: r.code }, answers: r.answers, scores: r.scores,
      band: r.band, safetyAlert: r.safety_alert, scoringVersion: r.scoring_version, administeredAt: (r.administered_at as Date).toISOString(),
      administeredBy: r.administered_by, followUpId: r.follow_up_id,
    })), page);
  }
}
