import { Controller, Get, HttpCode, Inject, Param, type PipeTransform, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
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

export class DeadLetterDto {
  @ApiProperty({ description: 'Its id (unique across the service\'s consumers).' }) id!: number;
  @ApiProperty({ description: 'The consumer (inbox) that parked it.' }) consumer!: string;
  @ApiProperty({ description: 'The same consumer\'s name, as the replay and discard routes take it.' }) consumerName!: string;
  @ApiProperty() topic!: string;
  @ApiProperty() partition!: number;
  @ApiProperty({ description: 'The Kafka offset (a 64-bit integer, as text).' }) offset!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The record key (events of one key are applied in order).' }) key!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) eventId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'iop.admissions.PatientAdmitted.v1' }) eventType!: string | null;
  @ApiProperty({ type: String, nullable: true }) tenantId!: string | null;
  @ApiProperty({ enum: ['invalid', 'failed', 'behind'], description: 'invalid: not JSON or not its schema; failed: the handler kept failing; behind: an earlier event of its key is parked.' })
  reason!: string;
  @ApiProperty({ description: 'What the handler or the validation said (no event data).' }) error!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The dead letter of its key it waits behind.' }) parkedBehind!: number | null;
  @ApiProperty({ format: 'date-time' }) parkedAt!: string;
}

export class DeadLetterPageDto {
  @ApiProperty({ type: [DeadLetterDto] }) items!: DeadLetterDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}

class ReplayFailureDto {
  @ApiProperty() id!: number;
  @ApiProperty() error!: string;
}

export class ReplayResultDto {
  @ApiProperty({ type: [Number], description: 'The dead letters applied, in order.' }) replayed!: number[];
  @ApiProperty({ type: ReplayFailureDto, required: false, description: 'The one that failed again (it and those behind it stay parked).' }) failed?: ReplayFailureDto;
}

export class DiscardResultDto {
  @ApiProperty({ description: 'False when it was not parked (replayed or discarded already).' }) discarded!: boolean;
}

export class RebuildProgressDto {
  @ApiProperty() projection!: string;
  @ApiProperty({ description: 'Events applied so far.' }) processed!: number;
  @ApiProperty({ description: 'Events to apply (the log\'s length when the rebuild began).' }) total!: number;
  @ApiProperty({ description: 'Swapped in.' }) done!: boolean;
}

/**
 * A dead letter's id from the path. Ids are positive whole numbers a JavaScript number holds exactly: anything else
 * (0, a negative, a fraction, a word, one past that range) names no dead letter, a 404 like an unknown id.
 */
class DeadLetterIdPipe implements PipeTransform<string, number | undefined> {
  transform(value: string): number | undefined {
    const id = /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
    return Number.isSafeInteger(id) && id > 0 ? id : undefined;
  }
}

/** Parked events of this service's consumers (tenant admins see their tenant's): list, replay in key order, discard. */
@ApiTags('operations')
@Controller('v1/admin/dead-letters')
export class DeadLetterController {
  constructor(@Inject(CONSUMERS) private readonly consumers: EventConsumers) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Parked events, oldest first (?consumer=&status=parked|replayed|discarded&limit=&cursor=).' })
  @ApiOkResponse({ type: DeadLetterPageDto })
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
  @ApiOkResponse({ type: ReplayResultDto })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiNotFoundResponse({ description: 'No such dead letter of this tenant.' })
  async replay(@CurrentPrincipal() who: Principal, @Param('consumer') consumer: string, @Param('id', DeadLetterIdPipe) id: number | undefined) {
    const dl = await this.owned(who, consumer, id);
    return dl.deadLetters.replay(dl.id);
  }

  @Post(':consumer/:id/discard')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Marks a parked event as discarded (events parked behind it stay parked).' })
  @ApiOkResponse({ type: DiscardResultDto })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiNotFoundResponse({ description: 'No such dead letter of this tenant.' })
  async discard(@CurrentPrincipal() who: Principal, @Param('consumer') consumer: string, @Param('id', DeadLetterIdPipe) id: number | undefined) {
    const dl = await this.owned(who, consumer, id);
    return { discarded: await dl.deadLetters.discard(dl.id) };
  }

  private async owned(who: Principal, consumer: string, id: number | undefined) {
    const c = this.consumers.consumer(consumer);
    const row = c && id !== undefined ? await c.deadLetters.get(id) : undefined;
    if (!c || !row || row.tenantId !== who.tenantId || id === undefined) throw new ProblemError(404, 'No such dead letter.');
    return { deadLetters: c.deadLetters, id };
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
  @ApiAcceptedResponse({ type: RebuildProgressDto })
  @ApiNotFoundResponse({ description: 'No projection of that name in this service.' })
  rebuild(@Param('name') name: string): Promise<RebuildProgress> {
    const projection = this.workers.projection(name);
    if (!projection) throw new ProblemError(404, `No projection ${name}.`);
    return this.workers.rebuild(projection);
  }

  @Get(':name/rebuild')
  @Roles('operator')
  @ApiOperation({ summary: 'The progress of the latest rebuild of a read model since the service started.' })
  @ApiOkResponse({ type: RebuildProgressDto })
  @ApiNotFoundResponse({ description: 'No rebuild of that projection has run since the service started.' })
  progress(@Param('name') name: string): RebuildProgress {
    const p = this.workers.rebuilds.get(name);
    if (!p) throw new ProblemError(404, `No rebuild of ${name} has run since the service started.`);
    return p;
  }
}
