/**
 * Small builders for draft-07 JSON Schemas. Each takes a mandatory description because the AsyncAPI document and
 * the integrators' view of a field come from it. `objectSchema<T>()` ties a schema to its TypeScript type at
 * compile time: properties must be exactly T's keys, and `required` exactly T's non-optional keys, so the type and
 * the schema kept side by side cannot drift.
 */
export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

export type PropertySchema = { description: string; [keyword: string]: unknown };

export type ObjectSchema = PropertySchema & {
  type: 'object';
  required: string[];
  properties: Record<string, PropertySchema>;
};

export type RequiredKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T] & string;
type MissingKeys<T, R extends readonly string[]> = Exclude<RequiredKeys<T>, R[number]>;

export type ObjectSpec<T, R extends readonly string[]> = {
  description: string;
  /** Listing fewer than T's required keys is a compile error that names the missing ones. */
  required: R & ([MissingKeys<T, R>] extends [never] ? unknown : { missingRequired: MissingKeys<T, R> });
  properties: { [K in keyof T & string]-?: PropertySchema };
};

export const objectSchema =
  <T>() =>
  <const R extends readonly RequiredKeys<T>[]>(spec: ObjectSpec<T, R>): ObjectSchema => ({
    type: 'object',
    description: spec.description,
    required: [...spec.required],
    properties: spec.properties,
  });

export const uuid = (description: string): PropertySchema => ({ type: 'string', format: 'uuid', description });

/** An instant with its offset (ISO-8601 / RFC 3339), e.g. `2025-03-04T18:00:00-05:00`. */
export const dateTime = (description: string): PropertySchema => ({ type: 'string', format: 'date-time', description });

/** A calendar date `YYYY-MM-DD` in the location's time zone. */
export const date = (description: string): PropertySchema => ({ type: 'string', format: 'date', description });

export const enumOf = (values: readonly (string | number)[], description: string): PropertySchema => ({
  type: typeof values[0] === 'number' ? 'integer' : 'string',
  enum: [...values],
  description,
});

/** A machine code (kebab-case, no spaces): open-ended lists stay codes, so no sentence can slip into an event. */
export const code = (description: string): PropertySchema => ({
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9.:-]*$',
  maxLength: 64,
  description,
});

export const integer = (description: string, bounds: { minimum?: number; maximum?: number } = {}): PropertySchema => ({
  type: 'integer',
  ...bounds,
  description,
});

export const number = (description: string, bounds: { minimum?: number; maximum?: number } = {}): PropertySchema => ({
  type: 'number',
  ...bounds,
  description,
});

export const boolean = (description: string): PropertySchema => ({ type: 'boolean', description });

export const arrayOf = (
  items: PropertySchema,
  description: string,
  extra: Record<string, unknown> = {},
): PropertySchema => ({
  type: 'array',
  items,
  ...extra,
  description,
});

/** An object whose keys are open (e.g. subscale names) and whose values share one schema. */
export const mapOf = (values: PropertySchema, description: string): PropertySchema => ({
  type: 'object',
  additionalProperties: values,
  description,
});
