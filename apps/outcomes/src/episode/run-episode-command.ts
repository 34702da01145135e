import { type CommandContext, type EventStore, handle, type HandleOptions, type HandleResult, toEventMetadata } from '@iop/event-store';
import { episodeDecider, type EpisodeCommand } from './episode.decide';
import type { EpisodeEvent } from './episode.events';
import { episodeStream, type EpisodeState } from './episode.state';

/** Loads the episode's stream, decides and appends (the command's metadata becomes the events' metadata). */
export function runEpisodeCommand(
  store: EventStore, episodeId: string, command: EpisodeCommand & { metadata: CommandContext }, options: HandleOptions = {},
): Promise<HandleResult<EpisodeState, EpisodeEvent>> {
  return handle(
    store, episodeStream(episodeId), episodeDecider, (state) => episodeDecider.decide(command, state),
    toEventMetadata(command.metadata), options,
  );
}
