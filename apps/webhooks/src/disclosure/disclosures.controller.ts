import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import type { Pool } from 'pg';
import { AuditLog, CurrentPrincipal, type KeyedRow, keyset, PageQuery, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import { WebhookDisclosurePageDto } from './disclosure.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DISCLOSURES = keyset('webhooks.disclosures', [{ sql: 'disclosed_at', type: 'timestamptz', desc: true }, { sql: 'disclosure_id', type: 'uuid' }]);

export class DisclosuresQuery extends PageQuery {
  @ApiProperty({ format: 'uuid', description: 'The patient whose disclosures are listed.' })
  @Matches(UUID, { message: 'patientId (a UUID) is required' })
  patientId?: string;
}

/** This service's disclosure log for one patient (admissions keeps the full accounting from DisclosureRecorded). */
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
  @ApiOkResponse({ type: WebhookDisclosurePageDto })
  async list(@CurrentPrincipal() who: Principal, @Query() q: DisclosuresQuery) {
    const { patientId } = q;
    if (!patientId || !UUID.test(patientId)) throw new ProblemError(400, 'patientId (a UUID) is required.');
    const page = DISCLOSURES.request(q);
    const after = DISCLOSURES.where(page, 3);
    await this.audit.record({ actor: who, action: 'read', resource: 'disclosures', patientId, purpose: 'accounting-of-disclosures' });
    return withTenant(this.pool, who.tenantId, async (client) => {
      const { rows } = await client.query<Record<string, unknown> & KeyedRow>(
        `SELECT disclosure_id AS "disclosureId", recipient, purpose,
                event_type AS "eventType", event_id AS "eventId", consent_id AS "consentId", subscription_id AS "subscriptionId",
                message_id AS "messageId", to_char(disclosed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "disclosedAt",
                ${DISCLOSURES.keySelect}
         FROM disclosures WHERE patient_id = $1 AND ${after.sql} ORDER BY ${DISCLOSURES.orderBy} LIMIT $2`,
        [patientId, page.limit + 1, ...after.params],
      );
      return DISCLOSURES.page(rows, page);
    });
  }
}
