import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

export type ValidationError = { path: string; message: string };

/**
 * One Ajv for the library, so each schema is compiled once per process. Strict mode turns a misspelt keyword into
 * a compile error instead of a schema that silently accepts everything. strictRequired is off only because an
 * `if/then` branch may require a property that the top level defines.
 */
export const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv, ['uuid', 'date', 'date-time']);

/** Ajv errors as `{ path, message }` with JSON-pointer paths; a missing property is reported at its own path. */
export function toValidationErrors(errors: ErrorObject[] | null | undefined): ValidationError[] {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'if') // the failing `then` below it already says what is wrong
    .map((e) => {
      if (e.keyword === 'required') {
        return { path: `${e.instancePath}/${e.params.missingProperty}`, message: 'is required' };
      }
      if (e.keyword === 'enum') {
        return { path: e.instancePath, message: `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}` };
      }
      return { path: e.instancePath, message: e.message ?? e.keyword };
    });
}

export const describeErrors = (errors: ValidationError[]): string =>
  errors.map((e) => `${e.path || '(root)'} ${e.message}`).join('; ');
