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

/** The same problem, worded for where the fields were: a GET has no body, and `?limit=0` is a query parameter. */
class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
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
