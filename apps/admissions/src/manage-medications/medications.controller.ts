import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { notFound } from '@iop/decider';
import { type CommandContext, Commands, Ctx, EventStore, loadStream } from '@iop/event-store';
import { type AuditAction, AuditLog, CurrentPrincipal, type Principal, Roles, withTenant } from '@iop/platform';
import { type MedicationListCommand, medicationListDecider } from '../domain/medication-list/medication-list.decide';
import { ALLERGY_SEVERITIES, type AllergySeverity, ROUTES, type Route, STOP_REASONS, type StopReason } from '../domain/medication-list/medication-list.events';
import type { MedicationListState } from '../domain/medication-list/medication-list.state';
import { patientExists } from '../find-patients/patient.queries';
import { CHART_READERS, MEDICATION_WRITERS } from '../shared/access';
import { streams } from '../shared/streams';
import { IsCalendarDate, IsText } from '../shared/validators';
import { AllergyDto, AllergyListDto, MedicationDto, MedicationListDto } from './medication.dto';

export class StartMedicationDto {
  @ApiProperty({ example: 'Buprenorphine/naloxone', description: 'The medication as the clinician names it (generic or brand); stays in admissions.' }) @IsText(200)
  name!: string;

  @ApiPropertyOptional({ example: '1597', description: 'RxNorm concept id (RXCUI), when known.' })
  @IsOptional() @Matches(/^[0-9]{1,10}$/, { message: 'rxnormCode must be an RxNorm concept id (digits)' })
  rxnormCode?: string;

  @ApiProperty({ example: '8 mg/2 mg' }) @IsText(100)
  dose!: string;

  @ApiProperty({ enum: ROUTES }) @IsIn(ROUTES)
  route!: Route;

  @ApiProperty({ example: 'once daily' }) @IsText(100)
  frequency!: string;

  @ApiProperty({ format: 'date', example: '2025-03-01' }) @IsCalendarDate()
  startDate!: string;

  @ApiPropertyOptional({
    description: 'MOUD/MAUD flag: by default true exactly when the name names buprenorphine, methadone, naltrexone, acamprosate or disulfiram; ' +
      'false turns it off (e.g. buprenorphine for pain); true on another medication is a 400.',
  })
  @IsOptional() @IsBoolean()
  moud?: boolean;
}

export class ChangeMedicationDto {
  @ApiPropertyOptional({ example: '12 mg/3 mg' }) @IsOptional() @IsText(100)
  dose?: string;

  @ApiPropertyOptional({ enum: ROUTES }) @IsOptional() @IsIn(ROUTES)
  route?: Route;

  @ApiPropertyOptional({ example: 'twice daily' }) @IsOptional() @IsText(100)
  frequency?: string;

  @ApiProperty({ format: 'date', description: 'From when the new dosing applies.' }) @IsCalendarDate()
  effectiveDate!: string;
}

export class StopMedicationDto {
  @ApiProperty({ format: 'date' }) @IsCalendarDate()
  stopDate!: string;

  @ApiProperty({ enum: STOP_REASONS }) @IsIn(STOP_REASONS)
  reason!: StopReason;
}

export class RecordAllergyDto {
  @ApiProperty({ example: 'Penicillin' }) @IsText(200)
  substance!: string;

  @ApiPropertyOptional({ example: 'hives' }) @IsOptional() @IsText(200)
  reaction?: string;

  @ApiProperty({ enum: ALLERGY_SEVERITIES }) @IsIn(ALLERGY_SEVERITIES)
  severity!: AllergySeverity;
}

const REMOVAL_REASONS = ['entered-in-error', 'no-longer-allergic'] as const;
export class RemoveAllergyDto {
  @ApiProperty({ enum: REMOVAL_REASONS }) @IsIn(REMOVAL_REASONS)
  reason!: (typeof REMOVAL_REASONS)[number];
}

/**
 * A patient's medication list and allergies (docs/DOMAIN.md section 7): kept by psychiatrists and nurses, read by
 * the clinical roles. A list, never a prescription. Its events stay in admissions: names, doses and reactions are the
 * clinician's words, and a MOUD flag says the patient is treated for a use disorder (docs/CONTRACTS.md).
 */
@ApiTags('medications')
@Controller('v1/patients/:patientId')
export class MedicationsController {
  constructor(@Inject(EventStore) private readonly store: EventStore, @Inject(Commands) private readonly commands: Commands, @Inject(AuditLog) private readonly audit: AuditLog) {}

  /** One command on the patient's list, after checking the patient is the caller's tenant's; audited in its transaction. */
  private change(ctx: CommandContext, who: Principal, patientId: string, command: MedicationListCommand, resource: string, action: AuditAction = 'update') {
    return this.commands.run(ctx, async (uow) => {
      if (!(await patientExists(uow.client, ctx.tenantId, patientId))) throw notFound(`No patient ${patientId}.`);
      const decision = await uow.decide(streams.medicationList(patientId), medicationListDecider, command, ctx);
      await uow.audit({ actor: who, action, resource: `patient/${patientId}/${resource}`, patientId, correlationId: ctx.correlationId });
      return decision.state;
    });
  }

