import type { CommandContext, EventStore, HandleResult } from '@iop/event-store';
import { type AuditAction, type AuditLog, type Principal, withTenant } from '@iop/platform';
import { episodeDecider, type EpisodeCommand } from '../episode/episode.decide';
import type { EpisodeEvent } from '../episode/episode.events';
import type { EpisodeState } from '../episode/episode.state';
import { execute, streams } from '../shared/streams';

/**
 * One command on an episode stream with its audit record, in one transaction (HTTP routes). `expectedVersion` (the
 * request's If-Match): the episode must still be at the version the client read, else 409 `version-mismatch`.
 */
export function runEpisodeCommand(
  store: EventStore, audit: AuditLog, who: Principal, ctx: CommandContext, episodeId: string, command: EpisodeCommand,
  options: { action?: AuditAction; expectedVersion?: number } = {},
): Promise<HandleResult<EpisodeState, EpisodeEvent>> {
  const action = options.action ?? 'update';
  return withTenant(store.pool, ctx.tenantId, async (client) => {
    const result = await execute(store, streams.episode(episodeId), episodeDecider, command, ctx, { client, expectedVersion: options.expectedVersion });
    const patientId = result.state.status === 'none' ? null : result.state.episode.patientId;
    await audit.record({ actor: who, action, resource: `episode/${episodeId}`, patientId, correlationId: ctx.correlationId }, client);
    return result;
  });
}
