import { TOPICS, type Topic } from './topics';

/** The services that publish integration events; `analytics` is the de-identified stream published by outcomes. */
export const SERVICES = ['admissions', 'scheduling', 'clinical-notes', 'outcomes', 'analytics', 'webhooks', 'fhir'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Each service publishes on exactly one topic, so the topic follows from the service. */
export const TOPIC_OF: Readonly<Record<ServiceName, Topic>> = {
  admissions: TOPICS.admissions,
  scheduling: TOPICS.scheduling,
  'clinical-notes': TOPICS.clinicalNotes,
  outcomes: TOPICS.outcomes,
  analytics: TOPICS.analytics,
  webhooks: TOPICS.webhooks,
  fhir: TOPICS.fhir,
};

export type CeTypeParts = { service: ServiceName; name: string; version: number };

/** `iop.<service>.<EventName>.v<N>`: the CloudEvents `type`, what webhook filters like `iop.admissions.*` match. */
export const ceType = (service: ServiceName, name: string, version: number): string =>
  `iop.${service}.${name}.v${version}`;

const CE_TYPE = /^iop\.([a-z][a-z-]*)\.([A-Z][A-Za-z0-9]*)\.v([1-9][0-9]*)$/;

/** Returns undefined for anything that is not a well-formed type of a known service (never throws: it reads input). */
export function parseCeType(type: string): CeTypeParts | undefined {
  const match = CE_TYPE.exec(type);
  if (!match) return undefined;
  const service = SERVICES.find((s) => s === match[1]);
  return service ? { service, name: match[2], version: Number(match[3]) } : undefined;
}

/** `/tenants/<tenantId>/<service>`: the CloudEvents `source`. */
export const ceSource = (tenantId: string, service: ServiceName): string => `/tenants/${tenantId}/${service}`;
