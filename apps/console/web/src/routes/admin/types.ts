/**
 * Names for the generated schemas the administration screens read and send (each service's OpenAPI document
 * describes every success body: docs/CONTRACTS.md, "OpenAPI documents"), so that a screen names what it shows.
 */
import type { components as Admissions } from '../../api/admissions';
import type { components as ClinicalNotes } from '../../api/clinical-notes';
import type { components as Outcomes } from '../../api/outcomes';
import type { components as Scheduling } from '../../api/scheduling';
import type { components as Webhooks } from '../../api/webhooks';

export type { LocationPage, Page } from '../../api/views';

export type Block = Scheduling['schemas']['SessionBlockDto'];
export type Track = Block['track'];
export type Weekday = Block['days'][number];
export type Curriculum = Scheduling['schemas']['CurriculumDto'];
export type CurriculumSession = Scheduling['schemas']['CurriculumSessionDto'];
export type OnCallShift = Scheduling['schemas']['OnCallShiftViewDto'];

/** scheduling GET /v1/locations/{id}: the location with its blocks and curricula. */
export type LocationDetail = Scheduling['schemas']['LocationViewDto'];

/** The settings as read (and as each PUT answers them). */
export type ProgramSettings = Scheduling['schemas']['ProgramSettingsViewDto'];
export type AdmissionsSettings = Admissions['schemas']['TenantSettingsViewDto'];
export type OutcomeSettings = Outcomes['schemas']['OutcomeSettingsDto'];
export type SafetyAlertSettings = ClinicalNotes['schemas']['SafetyAlertSettingsDto'];
export type DocumentationSettings = ClinicalNotes['schemas']['DocumentationSettingsDto'];

/** webhooks: a subscription, never with its secret. */
export type Subscription = Webhooks['schemas']['SubscriptionViewDto'];

/** webhooks POST /v1/subscriptions/{id}/rotate-secret. */
export type SecretRotated = Webhooks['schemas']['SecretRotatedDto'];

export type WebhookMessage = Webhooks['schemas']['MessageViewDto'];
export type MessageStatus = WebhookMessage['status'];
/** The statuses a message list can be filtered by, in the order the screen offers them. */
export const MESSAGE_STATUSES = ['pending', 'delivered', 'withheld', 'exhausted', 'cancelled'] as const satisfies readonly MessageStatus[];

/** A parked event of any service's consumers (the dead-letter routes are the same in every service). */
export type DeadLetter = Admissions['schemas']['DeadLetterDto'];
