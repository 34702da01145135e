import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { notFound } from '@iop/decider';
import { EventStore } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, etagHeader, etagOf, PageQuery, PG_POOL, type Principal, Roles, withTenant } from '@iop/platform';
import { CARE_STAFF, EPISODE_READERS } from '../shared/access';
import { auditPatients } from '../shared/audit';
import { streams } from '../shared/streams';
import { EPISODE_STATUSES, EpisodeDto, EpisodePageDto } from './episode.dto';
import { type EpisodeView, findEpisode, frontDeskView, listEpisodes } from './episode.queries';

export class EpisodeListQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  locationId?: string;

  @ApiPropertyOptional({ enum: EPISODE_STATUSES }) @IsOptional() @IsIn(EPISODE_STATUSES)
  status?: (typeof EPISODE_STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  patientId?: string;
}

const isCareStaff = (who: Principal) => who.roles.some((r) => CARE_STAFF.includes(r));
const shown = (who: Principal) => (e: EpisodeView) => (isCareStaff(who) ? e : frontDeskView(e));

@ApiTags('episodes')
@Controller('v1/episodes')
export class EpisodeQueriesController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool, @Inject(AuditLog) private readonly audit: AuditLog, @Inject(EventStore) private readonly store: EventStore,
  ) {}

  @Get() @Roles(...EPISODE_READERS)
  @ApiOperation({ summary: 'Episodes by start date (?locationId=&status=&patientId=&limit=&cursor=): e.g. the active episodes of a location.' })
  @ApiOkResponse({ type: EpisodePageDto })
  list(@Query() q: EpisodeListQueryDto, @CurrentPrincipal() who: Principal) {
    return withTenant(this.pool, who.tenantId, async (client) => {
      const page = await listEpisodes(client, who.tenantId, q, q);
      await auditPatients(this.audit, client, who, 'list', 'episodes', page.items.map((e) => e.patientId));
      return { items: page.items.map(shown(who)), nextCursor: page.nextCursor };
    });
  }

  @Get(':episodeId') @Roles(...EPISODE_READERS)
  @ApiOperation({ summary: 'One episode of care: status, level, location, track, dates, care team, history. ETag: its version, for If-Match on its commands.' })
  @ApiOkResponse({ type: EpisodeDto, headers: etagHeader('episode') })
  get(@Param('episodeId', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    return withTenant(this.pool, who.tenantId, async (client) => {
      const episode = await findEpisode(client, who.tenantId, id);
      if (!episode) throw notFound(`No episode ${id}.`);
      // The read model is written in the same transaction as the events: this version is the state shown.
      void reply.header('etag', etagOf(await this.store.streamVersion(streams.episode(id).id, client)));
      await this.audit.record({ actor: who, action: 'read', resource: `episode/${id}`, patientId: episode.patientId }, client);
      return shown(who)(episode);
    });
  }
}
