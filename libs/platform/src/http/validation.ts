import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@iop/decider';
import { ProblemError } from './problem';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** Where in a request value a string holds U+0000 (a key or a value), as a field path; undefined if nowhere. */
function nulAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return at;
    const found = nulAt(item, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

const CHECKED: ArgumentMetadata['type'][] = ['body', 'query', 'param'];

const isDtoClass = (metatype: ArgumentMetadata['metatype']): boolean =>
  typeof metatype === 'function' && ![Object, Array, String, Number, Boolean].includes(metatype as never);

/**
 * The same problem, worded for where the fields were: a GET has no body, and `?limit=0` is a query parameter. Text
 * with U+0000 is refused first, wherever it is: PostgreSQL's text and jsonb cannot hold it, so it would fail there
 * as a 500 (or stop a projection) instead of being answered as bad input.
 */
class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const nul = CHECKED.includes(metadata.type) ? nulAt(value, metadata.data ?? '') : undefined;
    if (nul !== undefined) {
      throw new ProblemError(400, 'Text may not contain the NUL character (U+0000).', [{ path: nul || metadata.type, message: 'must not contain U+0000' }], 'validation');
    }
    // A body a DTO class describes is a JSON object, or absent where the route allows that: `null`, an array or a bare
    // value is refused rather than read as an empty object (which would make `null` a valid full request). Only for a
    // DTO class: a consumer's `@Payload()` is a 'body' too, typed as an interface (Object) or an array of events.
    if (metadata.type === 'body' && !metadata.data && isDtoClass(metadata.metatype) && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new ProblemError(400, 'The request body must be a JSON object.', [{ path: 'body', message: 'must be an object' }], 'validation');
    }
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof ProblemError && err.code === 'validation' && metadata.type === 'query') {
        throw new ProblemError(400, 'The query has invalid parameters.', err.errors, 'validation');
      }
      throw err;
    }
  }
}

/** Bodies and query parameters validated by class-validator; unknown fields are rejected, every failing field is listed. */
export const validationPipe = (): ValidationPipe =>
  new ProblemValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ProblemError(400, 'The request body has invalid fields.', flatten(errors), 'validation'),
  });
