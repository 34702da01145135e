/**
 * `@iop/domain-events`: the public contracts between services. A service reaches another only through these
 * types, schemas and Kafka (docs/ARCHITECTURE.md, "Kafka").
 */
export * from './topics';
export { ceSource, ceType, parseCeType, SERVICES, TOPIC_OF, type CeTypeParts, type ServiceName } from './ce-type';
export * from './codes';
export * from './disclosure';
export * from './diagnosis-codes';
export type { Contract, ContractKey, EventSchema } from './contract';
export type { PropertySchema } from './schema';
export type { ValidationError } from './validation';
export {
  CE_HEADERS,
  CE_SPEC_VERSION,
  CONTENT_TYPE,
  DLQ_HEADERS,
  TENANT_ID_PATTERN,
  cloudEventHeadersSchema,
} from './headers';
export {
  fromKafkaMessage,
  toKafkaMessage,
  toPublicEvent,
  type EventMeta,
  type FromKafkaResult,
  type IncomingKafkaMessage,
  type KafkaMessage,
  type PublicEvent,
} from './cloudevents';
export { CONTRACTS, contractFor, validateEvent, type ValidationResult } from './registry';
export { asyncApiJson, buildAsyncApiDocument } from './asyncapi';
export * from './admissions';
export * from './scheduling';
export * from './clinical-notes';
export * from './outcomes';
export * from './analytics';
export * from './webhooks';
export * from './fhir';
