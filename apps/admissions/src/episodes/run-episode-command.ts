import type { CommandContext, EventStore, HandleResult } from '@iop/event-store';
import { type AuditAction, type AuditLog, type Principal, withTenant } from '@iop/platform';
import { episodeDecider, type EpisodeCommand } from '../episode/episode.decide';
import type { EpisodeEvent } from '../episode/episode.events';
import type { EpisodeState } from '../episode/episode.state';
import { execute, streams } from '../shared/streams';

/** One command on an episode stream with its audit record, in one transaction (HTTP routes). */
export function runEpisodeCommand(
  store: EventStore, audit: AuditLog, who: Principal, ctx: CommandContext, episodeId: string, command: EpisodeCommand, action: AuditAction = 'update',
): Promise<HandleResult<EpisodeState, EpisodeEvent>> {
  return withTenant(store.pool, ctx.tenantId, async (client) => {
    const result = await execute(store, streams.episode(episodeId), episodeDecider, command, ctx, { client });
    const patientId = result.state.status === 'none' ? null : result.state.episode.patientId;
    await audit.record({ actor: who, action, resource: `episode/${episodeId}`, patientId, correlationId: ctx.correlationId }, client);
    return result;
  });
}
