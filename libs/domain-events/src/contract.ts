import { ceType, TOPIC_OF, type ServiceName } from './ce-type';
import { DRAFT_07, objectSchema, type ObjectSchema, type ObjectSpec, type RequiredKeys } from './schema';
import type { ConsentCategory } from './disclosure';
import type { Topic } from './topics';

/** The data field whose value is the Kafka record key: the aggregate id, so one aggregate's events stay in order. */
export type ContractKey = 'episodeId' | 'patientId' | 'locationId' | 'sessionId' | 'subjectKey' | 'subscriptionId';

/** Top-level schemas accept unknown properties: changes within a version are additive, consumers tolerate them. */
export type EventSchema = ObjectSchema & {
  $schema: typeof DRAFT_07;
  title: string;
  additionalProperties: true;
  allOf?: Record<string, unknown>[];
};

export type Contract<T = unknown> = {
  service: ServiceName;
  topic: Topic;
  name: string;
  version: number;
  /** The CloudEvents type, `iop.<service>.<name>.v<version>`. */
  type: string;
  key: ContractKey;
  schema: EventSchema;
  description: string;
  /** A valid payload: tested against the schema and shown in the AsyncAPI document. */
  example: T;
  /**
   * For an event that concerns a patient: the consent category that must cover its disclosure outside the program,
   * or null when it is never disclosed (see disclosure.ts). Undefined for events about no patient.
   */
  consentCategory?: ConsentCategory | null;
};

type Definition<T, R extends readonly string[]> = ObjectSpec<T, R> & {
  service: ServiceName;
  name: string;
  version: number;
  key: ContractKey & keyof T;
  /** Cross-field rules (draft-07 if/then/else) that a per-property schema cannot say. */
  allOf?: Record<string, unknown>[];
  example: T;
  consentCategory?: ConsentCategory | null;
};

/** One event version: its TypeScript type is T, its schema is built from the spec and checked against T. */
export const defineContract =
  <T>() =>
  <const R extends readonly RequiredKeys<T>[]>(def: Definition<T, R>): Contract<T> => {
    const { required, properties } = objectSchema<T>()<R>(def);
    return {
      service: def.service,
      topic: TOPIC_OF[def.service],
      name: def.name,
      version: def.version,
      type: ceType(def.service, def.name, def.version),
      key: def.key,
      description: def.description,
      schema: {
        $schema: DRAFT_07,
        title: def.name,
        description: def.description,
        type: 'object',
        additionalProperties: true,
        required,
        properties,
        ...(def.allOf ? { allOf: def.allOf } : {}),
      },
      example: def.example,
      ...(def.consentCategory !== undefined ? { consentCategory: def.consentCategory } : {}),
    };
  };
