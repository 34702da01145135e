import { Controller, Get, HttpCode, Inject, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentPrincipal, keyset, type Page, pageQueryUpTo, type Principal, ProblemError, Roles } from '@iop/platform';
import type { ParkedMessage } from '../kafka/dead-letters';
import type { RebuildProgress } from '../projections/projection';
// Resolved lazily to avoid a module cycle with event-store.module.ts.
import type { EventConsumers } from './event-consumers';
import type { EventStoreWorkers } from './event-store.module';

const CONSUMERS = 'EventConsumers';
const WORKERS = 'EventStoreWorkers';

const STATUSES = ['parked', 'replayed', 'discarded'];

/** One table holds every consumer's parked events: ids are unique across consumers, so one key pages the merged list. */
const DEAD_LETTERS = keyset('event-store.dead-letters', [{ sql: 'id', type: 'bigint' }]);

export class DeadLettersQuery extends pageQueryUpTo(500) {
  @ApiPropertyOptional({ description: 'One consumer of this service (default: all of them).' })
  @IsOptional() @IsString() @MaxLength(200)
  consumer?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional() @IsIn(STATUSES)
  status?: string;
}

/** Parked events of this service's consumers (tenant admins see their tenant's): list, replay in key order, discard. */
@ApiTags('operations')
@Controller('v1/admin/dead-letters')
export class DeadLetterController {
  constructor(@Inject(CONSUMERS) private readonly consumers: EventConsumers) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Parked events, oldest first (?consumer=&status=parked|replayed|discarded&limit=&cursor=).' })
  @ApiNotFoundResponse({ description: 'No consumer of that name in this service.' })
  async list(@CurrentPrincipal() who: Principal, @Query() q: DeadLettersQuery): Promise<Page<ParkedMessage & { consumerName: string }>> {
    const { consumer } = q;
    const status = q.status as ParkedMessage['status'] | undefined;
    if (status && !STATUSES.includes(status)) throw new ProblemError(400, 'status is parked, replayed or discarded.');
    const page = DEAD_LETTERS.request(q);
    const afterId = page.after ? Number(page.after[0]) : 0;
    const names = consumer ? [consumer] : [...this.consumers.running.keys()];
    const items = [];
    for (const name of names) {
      const c = this.consumers.consumer(name);
      if (!c) throw new ProblemError(404, `No consumer ${name} in this service.`);
      // One row more than the page from each consumer: whether another page exists may hang on any one of them.
      const rows = await c.deadLetters.list({ status, tenantId: who.tenantId, limit: page.limit + 1, afterId });
      items.push(...rows.map((r) => ({ ...r, consumerName: name })));
    }
    items.sort((a, b) => a.id - b.id);
    return DEAD_LETTERS.pageOf(items, page, (r) => [String(r.id)]);
  }

  @Post(':consumer/:id/replay')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Replays a parked event, then the events parked behind it (same key), oldest first.' })
  async replay(@CurrentPrincipal() who: Principal, @Param('consumer') consumer: string, @Param('id', ParseIntPipe) id: number) {
    const dl = await this.owned(who, consumer, id);
    return dl.replay(id);
  }

  @Post(':consumer/:id/discard')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Marks a parked event as discarded (events parked behind it stay parked).' })
  async discard(@CurrentPrincipal() who: Principal, @Param('consumer') consumer: string, @Param('id', ParseIntPipe) id: number) {
    const dl = await this.owned(who, consumer, id);
    return { discarded: await dl.discard(id) };
  }

  private async owned(who: Principal, consumer: string, id: number) {
    const c = this.consumers.consumer(consumer);
    // Ids are positive bigints: one past what a JavaScript number holds exactly names none (and never reaches SQL).
    const row = c && Number.isSafeInteger(id) && id > 0 ? await c.deadLetters.get(id) : undefined;
    if (!c || !row || row.tenantId !== who.tenantId) throw new ProblemError(404, 'No such dead letter.');
    return c.deadLetters;
  }
}

@ApiTags('operations')
@Controller('v1/admin/projections')
export class ProjectionAdminController {
  constructor(@Inject(WORKERS) private readonly workers: EventStoreWorkers) {}

  // A read model holds every tenant's rows: rebuilding it is the platform operator's, never one clinic's admin's.
  @Post(':name/rebuild')
  @HttpCode(202)
  @Roles('operator')
  @ApiOperation({ summary: 'Rebuilds a read model of every tenant from position 0 while the service runs, then swaps it in (operator; one rebuild of a read model at a time across replicas: 409 otherwise).' })
  @ApiNotFoundResponse({ description: 'No projection of that name in this service.' })
  rebuild(@Param('name') name: string): Promise<RebuildProgress> {
    const projection = this.workers.projection(name);
    if (!projection) throw new ProblemError(404, `No projection ${name}.`);
    return this.workers.rebuild(projection);
  }

  @Get(':name/rebuild')
  @Roles('operator')
  @ApiOperation({ summary: 'The progress of the latest rebuild of a read model since the service started.' })
  @ApiNotFoundResponse({ description: 'No rebuild of that projection has run since the service started.' })
  progress(@Param('name') name: string): RebuildProgress {
    const p = this.workers.rebuilds.get(name);
    if (!p) throw new ProblemError(404, `No rebuild of ${name} has run since the service started.`);
    return p;
  }
}
