import {
  drugScreenResultedV1, followUpCompletedV1, followUpLostV1, followUpScheduledV1, measureRecordedV1, safetyAlertRaisedV1,
  type Topic,
} from '@iop/domain-events';
import { type OutgoingMessage, type PublicMapping, type StoredEvent, toDomain } from '@iop/event-store';
import type { EpisodeEvent } from '../domain/episode/episode.events';
import { analyticsMessages } from './analytics.publishing';
import type { Pseudonymizer } from './analytics-keys';

/** `iop.outcomes.v1`: identified facts for the other services and integrators; raw answers and staff ids stay here. */
export function outcomesMessages(e: EpisodeEvent): OutgoingMessage[] {
  switch (e.type) {
    case 'MeasureRecorded': {
      const { measureId, episodeId, patientId, instrument, scores, band, safetyAlert, scoringVersion, administeredAt } = e.data;
      const data = { measureId, episodeId, patientId, instrument, scores, ...(band ? { band } : {}), safetyAlert, scoringVersion, administeredAt };
      return [{ contract: measureRecordedV1, data }];
    }
    case 'SafetyAlertRaised':
      return [{ contract: safetyAlertRaisedV1, data: e.data }];
    case 'DrugScreenResulted': {
      const { screenId, episodeId, patientId, collectedOn, results } = e.data;
      return [{ contract: drugScreenResultedV1, data: { screenId, episodeId, patientId, collectedOn, results } }];
    }
    case 'FollowUpScheduled':
      return [{ contract: followUpScheduledV1, data: e.data }];
    case 'FollowUpCompleted': {
      const { followUpId, episodeId, patientId, sequence, abstinent, completedAt, withinWindow } = e.data;
      return [{ contract: followUpCompletedV1, data: { followUpId, episodeId, patientId, sequence, abstinent, completedAt, withinWindow } }];
    }
    case 'FollowUpLost': {
      const { followUpId, episodeId, patientId, sequence, lostAt } = e.data;
      return [{ contract: followUpLostV1, data: { followUpId, episodeId, patientId, sequence, lostAt } }];
    }
    default:
      return [];
  }
}

/**
 * The one mapping of outcomes' internal events to public messages: an event may become an outcomes message, an
 * analytics message, both, or none (settings changes, abstinence reports, attendance notes).
 */
export const outcomesPublicMapping = (p: Pseudonymizer): PublicMapping => (event: StoredEvent) => {
  const e = toDomain<EpisodeEvent>(event);
  return [...outcomesMessages(e), ...analyticsMessages(e, event.metadata.tenantId, p)];
};

/** The messages of one topic: each topic has its own publisher (the analytics one rewrites the envelope). */
export const onTopic = (mapping: PublicMapping, topic: Topic): PublicMapping => (event) =>
  mapping(event).filter((m) => m.contract.topic === topic);
