import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, MaxLength } from 'class-validator';
import type { Pool } from 'pg';
import { notFound } from '@iop/decider';
import { AuditLog, CurrentPrincipal, PageQuery, PG_POOL, type Principal, Roles, withTenant } from '@iop/platform';
import { CARE_STAFF } from '../shared/access';
import { auditPatients } from '../shared/audit';
import { IsCalendarDate } from '../shared/validators';
import { PatientPageDto, PatientRecordDto } from './patient.dto';
import { findPatient, searchPatients } from './patient.queries';

export class PatientSearchDto extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @MaxLength(100)
  lastName?: string;

  @ApiPropertyOptional({ example: '1990-05-04' }) @IsOptional() @IsCalendarDate()
  dateOfBirth?: string;
}

/** Demographics are PHI: every read is audited, and analysts, integrators and the front desk get a 403. */
@ApiTags('patients')
@Controller('v1/patients')
export class PatientQueriesController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(AuditLog) private readonly audit: AuditLog) {}

  @Get() @Roles(...CARE_STAFF)
  @ApiOperation({ summary: 'Find patients (?lastName=&dateOfBirth=&limit=&cursor=), e.g. an alumnus to refer again.' })
  @ApiOkResponse({ type: PatientPageDto })
  search(@Query() q: PatientSearchDto, @CurrentPrincipal() who: Principal) {
    return withTenant(this.pool, who.tenantId, async (client) => {
      const page = await searchPatients(client, who.tenantId, q, q);
      await auditPatients(this.audit, client, who, 'list', 'patients', page.items.map((p) => p.patientId));
      return page;
    });
  }

  @Get(':patientId') @Roles(...CARE_STAFF)
  @ApiOperation({ summary: 'A patient: demographics, alumni status, referrals and episodes (audited).' })
  @ApiOkResponse({ type: PatientRecordDto })
  get(@Param('patientId', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal) {
    return withTenant(this.pool, who.tenantId, async (client) => {
      const patient = await findPatient(client, who.tenantId, id);
      if (!patient) throw notFound(`No patient ${id}.`);
      await this.audit.record({ actor: who, action: 'read', resource: `patient/${id}`, patientId: id }, client);
      return patient;
    });
  }
}
