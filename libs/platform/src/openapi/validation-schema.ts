import type { Type } from '@nestjs/common';
import type { SchemaObject } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/**
 * The JSON Schema a DTO's class-validator decorators enforce, property by property. The validation pipe is what
 * accepts or refuses a request, so the document states its rules: a bound, enum, pattern or format left out of the
 * `@ApiProperty` would promise clients that values the service refuses are fine.
 *
 * A decorator this table does not know (a custom `ValidateBy`) documents itself through its validation options:
 * `{ context: { openapi: { format: 'date' } } }` is merged into the property's schema.
 */
export interface PropertyRules {
  schema: SchemaObject;
  required: boolean;
  /** `@IsOptional()` skips every rule for null as for undefined: a body may send null. */
  nullable: boolean;
  /** The class of a nested object (`@ValidateNested() @Type(() => X)`), itself described the same way. */
  nested?: Type<unknown>;
}

/** UUIDs as class-validator's `isUUID` accepts them: an RFC 9562 version (1-8) and variant, or nil / max. */
const UUID_PATTERN = {
  all: '^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|0{8}-0{4}-0{4}-0{4}-0{12}|[fF]{8}-[fF]{4}-[fF]{4}-[fF]{4}-[fF]{12})$',
  4: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$',
} as const;

/** A JavaScript RegExp as an ECMA-262 `pattern`; flags have no place in JSON Schema, so `i` is spelled out. */
function patternOf(value: unknown, modifiers?: unknown): string | undefined {
  const regex = value instanceof RegExp ? value : typeof value === 'string' ? new RegExp(value, typeof modifiers === 'string' ? modifiers : undefined) : undefined;
  if (!regex) return undefined;
  if (!regex.flags.includes('i')) return regex.source;
  // Case-insensitive: every ASCII letter outside an escape becomes [xX] (classes are rare in this code base's patterns).
  return regex.source.replace(/\\.|\[[^\]]*\]|[a-zA-Z]/g, (m) => (m.length === 1 ? `[${m.toLowerCase()}${m.toUpperCase()}]` : m));
}

/** Applies one validator to the schema of a value (the property, or each item when `each: true`). */
function apply(schema: SchemaObject, meta: ValidationMetadata): void {
  const [c0, c1] = meta.constraints ?? [];
  switch (meta.name) {
    case 'isString':
      schema.type = 'string';
      break;
    case 'isInt':
      schema.type = 'integer';
      break;
    case 'isNumber':
      if (schema.type !== 'integer') schema.type = 'number';
      break;
    case 'isBoolean':
      schema.type = 'boolean';
      break;
    case 'isIn':
      schema.enum = [...(c0 as unknown[])];
      break;
    case 'min':
      schema.minimum = Math.max(c0 as number, schema.minimum ?? -Infinity);
      break;
    case 'max':
      schema.maximum = Math.min(c0 as number, schema.maximum ?? Infinity);
      break;
    case 'minLength':
      schema.minLength = Math.max(c0 as number, schema.minLength ?? 0);
      break;
    case 'maxLength':
      schema.maxLength = Math.min(c0 as number, schema.maxLength ?? Infinity);
      break;
    case 'length':
      schema.minLength = c0 as number;
      if (typeof c1 === 'number') schema.maxLength = c1;
      break;
    case 'isNotEmpty':
      if (schema.type === 'string') schema.minLength = Math.max(1, schema.minLength ?? 0);
      break;
    case 'matches':
      addPattern(schema, patternOf(c0, c1));
      break;
    case 'isUuid':
      schema.type = 'string';
      schema.format = 'uuid';
      addPattern(schema, UUID_PATTERN[(c0 ?? 'all') as keyof typeof UUID_PATTERN]);
      break;
    case 'isIso8601':
      // validator.js reads a year before 100 as 19xx in strict mode and refuses the date: such years are refused.
      if ((c0 as { strict?: boolean } | undefined)?.strict) addPattern(schema, '^(0[1-9]|[1-9][0-9])[0-9]{2}-');
      break;
    case 'isArray':
      schema.type = 'array';
      break;
    case 'arrayMinSize':
      schema.minItems = c0 as number;
      break;
    case 'arrayMaxSize':
      schema.maxItems = c0 as number;
      break;
    case 'arrayUnique':
      schema.uniqueItems = true;
      break;
    case 'isObject':
      schema.type = 'object';
      break;
    default:
      break;
  }
  const documented = (meta.context as { openapi?: SchemaObject } | undefined)?.openapi;
  if (documented) {
    const { pattern, ...rest } = documented;
    Object.assign(schema, rest);
    addPattern(schema, pattern);
  }
}

/** A second pattern cannot replace the first (both are enforced): it joins it under `allOf`. */
function addPattern(schema: SchemaObject, pattern: string | undefined): void {
  if (!pattern || schema.pattern === pattern || schema.allOf?.some((s) => 'pattern' in s && s.pattern === pattern)) return;
  if (!schema.pattern) schema.pattern = pattern;
  else schema.allOf = [...(schema.allOf ?? []), { pattern }];
}

/** Rules only a string can meet (a pattern, a format, a length) make the value a string. */
function stringIfUntyped(schema: SchemaObject): SchemaObject {
  if (!schema.type && !schema.enum && (schema.pattern || schema.format || schema.minLength !== undefined || schema.maxLength !== undefined)) schema.type = 'string';
  return schema;
}

const ARRAY_VALIDATORS = new Set(['isArray', 'arrayMinSize', 'arrayMaxSize', 'arrayUnique', 'arrayNotEmpty']);

/** The rules of each validated property of `dto` (inherited ones included), in declaration order. */
export function propertyRules(dto: Type<unknown>): Map<string, PropertyRules> {
  const metas = getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of metas) byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
  const rules = new Map<string, PropertyRules>();
  for (const [property, list] of byProperty) {
    const schema: SchemaObject = {};
    let items: SchemaObject | undefined;
    let nested: Type<unknown> | undefined;
    // IsOptional skips every rule for undefined and null; ValidateIf makes them conditional: neither is required.
    const optional = list.some((m) => m.type === 'conditionalValidation');
    for (const meta of list) {
      if (meta.type === 'nestedValidation') {
        const typed = defaultMetadataStorage.findTypeMetadata(dto, property)?.typeFunction();
        if (typeof typed === 'function') nested = typed as Type<unknown>;
        continue;
      }
      if (meta.each && !ARRAY_VALIDATORS.has(meta.name ?? '')) apply((items ??= {}), meta);
      else apply(schema, meta);
    }
    if (items) {
      schema.type = 'array';
      schema.items = stringIfUntyped(items);
    }
    stringIfUntyped(schema);
    const nullable = list.some((m) => m.type === 'conditionalValidation' && m.name === 'isOptional');
    rules.set(property, { schema, required: !optional, nullable, ...(nested ? { nested } : {}) });
  }
  return rules;
}
