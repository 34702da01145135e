import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemError, Roles } from '@iop/platform';
import { ReadModelRebuild, type RebuildProgress } from './read-model-rebuild';

/**
 * The FHIR read model is built from consumed events, not from an event store of the service's own, so the platform's
 * projection rebuild (`/v1/admin/projections/{name}/rebuild`) does not cover it: this one replays the events kept.
 */
@ApiTags('admin')
@Controller('v1/admin/read-model/rebuild')
export class ReadModelRebuildController {
  constructor(@Inject(ReadModelRebuild) private readonly rebuild: ReadModelRebuild) {}

  // Every tenant's rows: the platform operator's, as the other services' rebuilds.
  @Post()
  @HttpCode(202)
  @Roles('operator')
  @ApiOperation({ summary: 'Rebuilds the FHIR read model of every tenant from the events the service kept, while it runs (operator; one at a time: 409 otherwise).' })
  start(): Promise<RebuildProgress> {
    return this.rebuild.start();
  }

  @Get()
  @Roles('operator')
  @ApiOperation({ summary: 'The progress of the latest rebuild of the read model run by this replica since it started.' })
  @ApiNotFoundResponse({ description: 'No rebuild has run on this replica since it started.' })
  progress(): RebuildProgress {
    if (!this.rebuild.latest) throw new ProblemError(404, 'No rebuild has run on this replica since it started.');
    return this.rebuild.latest;
  }
}
