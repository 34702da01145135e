import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { AuditLog, CLINICAL_ROLES, CurrentPrincipal, keyset, type Page, PageQuery, PG_POOL, type Principal, Roles } from '@iop/platform';
import { episodeRecords } from '../shared/episode-records';
import { StoredObservationPageDto } from './episode-records.dto';

export type StoredObservation = {
  measureId: string; instrument: string; code: { system: string; code: string }; answers: unknown; scores: Record<string, number>;
  band: string | null; safetyAlert: boolean; scoringVersion: string; administeredAt: string; administeredBy: string; followUpId: string | null;
};

const MEASURES = keyset('outcomes.episode-measures', [{ sql: 'administered_at', type: 'timestamptz' }, { sql: 'measure_id', type: 'uuid' }]);

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
  @ApiOkResponse({ type: StoredObservationPageDto })
  list(
    @Param('episodeId', new ParseUUIDPipe()) episodeId: string, @Query() page: PageQuery, @CurrentPrincipal() principal: Principal,
  ): Promise<Page<StoredObservation>> {
    return episodeRecords(this.pool, this.audit, principal, episodeId, 'measures', MEASURES, page,
      (after) => `SELECT measure_id, instrument, code_system, code, answers, scores, band, safety_alert, scoring_version, administered_at, administered_by, follow_up_id,
         ${MEASURES.keySelect}
       FROM outcome_measures WHERE episode_id = $1 AND ${after} ORDER BY ${MEASURES.orderBy} LIMIT $2`,
      (r) => ({
        measureId: r.measure_id as string, instrument: r.instrument as string, code: { system: r.code_system as string, code: r.code as string },
        answers: r.answers, scores: r.scores as Record<string, number>, band: r.band as string | null, safetyAlert: r.safety_alert as boolean,
        scoringVersion: r.scoring_version as string, administeredAt: (r.administered_at as Date).toISOString(),
        administeredBy: r.administered_by as string, followUpId: r.follow_up_id as string | null,
      }));
  }
}
