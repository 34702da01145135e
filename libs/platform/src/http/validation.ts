import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@iop/decider';
import { ProblemError } from './problem';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** Bodies validated by class-validator; unknown fields are rejected, every failing field is listed. */
export const validationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ProblemError(400, 'The request body has invalid fields.', flatten(errors), 'validation'),
  });
