import type { CommandContext, Decision } from '@iop/event-store';
import type { AuditAction, AuditEntry, Principal } from '@iop/platform';
import type { EpisodeState } from '../domain/episode/episode.state';

/** The audit row of a command on an episode (HTTP routes), written in the command's transaction by the pipeline. */
export const episodeAudit = (who: Principal, ctx: CommandContext, episodeId: string, action: AuditAction = 'update') =>
  ({ state }: Decision<EpisodeState, unknown>): AuditEntry => ({
    actor: who, action, resource: `episode/${episodeId}`, patientId: state.status === 'none' ? null : state.episode.patientId, correlationId: ctx.correlationId,
  });
