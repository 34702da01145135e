import { notFound } from '@iop/decider';
import { type DomainEvent, type EventStore, loadStream, type StreamDecider } from '@iop/event-store';
import { chartDecider, chartStream } from '../domain/chart/chart.decide';
import type { ChartState } from '../domain/chart/chart.state';

/**
 * A stream's state for reads and pre-checks, loaded as the command pipeline loads it (`loadStream`): a stream belongs
 * to the tenant of its first event; another tenant's stream is "not found", never "forbidden".
 */
export async function loadState<S, E extends DomainEvent>(
  store: EventStore, stream: { id: string; type: string }, decider: StreamDecider<S, E>, tenantId: string,
): Promise<S> {
  return (await loadStream(store, stream, decider, tenantId)).state;
}

export type KnownChart = Exclude<ChartState, { status: 'unknown' }>;

/** The episode's chart, if PatientAdmitted reached this service for the caller's tenant; 404 otherwise. */
export async function knownChart(store: EventStore, episodeId: string, tenantId: string): Promise<KnownChart> {
  const chart = await loadState(store, chartStream(episodeId), chartDecider, tenantId);
  if (chart.status === 'unknown') throw notFound(`No episode ${episodeId} is known to clinical notes.`);
  return chart;
}

export { etagOf, parseIfMatch } from '@iop/platform';
