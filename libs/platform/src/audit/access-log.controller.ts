import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { type Role, Roles } from '../auth/roles';
import { PG_POOL } from '../db/database';
import { type KeyedRow, keyset, type Page, PageQuery } from '../http/paging';
import { ProblemError } from '../http/problem';
import { AuditLog } from './audit-log';

/** Who may read who read a patient's record: the clinic's compliance officer and its administrator. */
export const ACCESS_LOG_READERS: Role[] = ['admin', 'compliance'];

export interface AccessLogEntry {
  occurredAt: string;
  actor: string;
  actorRoles: string[];
  action: string;
  resource: string;
  purpose: string;
  correlationId: string | null;
  patientId: string | null;
}

export class AccessLogEntryDto implements AccessLogEntry {
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ description: 'The token subject of who did it.' }) actor!: string;
  @ApiProperty({ type: [String], description: 'Their roles when they did it.' }) actorRoles!: string[];
  @ApiProperty({ example: 'read' }) action!: string;
  @ApiProperty({ example: 'episode/5f0c…', description: 'What was read or changed.' }) resource!: string;
  @ApiProperty({ example: 'treatment', description: 'Why (HIPAA purpose of use).' }) purpose!: string;
  @ApiProperty({ type: String, nullable: true }) correlationId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) patientId!: string | null;
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessLogEntryDto] }) items!: AccessLogEntryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}

const COLUMNS = `to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt", actor, actor_roles AS "actorRoles",
  action, resource, purpose, correlation_id AS "correlationId", patient_id AS "patientId"`;
const PATIENT_LOG = keyset('access-log', [{ sql: 'occurred_at', type: 'timestamptz', desc: true }, { sql: 'id', type: 'bigint', desc: true }]);
const EXPORT = keyset('audit-log-export', [{ sql: 'occurred_at', type: 'timestamptz' }, { sql: 'id', type: 'bigint' }]);
const MAX_EXPORT_DAYS = 366;

/** An instant with its offset, which PostgreSQL can compare (offsets to ±14:59; a larger one failed there as a 500). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;
const Instant = () => Matches(INSTANT, { message: '$property must be a time with its offset, e.g. 2026-11-01T00:00:00Z' });

export class AuditExportQuery extends PageQuery {
  @ApiProperty({ format: 'date-time', example: '2026-11-01T00:00:00Z', description: 'From this instant (inclusive).' }) @IsISO8601({ strict: true }) @Instant()
  from!: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T00:00:00Z', description: 'Until this instant (exclusive); at most 366 days after from.' })
  @IsISO8601({ strict: true }) @Instant()
  to!: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

const CSV_HEADER = ['occurredAt', 'actor', 'actorRoles', 'action', 'resource', 'purpose', 'correlationId', 'patientId'] as const;
const csvCell = (v: unknown) => {
  const text = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * The reader of the audit log (45 CFR 164.312(b); 42 CFR 2.24's accounting covers disclosures, this covers every
 * access): who read or changed a patient's record in this service, when and why, newest first, and an export of the
 * whole log for a period. Each service answers for its own records; reading the log is itself audited.
 */
@ApiTags('audit')
@ApiExtraModels(AccessLogPageDto)
@Controller('v1')
export class AccessLogController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(AuditLog) private readonly audit: AuditLog) {}

  @Get('patients/:patientId/access-log')
  @Roles(...ACCESS_LOG_READERS)
  @ApiOperation({ summary: 'Who read or changed this patient\'s record in this service, when and why, newest first (compliance, admin; audited).' })
  @ApiOkResponse({ type: AccessLogPageDto })
  async patientLog(@Param('patientId', new ParseUUIDPipe()) patientId: string, @Query() q: PageQuery, @CurrentPrincipal() who: Principal): Promise<Page<AccessLogEntry>> {
    const page = PATIENT_LOG.request(q);
    const after = PATIENT_LOG.where(page, 4);
    const { rows } = await this.pool.query<AccessLogEntry & KeyedRow>(
      `SELECT ${COLUMNS}, ${PATIENT_LOG.keySelect} FROM audit_log WHERE tenant_id = $1 AND patient_id = $2 AND ${after.sql}
       ORDER BY ${PATIENT_LOG.orderBy} LIMIT $3`,
      [who.tenantId, patientId, page.limit + 1, ...after.params],
    );
    // Nothing logged about this patient in this tenant: the patient is not this service's to report on (another
    // tenant's patient answers the same, so the route tells nobody which ids exist elsewhere).
    if (rows.length === 0 && !page.after) throw new ProblemError(404, 'No access to this patient\'s record is logged in this service.');
    await this.audit.record({ actor: who, action: 'read', resource: 'access-log', patientId, purpose: 'operations' });
    return PATIENT_LOG.page(rows, page);
  }

  @Get('audit-log')
  @Roles(...ACCESS_LOG_READERS)
  @ApiOperation({ summary: 'Every audit entry of this service for a period, oldest first, as JSON pages or one CSV file (compliance, admin; audited).' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'A page of entries (JSON), or with ?format=csv every entry of the period in one CSV file.',
    content: { 'application/json': { schema: { $ref: getSchemaPath(AccessLogPageDto) } }, 'text/csv': { schema: { type: 'string' } } },
  })
  async export(@Query() q: AuditExportQuery, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<Page<AccessLogEntry> | string> {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (!(from < to)) throw new ProblemError(400, 'from must be before to.', [{ path: 'to', message: 'must be after from' }], 'validation');
    if (to - from > MAX_EXPORT_DAYS * 86_400_000) throw new ProblemError(400, `A period of at most ${MAX_EXPORT_DAYS} days.`, [{ path: 'to', message: `must be at most ${MAX_EXPORT_DAYS} days after from` }], 'validation');
    await this.audit.record({ actor: who, action: 'export', resource: 'audit-log', purpose: 'operations', details: { from: q.from, to: q.to, format: q.format ?? 'json' } });
    if (q.format === 'csv') {
      const { rows } = await this.pool.query<AccessLogEntry>(
        `SELECT ${COLUMNS} FROM audit_log WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 ORDER BY ${EXPORT.orderBy}`,
        [who.tenantId, q.from, q.to],
      );
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit-log.csv"');
      return [CSV_HEADER.join(','), ...rows.map((r) => CSV_HEADER.map((k) => csvCell(r[k])).join(','))].join('\r\n') + '\r\n';
    }
    const page = EXPORT.request(q);
    const after = EXPORT.where(page, 5);
    const { rows } = await this.pool.query<AccessLogEntry & KeyedRow>(
      `SELECT ${COLUMNS}, ${EXPORT.keySelect} FROM audit_log WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND ${after.sql}
       ORDER BY ${EXPORT.orderBy} LIMIT $4`,
      [who.tenantId, q.from, q.to, page.limit + 1, ...after.params],
    );
    return EXPORT.page(rows, page);
  }
}
