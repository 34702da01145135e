import { applyDecorators } from '@nestjs/common';
import { ApiQuery, type SchemaObject } from '@nestjs/swagger';

/**
 * `?limit=&cursor=` for a handler that reads them one by one (`@Query('limit') limit?: string`) and checks them
 * itself: the document states the same rules. A handler taking a validated query DTO needs none of this.
 */
export const ApiPageQueries = (cursor: SchemaObject = { type: 'string' }, maxLimit = 200) =>
  applyDecorators(
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: maxLimit, default: 50 }, description: 'Items per page.' }),
    ApiQuery({ name: 'cursor', required: false, schema: cursor, description: 'The nextCursor of the previous page.' }),
  );
