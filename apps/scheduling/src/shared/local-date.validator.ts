import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** A calendar date `YYYY-MM-DD` (docs/CONTRACTS.md, "HTTP conventions"), which also exists (no 2026-02-30). */
export const IsLocalDate = () =>
  applyDecorators(Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }), IsISO8601({ strict: true }, { message: '$property must be a real date', context: { openapi: { format: 'date' } } }));

/** An instant with its offset, e.g. `2026-12-01T18:00:00-05:00` or `...Z` (a bare local time is ambiguous); offsets to ±14:59, as PostgreSQL stores them. */
export const IsInstant = () =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: '$property must be an ISO-8601 date-time', context: { openapi: { format: 'date-time' } } }),
    Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/, { message: '$property must carry a time and an offset (Z or ±hh:mm)' }),
  );
