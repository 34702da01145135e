import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsNotEmpty, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { isCalendarDate } from '@iop/calendar';

/**
 * An instant with its offset (docs/CONTRACTS.md, "HTTP conventions": times are ISO-8601 with an offset), in the RFC 3339 profile the public
 * contracts' `date-time` format accepts: such values are published, and an event the schema refuses would stop the
 * publisher. Offsets go to ±14:59 (PostgreSQL refuses larger ones; none is in use).
 */
export const IsInstant = () => applyDecorators(
  IsISO8601({ strict: true, strictSeparator: true }, { context: { openapi: { format: 'date-time' } } }),
  Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/, { message: '$property must be a time with seconds and an offset, e.g. 2025-03-03T09:15:00-05:00' }),
);

/** A real calendar date `YYYY-MM-DD`. */
export const IsCalendarDate = () => ValidateBy({
  name: 'isCalendarDate',
  validator: {
    validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
    defaultMessage: () => '$property must be a real date YYYY-MM-DD',
  },
}, { context: { openapi: { format: 'date' } } });

/** Free text a person typed: not blank, bounded. */
export const IsText = (max: number) => applyDecorators(
  IsString(), IsNotEmpty(), MaxLength(max), Matches(/\S/, { message: '$property must not be blank' }),
);

/** A machine code as the public contracts spell them (`payer:acme-health`, `attendance`). */
export const CODE_PATTERN = /^[a-z0-9][a-z0-9.:-]*$/;
export const IsCode = (each = false) => applyDecorators(
  IsString({ each }), MaxLength(64, { each }), Matches(CODE_PATTERN, { each, message: '$property must be a lower-case code such as payer:acme-health' }),
);
