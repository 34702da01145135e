import type { Instrument } from '@iop/domain-events';
import { measurementOccasions, occasionStatus, type OccasionKind } from '../domain/measurement-schedule/measurement-schedule.rules';
import type { MeasurementScheduleSettings } from '../domain/outcome-settings/outcome-settings.rules';

export type WorklistEpisode = { episodeId: string; patientId: string; locationId: string; startDate: string; dischargeDate: string | null };
export type WorklistMeasure = { episodeId: string; instrument: Instrument; administeredOn: string };

export type WorklistItem = {
  episodeId: string; patientId: string; locationId: string; instrument: Instrument; occasion: OccasionKind; sequence: number;
  windowStart: string; dueDate: string; lastDay: string | null;
};

/**
 * Every (episode, instrument, occasion) whose status as of `asOf` is `wanted`, by due date, episode, instrument and
 * occasion: a total order (the list's keyset), compared by code unit so that it does not depend on the server's locale.
 */
export function measurementWorklist(
  episodes: readonly WorklistEpisode[], measures: readonly WorklistMeasure[], s: MeasurementScheduleSettings, asOf: string, wanted: 'due' | 'overdue',
): WorklistItem[] {
  const items: WorklistItem[] = [];
  const measuredOn = new Map<string, string[]>();
  for (const m of measures) measuredOn.set(`${m.episodeId}|${m.instrument}`, [...(measuredOn.get(`${m.episodeId}|${m.instrument}`) ?? []), m.administeredOn]);
  for (const ep of episodes) {
    const occasions = measurementOccasions({ startDate: ep.startDate, dischargeDate: ep.dischargeDate ?? undefined }, s, asOf);
    for (const instrument of s.instruments) {
      const days = measuredOn.get(`${ep.episodeId}|${instrument}`) ?? [];
      for (const o of occasions.filter((occasion) => occasionStatus(occasion, days, asOf) === wanted)) {
        const { episodeId, patientId, locationId } = ep;
        items.push({ episodeId, patientId, locationId, instrument, occasion: o.kind, sequence: o.sequence, windowStart: o.windowStart, dueDate: o.dueDate, lastDay: o.lastDay ?? null });
      }
    }
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return items.sort((a, b) => cmp(a.dueDate, b.dueDate) || cmp(a.episodeId, b.episodeId) || cmp(a.instrument, b.instrument) || a.sequence - b.sequence);
}
