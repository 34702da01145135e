/**
 * UNDOCUMENTED: TO BE REPLACED BY REGENERATION (`npm run openapi`), as src/api/undocumented.ts.
 *
 * The success bodies the administration screens read that no service's OpenAPI document describes yet, each written
 * from the read model or handler named beside it. Request bodies are the generated DTOs. Kept beside the screens
 * that read them (not in src/api/undocumented.ts) so that the console's screens, built at the same time, do not
 * edit one file; move them there, or better replace them with generated types, once the services document them.
 */
import type { components as Admissions } from '../../api/admissions';
import type { components as ClinicalNotes } from '../../api/clinical-notes';
import type { components as Outcomes } from '../../api/outcomes';
import type { components as Scheduling } from '../../api/scheduling';

export type { LocationPage, Page } from '../../api/undocumented';

export type Block = Scheduling['schemas']['SessionBlockDto'];
export type Track = Block['track'];
export type Weekday = Block['days'][number];
export type Curriculum = Scheduling['schemas']['CurriculumDto'];
export type CurriculumSession = Scheduling['schemas']['CurriculumSessionDto'];
export type OnCallShift = Scheduling['schemas']['OnCallShiftDto'];

/** scheduling GET /v1/locations/{id} (browse-locations toView): the location with its blocks and curricula. */
export type LocationDetail = {
  locationId: string; name: string; timezone: string; blocks: Block[]; curricula: Curriculum[] | null; configuredAt: string;
};

/** scheduling GET /v1/locations/{locationId}/on-call (manage-on-call): who is on call at `at`, in the location's zone. */
export type OnCallNow = { locationId: string; timezone: string; at: string; onCall: OnCallShift[] };

/** scheduling PUT /v1/locations/{locationId}/curriculum: the saved version and the weeks already scheduled that keep theirs. */
export type CurriculumSaved = Curriculum & { locationId: string; weeksKept: string[] };

/** The settings reads answer what their PUT takes (each service's settings repository or loader). */
export type ProgramSettings = Scheduling['schemas']['ProgramSettingsDto'];
export type AdmissionsSettings = Admissions['schemas']['TenantSettingsDto'];
export type OutcomeSettings = Outcomes['schemas']['OutcomeSettingsDto'];
export type SafetyAlertSettings = ClinicalNotes['schemas']['SafetyAlertSettingsDto'];
export type DocumentationSettings = ClinicalNotes['schemas']['DocumentationSettingsDto'];

/** webhooks subscriptions.query.ts SubscriptionView: never the secret. */
export type Subscription = {
  subscriptionId: string; url: string; eventTypes: string[]; description: string | null; recipient: string | null; purpose: string | null;
  rateLimit: number | null; status: 'active' | 'paused' | 'disabled'; disabledReason: string | null; failingSince: string | null;
  version: number; createdAt: string; updatedAt: string;
};

/** webhooks POST /v1/subscriptions: the secret, in this answer only. */
export type SubscriptionCreated = { subscriptionId: string; secret: string };
/** webhooks POST /v1/subscriptions/{id}/rotate-secret. */
export type SecretRotated = { secret: string; previousSecretValidUntil: string };

export const MESSAGE_STATUSES = ['pending', 'delivered', 'withheld', 'exhausted', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** webhooks read-delivery-log/delivery-log.query.ts MessageView. */
export type WebhookMessage = {
  messageId: string; subscriptionId: string; eventId: string; eventType: string; status: MessageStatus; statusReason: string | null;
  attempts: number; nextAttemptAt: string | null; lastAttemptAt: string | null; lastHttpStatus: number | null; deliveredAt: string | null;
  createdAt: string;
};

/** webhooks delivery-log.query.ts AttemptView. */
export type DeliveryAttempt = {
  attempt: number; attemptedAt: string; outcome: string; httpStatus: number | null; latencyMs: number | null; response: string | null; error: string | null;
};

/** libs/event-store kafka/dead-letters.ts ParkedMessage, with the consumer's name (admin.controllers.ts). */
export type DeadLetter = {
  id: number; consumer: string; consumerName: string; topic: string; partition: number; offset: string; key: string | null;
  eventId: string | null; eventType: string | null; tenantId: string | null; reason: 'invalid' | 'failed' | 'behind'; error: string;
  attempts: number; status: 'parked' | 'replayed' | 'discarded'; parkedBehind: number | null; parkedAt: string;
};

/** POST .../dead-letters/{consumer}/{id}/replay: the ids replayed in key order, and the one that failed again, if any. */
export type DeadLetterReplayed = { replayed: number[]; failed?: { id: number; error: string } };
