import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const days = (what: string) => ({ type: Number, nullable: true, description: `${what} days from referral to admission, to 0.1 day; null without admissions or when suppressed.` });

/** GET /v1/reports/referral-to-admission: aggregates over the period and location asked for. */
export class ReferralToAdmissionReportDto {
  @ApiProperty({ type: 'integer', nullable: true, description: 'Admissions counted; null when suppressed.' }) admissions!: number | null;
  @ApiProperty(days('Median')) medianDays!: number | null;
  @ApiProperty(days('Mean')) meanDays!: number | null;
  @ApiProperty(days('90th percentile of')) p90Days!: number | null;
  @ApiPropertyOptional({ enum: [true], description: 'Present (true) when a figure about 1 to 10 admissions is withheld from an analyst.' }) suppressed?: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The period asked for (?from=), or null.' }) from!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The period asked for (?to=), or null.' }) to!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) locationId!: string | null;
}
