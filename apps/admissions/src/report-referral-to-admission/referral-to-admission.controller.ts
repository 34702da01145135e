import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { Pool } from 'pg';
import { CurrentPrincipal, isSmallCell, PG_POOL, type Principal, Roles, suppressesSmallCells, withTenant } from '@iop/platform';
import { REPORT_READERS } from '../shared/access';
import { IsInstant } from '../shared/validators';
import { ReferralToAdmissionReportDto } from './referral-to-admission.dto';

export class ReferralToAdmissionQueryDto {
  @ApiPropertyOptional({ description: 'Admissions recorded from (inclusive).' }) @IsOptional() @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Admissions recorded until (exclusive).' }) @IsOptional() @IsInstant()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  locationId?: string;
}

const round = (v: number | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);

/** docs/DOMAIN.md section 1: "treatment can often begin within a few days of the first call": days from referral to admission. */
@ApiTags('reports')
@Controller('v1/reports/referral-to-admission')
export class ReferralToAdmissionController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @Get() @Roles(...REPORT_READERS)
  @ApiOperation({
    summary: 'Days from referral to admission (count, median, mean, 90th percentile): aggregates only, no patient data.',
    description: 'For the analyst role (without admin or supervisor), a figure about 1 to 10 admissions is suppressed: every value null and "suppressed": true.',
  })
  @ApiOkResponse({ type: ReferralToAdmissionReportDto })
  get(@Query() q: ReferralToAdmissionQueryDto, @CurrentPrincipal() who: Principal) {
    return withTenant(this.pool, who.tenantId, async (client) => {
      const { rows } = await client.query(
        `WITH d AS (SELECT extract(epoch FROM admitted_at - referred_at) / 86400 AS days FROM episodes
           WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR admitted_at >= $2) AND ($3::timestamptz IS NULL OR admitted_at < $3)
             AND ($4::uuid IS NULL OR location_id = $4))
         SELECT count(*)::int AS admissions, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
           avg(days) AS mean, percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90 FROM d`,
        [who.tenantId, q.from ?? null, q.to ?? null, q.locationId ?? null],
      );
      const r = rows[0];
      const scope = { from: q.from ?? null, to: q.to ?? null, locationId: q.locationId ?? null };
      // An analyst sees no figure about 1 to 10 patients (the rule: small-cells in @iop/platform).
      if (suppressesSmallCells(who) && isSmallCell(r.admissions)) return { admissions: null, medianDays: null, meanDays: null, p90Days: null, suppressed: true, ...scope };
      return { admissions: r.admissions, medianDays: round(r.median), meanDays: round(r.mean), p90Days: round(r.p90), ...scope };
    });
  }
}
