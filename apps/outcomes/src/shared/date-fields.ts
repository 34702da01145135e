import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '@iop/calendar';

/**
 * ISO-8601 date-time with an explicit offset (docs/CONTRACTS.md, "HTTP conventions"): the offset tells us the clinic's
 * calendar day. Offsets go to ±14:59, as PostgreSQL stores them.
 */
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

export const IsCalendarDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: () => '$property must be a calendar date YYYY-MM-DD',
      },
    },
    { ...options, context: { openapi: { format: 'date' } } },
  );

export const IsDateTimeWithOffset = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isDateTimeWithOffset',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && DATE_TIME_WITH_OFFSET.test(value) && isCalendarDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value)),
        defaultMessage: () => '$property must be an ISO-8601 date-time with an offset, e.g. 2025-06-02T17:20:00-04:00',
      },
    },
    { ...options, context: { openapi: { format: 'date-time', pattern: DATE_TIME_WITH_OFFSET.source } } },
  );
