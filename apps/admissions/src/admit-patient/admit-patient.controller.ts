import { Body, Controller, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { notFound } from '@iop/decider';
import { type CommandContext, Commands, Ctx, type UnitOfWork } from '@iop/event-store';
import { CurrentPrincipal, parseIfMatch, type Principal, Roles } from '@iop/platform';
import type { AdmitPatient } from '../domain/episode/episode.decide';
import { episodeDecider } from '../domain/episode/episode.decide';
import type { LocationConfigured } from '@iop/domain-events';
import { checkLocationServes } from '../read-models/location.queries';
import { referralDecider } from '../domain/referral/referral.decide';
import type { ReferralState } from '../domain/referral/referral.state';
import { REFERRAL_IF_MATCH } from '../manage-referrals/referral-status.controller';
import { DEFAULT_SETTINGS } from '../manage-settings/tenant-settings.queries';
import { INTAKE } from '../shared/access';
import { streams } from '../shared/streams';
import { AdmissionDto, AdmitPatientDto } from './admit-patient.dto';

type Admitted = Extract<ReferralState, { status: 'admitted' }>;

/**
 * What an admission needs besides the referral's stream, read with it in one round trip (`readWith`): from the
 * referral's patient in the read model, the location's blocks (null: no such location), the tenant's planned program
 * length, the patient's name and date of birth, and the episodes of earlier admissions (an alumnus' history). No
 * row: no such referral.
 */
const ADMISSION_CONTEXT_SQL = `
  SELECT (SELECT l.blocks FROM locations l WHERE l.tenant_id = $1 AND l.location_id = $3) AS blocks,
    (SELECT s.planned_program_weeks FROM tenant_settings s WHERE s.tenant_id = $1) AS planned_program_weeks,
    p.first_name, p.last_name, p.date_of_birth::text AS date_of_birth,
    coalesce((SELECT array_agg(e.episode_id::text ORDER BY e.admitted_at, e.episode_id) FROM episodes e WHERE e.tenant_id = $1 AND e.patient_id = p.patient_id), '{}') AS episode_ids
  FROM referrals r JOIN patients p ON p.tenant_id = r.tenant_id AND p.patient_id = r.patient_id
  WHERE r.tenant_id = $1 AND r.referral_id = $2`;

type ContextRow = {
  blocks: LocationConfigured['blocks'] | null; planned_program_weeks: number | null;
  first_name: string; last_name: string; date_of_birth: string; episode_ids: string[];
};

/** The admission's context; the referral's and the new episode's streams are read in the same statement. */
async function admissionContext(uow: UnitOfWork, tenantId: string, referralId: string, episodeId: string, locationId: string) {
  const [p] = await uow.readWith<ContextRow>([streams.referral(referralId), streams.episode(episodeId)], { text: ADMISSION_CONTEXT_SQL, values: [tenantId, referralId, locationId] });
  if (!p) return undefined;
  return {
    blocks: p.blocks,
    plannedProgramWeeks: p.planned_program_weeks ?? DEFAULT_SETTINGS.plannedProgramWeeks,
    patientHistory: { patient: { firstName: p.first_name, lastName: p.last_name, dateOfBirth: p.date_of_birth }, previousEpisodeIds: p.episode_ids },
  };
}

type PatientHistory = NonNullable<Awaited<ReturnType<typeof admissionContext>>>['patientHistory'];

function admission(referral: Admitted, dto: AdmitPatientDto, history: PatientHistory, plannedWeeks: number): AdmitPatient['data'] {
  const { referralId, patientId, source, referredAt } = referral.referral;
  const assessment = referral.assessment!;
  return {
    episodeId: referral.episodeId, patientId, referralId, ...history, locationId: dto.locationId, track: dto.track,
    levelOfCare: dto.levelOfCare, startDate: dto.startDate, referralSource: source, referredAt, recommendedLevel: assessment.level,
    ...(dto.levelOfCare !== assessment.level && dto.overrideReason ? { overrideReason: dto.overrideReason.trim() } : {}),
    assessmentId: assessment.assessmentId, criteriaEdition: assessment.criteriaEdition, admissionRatings: assessment.ratings, plannedWeeks,
  };
}

@ApiTags('episodes')
@Controller('v1/referrals/:referralId/admission')
export class AdmitPatientController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @Post() @HttpCode(201) @Roles(...INTAKE)
  @ApiOperation({ summary: 'Admit the referred patient: opens an episode of care at a location and track (PatientAdmitted).' })
  @ApiCreatedResponse({ type: AdmissionDto })
  @ApiHeader(REFERRAL_IF_MATCH)
  admit(
    @Param('referralId', new ParseUUIDPipe()) referralId: string, @Body() dto: AdmitPatientDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    const episodeId = randomUUID();
    // Both streams change in one unit: a refused episode leaves the referral as it was. The pipeline appends both in
    // one statement with the COMMIT (nothing here reads them back); a referral changed meanwhile runs the unit again.
    return this.commands.run(ctx, async (uow) => {
      const command = { type: 'AdmitReferral' as const, data: { episodeId, levelOfCare: dto.levelOfCare, overrideReason: dto.overrideReason, admittedAt: dto.admittedAt }, metadata: ctx };
      // No referral: no context row, and the referral's decider refuses it (404).
      const context = await admissionContext(uow, ctx.tenantId, referralId, episodeId, dto.locationId);
      const { state } = await uow.decide(streams.referral(referralId), referralDecider, command, ctx, { ifMatch: parseIfMatch(ifMatch) });
      const referral = state as Admitted;
      // A referral whose read-model rows are not there is not one this tenant can admit.
      if (!context) throw notFound(`There is no such referral: it cannot be admitted.`);
      checkLocationServes(context.blocks, dto.locationId, dto.track);
      const data = { ...admission(referral, dto, context.patientHistory, context.plannedProgramWeeks), ...(dto.admittedAt ? { admittedAt: dto.admittedAt } : {}) };
      await uow.decide(streams.episode(episodeId), episodeDecider, { type: 'AdmitPatient', data, metadata: ctx }, ctx);
      await uow.audit({ actor: who, action: 'create', resource: `episode/${episodeId}`, patientId: data.patientId, correlationId: ctx.correlationId });
      return { episodeId };
    });
  }
}