  private async read(who: Principal, patientId: string, resource: string): Promise<MedicationListState> {
    return withTenant(this.store.pool, who.tenantId, async (client) => {
      if (!(await patientExists(client, who.tenantId, patientId))) throw notFound(`No patient ${patientId}.`);
      const { state } = await loadStream(this.store, streams.medicationList(patientId), medicationListDecider, who.tenantId, client);
      await this.audit.record({ actor: who, action: 'read', resource: `patient/${patientId}/${resource}`, patientId }, client);
      return state;
    });
  }

  @Post('medications') @HttpCode(201) @Roles(...MEDICATION_WRITERS)
  @ApiOperation({ summary: 'Add a medication the patient takes to the list (no prescribing); MOUD/MAUD flagged (MedicationStarted, internal).' })
  @ApiCreatedResponse({ type: MedicationDto })
  async start(@Param('patientId', new ParseUUIDPipe()) patientId: string, @Body() dto: StartMedicationDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    const medicationId = randomUUID();
    const state = await this.change(ctx, who, patientId, { type: 'StartMedication', data: { ...dto, patientId, medicationId }, metadata: ctx }, `medications/${medicationId}`, 'create');
    return state.medications.find((m) => m.medicationId === medicationId);
  }

  @Get('medications') @Roles(...CHART_READERS)
  @ApiOperation({ summary: "The patient's medication list, active and stopped, in the order started, each with its dosing changes (audited)." })
  @ApiOkResponse({ type: MedicationListDto })
  async list(@Param('patientId', new ParseUUIDPipe()) patientId: string, @CurrentPrincipal() who: Principal) {
    return { items: (await this.read(who, patientId, 'medications')).medications, nextCursor: null };
  }

  @Patch('medications/:medicationId') @Roles(...MEDICATION_WRITERS)
  @ApiOperation({ summary: 'Change the dose, route or frequency of a medication on the list from a date (MedicationChanged, internal).' })
  @ApiOkResponse({ type: MedicationDto })
  @ApiConflictResponse({ description: 'The medication was stopped: start it again as a new entry.' })
  async changeDosing(
    @Param('patientId', new ParseUUIDPipe()) patientId: string, @Param('medicationId', new ParseUUIDPipe()) medicationId: string, @Body() dto: ChangeMedicationDto,
    @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
  ) {
    const state = await this.change(ctx, who, patientId, { type: 'ChangeMedication', data: { ...dto, medicationId }, metadata: ctx }, `medications/${medicationId}`);
    return state.medications.find((m) => m.medicationId === medicationId);
  }

  @Post('medications/:medicationId/stop') @HttpCode(200) @Roles(...MEDICATION_WRITERS)
  @ApiOperation({ summary: 'Record that the patient stopped a medication, with the date and a coded reason (MedicationStopped, internal).' })
  @ApiOkResponse({ type: MedicationDto })
  async stop(
    @Param('patientId', new ParseUUIDPipe()) patientId: string, @Param('medicationId', new ParseUUIDPipe()) medicationId: string, @Body() dto: StopMedicationDto,
    @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
  ) {
    const state = await this.change(ctx, who, patientId, { type: 'StopMedication', data: { ...dto, medicationId }, metadata: ctx }, `medications/${medicationId}`);
    return state.medications.find((m) => m.medicationId === medicationId);
  }

  @Post('allergies') @HttpCode(201) @Roles(...MEDICATION_WRITERS)
  @ApiOperation({ summary: 'Record an allergy: substance, reaction, severity (AllergyRecorded, internal).' })
  @ApiCreatedResponse({ type: AllergyDto })
  async recordAllergy(@Param('patientId', new ParseUUIDPipe()) patientId: string, @Body() dto: RecordAllergyDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    const allergyId = randomUUID();
    const state = await this.change(ctx, who, patientId, { type: 'RecordAllergy', data: { ...dto, patientId, allergyId }, metadata: ctx }, `allergies/${allergyId}`, 'create');
    return state.allergies.find((a) => a.allergyId === allergyId);
  }

  @Get('allergies') @Roles(...CHART_READERS)
  @ApiOperation({ summary: "The patient's recorded allergies, in the order recorded (audited)." })
  @ApiOkResponse({ type: AllergyListDto })
  async allergies(@Param('patientId', new ParseUUIDPipe()) patientId: string, @CurrentPrincipal() who: Principal) {
    return { items: (await this.read(who, patientId, 'allergies')).allergies, nextCursor: null };
  }

  @Post('allergies/:allergyId/remove') @HttpCode(204) @Roles(...MEDICATION_WRITERS)
  @ApiOperation({ summary: 'Remove an allergy entered in error or no longer present (AllergyRemoved, internal).' })
  async removeAllergy(
    @Param('patientId', new ParseUUIDPipe()) patientId: string, @Param('allergyId', new ParseUUIDPipe()) allergyId: string, @Body() dto: RemoveAllergyDto,
    @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
  ): Promise<void> {
    await this.change(ctx, who, patientId, { type: 'RemoveAllergy', data: { allergyId, reason: dto.reason }, metadata: ctx }, `allergies/${allergyId}`, 'delete');
  }
}
