import { applyDecorators, Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional } from 'class-validator';
import { CONSENT_CATEGORY_NAMES } from '@iop/domain-events';
import { randomUUID } from 'node:crypto';
import { notFound } from '@iop/decider';
import { type CommandContext, Commands, Ctx, EventStore } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, PageQuery, type Principal, Roles, withTenant } from '@iop/platform';
import { consentDecider } from '../domain/consent/consent.decide';
import type { ConsentRevoked } from '../domain/consent/consent.events';
import { patientExists } from '../find-patients/patient.queries';
import { CARE_STAFF, CONSENT_WRITERS, DISCLOSURE_READERS } from '../shared/access';
import { streams } from '../shared/streams';
import { IsCode, IsInstant } from '../shared/validators';
import { listConsents, listDisclosures } from './consent.queries';
import { ConsentGrantedDto, ConsentListDto, ConsentRevokedDto, DisclosurePageDto } from './consent.dto';

/** Categories a consent can name (the public contracts name each event's): an unknown one would cover nothing. */
const Categories = () => applyDecorators(
  IsArray(), ArrayMinSize(1), ArrayMaxSize(50), ArrayUnique(),
  IsIn(CONSENT_CATEGORY_NAMES, { each: true, message: `each value of $property must be one of ${CONSENT_CATEGORY_NAMES.join(', ')}` }),
);

export class GrantConsentDto {
  @ApiProperty({ example: 'payer:acme-health', description: 'Recipient code from the consent ledger, never a person\'s name.' }) @IsCode()
  recipient!: string;

  @ApiProperty({ example: 'payment' }) @IsCode()
  purpose!: string;

  @ApiProperty({ example: ['attendance', 'discharge'], type: [String], enum: CONSENT_CATEGORY_NAMES, description: 'Categories of information the consent covers (docs/DOMAIN.md, Privacy law).' }) @Categories()
  information!: string[];

  @ApiPropertyOptional({ example: '2026-03-07T00:00:00-05:00' }) @IsOptional() @IsInstant()
  expiresAt?: string;
}

export class RevokeConsentDto {
  @ApiPropertyOptional({ type: [String], enum: CONSENT_CATEGORY_NAMES, description: 'Revoke only these categories (partial); all when absent.' })
  @IsOptional() @Categories()
  information?: string[];
}

/** The 42 CFR Part 2 consent ledger and the accounting of disclosures. */
@ApiTags('consents')
@Controller('v1')
export class ConsentsController {
  constructor(@Inject(EventStore) private readonly store: EventStore, @Inject(AuditLog) private readonly audit: AuditLog, @Inject(Commands) private readonly commands: Commands) {}

  @Post('patients/:patientId/consents') @HttpCode(201) @Roles(...CONSENT_WRITERS)
  @ApiOperation({ summary: 'Record a consent the patient signed (ConsentGranted).' })
  @ApiCreatedResponse({ type: ConsentGrantedDto })
  grant(@Param('patientId', new ParseUUIDPipe()) patientId: string, @Body() dto: GrantConsentDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    const consentId = randomUUID();
    const data = { consentId, patientId, recipient: dto.recipient, purpose: dto.purpose, information: dto.information, ...(dto.expiresAt ? { expiresAt: dto.expiresAt } : {}) };
    return this.commands.run(ctx, async (uow) => {
      if (!(await patientExists(uow.client, ctx.tenantId, patientId))) throw notFound(`No patient ${patientId}.`);
      await uow.decide(streams.consent(consentId), consentDecider, { type: 'GrantConsent', data, metadata: ctx }, ctx);
      await uow.audit({ actor: who, action: 'create', resource: `consent/${consentId}`, patientId, correlationId: ctx.correlationId });
      return { consentId };
    });
  }

  @Post('consents/:consentId/revoke') @HttpCode(200) @Roles(...CONSENT_WRITERS)
  @ApiOperation({ summary: 'Revoke a consent, in full or for some categories (ConsentRevoked).' })
  @ApiOkResponse({ type: ConsentRevokedDto })
  // No body, like an empty one, revokes it in full.
  @ApiBody({ type: RevokeConsentDto, required: false })
  revoke(@Param('consentId', new ParseUUIDPipe()) consentId: string, @Body() dto: RevokeConsentDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    const command = { type: 'RevokeConsent' as const, data: dto.information ? { information: dto.information } : {}, metadata: ctx };
    return this.commands.run(ctx, async (uow) => {
      const { events, state } = await uow.decide(streams.consent(consentId), consentDecider, command, ctx);
      const { patientId, scope } = (events[0] as ConsentRevoked).data;
      await uow.audit({ actor: who, action: 'update', resource: `consent/${consentId}`, patientId, correlationId: ctx.correlationId });
      return { consentId, scope, status: state.status, information: state.status === 'none' ? [] : state.information };
    });
  }

  @Get('patients/:patientId/consents') @Roles(...CARE_STAFF)
  @ApiOperation({ summary: "The patient's consents with every version of each." })
  @ApiOkResponse({ type: ConsentListDto })
  list(@Param('patientId', new ParseUUIDPipe()) patientId: string, @CurrentPrincipal() who: Principal) {
    return withTenant(this.store.pool, who.tenantId, async (client) => {
      if (!(await patientExists(client, who.tenantId, patientId))) throw notFound(`No patient ${patientId}.`);
      const items = await listConsents(client, who.tenantId, patientId);
      await this.audit.record({ actor: who, action: 'read', resource: `patient/${patientId}/consents`, patientId }, client);
      return { items, nextCursor: null };
    });
  }

  @Get('patients/:patientId/disclosures') @Roles(...DISCLOSURE_READERS)
  @ApiOperation({ summary: 'Accounting of disclosures: what was disclosed to whom in the last 3 years, newest first.' })
  @ApiOkResponse({ type: DisclosurePageDto })
  disclosures(@Param('patientId', new ParseUUIDPipe()) patientId: string, @Query() q: PageQuery, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    return withTenant(this.store.pool, who.tenantId, async (client) => {
      if (!(await patientExists(client, who.tenantId, patientId))) throw notFound(`No patient ${patientId}.`);
      const page = await listDisclosures(client, who.tenantId, patientId, ctx.now, q);
      await this.audit.record({ actor: who, action: 'read', resource: `patient/${patientId}/disclosures`, patientId }, client);
      return page;
    });
  }
}
