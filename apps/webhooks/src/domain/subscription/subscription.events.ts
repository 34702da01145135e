/** Internal events of a webhook subscription (stream `subscription-<id>`). Secrets appear only sealed. */
export type SubscriptionSettings = {
  url: string;
  eventTypes: string[];
  description?: string;
  /** Consent-ledger recipient code this endpoint belongs to; patient events need a consent for it. */
  recipient?: string;
  /** Why the recipient receives patient events (`payment`, `treatment`, ...): the consent must name the same purpose. */
  purpose?: string;
  /** Deliveries per second to this endpoint; absent = the service default. */
  rateLimit?: number;
};

/** `null` clears an optional setting; an absent key leaves it as it was. */
export type SettingsChanges = {
  url?: string;
  eventTypes?: string[];
  description?: string | null;
  recipient?: string | null;
  purpose?: string | null;
  rateLimit?: number | null;
};

export type SubscriptionCreated = {
  type: 'SubscriptionCreated';
  data: SubscriptionSettings & { subscriptionId: string; sealedSecret: string; createdAt: string };
};
export type SubscriptionUpdated = { type: 'SubscriptionUpdated'; data: { subscriptionId: string; changes: SettingsChanges; updatedAt: string } };
export type SubscriptionPaused = { type: 'SubscriptionPaused'; data: { subscriptionId: string; pausedAt: string } };
export type SubscriptionResumed = { type: 'SubscriptionResumed'; data: { subscriptionId: string; resumedAt: string } };
/** The previous secret keeps signing (as a second signature) until `previousValidUntil`. */
export type SecretRotated = {
  type: 'SecretRotated';
  data: { subscriptionId: string; sealedSecret: string; previousValidUntil: string; rotatedAt: string };
};
export type EndpointDisabled = {
  type: 'EndpointDisabled';
  data: { subscriptionId: string; reason: 'gone' | 'failing'; disabledAt: string };
};
export type SubscriptionDeleted = { type: 'SubscriptionDeleted'; data: { subscriptionId: string; deletedAt: string } };

export type SubscriptionEvent =
  | SubscriptionCreated
  | SubscriptionUpdated
  | SubscriptionPaused
  | SubscriptionResumed
  | SecretRotated
  | EndpointDisabled
  | SubscriptionDeleted;

export const SUBSCRIPTION_EVENT_TYPES: readonly SubscriptionEvent['type'][] = [
  'SubscriptionCreated', 'SubscriptionUpdated', 'SubscriptionPaused', 'SubscriptionResumed', 'SecretRotated', 'EndpointDisabled', 'SubscriptionDeleted',
];
