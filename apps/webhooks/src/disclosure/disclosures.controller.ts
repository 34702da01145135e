import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { ApiPageQueries, AuditLog, CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import { paging } from '../http/paging';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** This service's disclosure log (paged by offset: a patient has few disclosures) for one patient (admissions keeps the full accounting from DisclosureRecorded). */
@ApiTags('disclosures')
@Controller('v1/disclosures')
export class DisclosuresController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Webhook disclosures of one patient, newest first (?patientId=; admin; audited).' })
  @ApiQuery({ name: 'patientId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiPageQueries({ type: 'string', pattern: '^[0-9]{1,18}$' })
  async list(@CurrentPrincipal() who: Principal, @Query('patientId') patientId?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    if (!patientId || !UUID.test(patientId)) throw new ProblemError(400, 'patientId (a UUID) is required.');
    const page = paging(limit, cursor);
    await this.audit.record({ actor: who, action: 'read', resource: 'disclosures', patientId, purpose: 'accounting-of-disclosures' });
    return withTenant(this.pool, who.tenantId, async (client) => {
      const { rows } = await client.query<Record<string, unknown>>(
        `SELECT disclosure_id AS "disclosureId", recipient, purpose,
                event_type AS "eventType", event_id AS "eventId", consent_id AS "consentId", subscription_id AS "subscriptionId",
                message_id AS "messageId", to_char(disclosed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "disclosedAt"
         FROM disclosures WHERE patient_id = $1 ORDER BY disclosed_at DESC, disclosure_id OFFSET $2 LIMIT $3`,
        [patientId, page.after, page.limit + 1],
      );
      return { items: rows.slice(0, page.limit), nextCursor: rows.length > page.limit ? String(page.after + page.limit) : null };
    });
  }
}
