import { Body, Controller, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { PoolClient, QueryResultRow } from 'pg';
import { type CommandContext, Ctx, EventStore, STORED_EVENT_COLUMNS } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, parseIfMatch, type Principal, Roles, withTenant } from '@iop/platform';
import type { AdmitPatient } from '../episode/episode.decide';
import { episodeDecider } from '../episode/episode.decide';
import type { LocationConfigured } from '@iop/domain-events';
import { checkLocationServes } from '../locations/location.queries';
import { referralDecider } from '../referral/referral.decide';
import type { ReferralState } from '../referral/referral.state';
import { REFERRAL_IF_MATCH } from '../referrals/referral-status.controller';
import { DEFAULT_SETTINGS } from '../settings/tenant-settings.queries';
import { INTAKE } from '../shared/access';
import { decideCommand, streams } from '../shared/streams';
import { AdmitPatientDto } from './admit-patient.dto';

type Admitted = Extract<ReferralState, { status: 'admitted' }>;

/**
 * What an admission needs, in one round trip: the referral's events, and beside them (from the referral's patient in
 * the read model) the location's blocks (null: no such location), the tenant's planned program length, the patient's
 * name and date of birth, and the episodes of earlier admissions (an alumnus' history). No row: no such referral.
 */
async function admissionContext(store: EventStore, client: PoolClient, tenantId: string, referralId: string, locationId: string) {
  const { rows } = await client.query<QueryResultRow & {
    blocks: LocationConfigured['blocks'] | null; planned_program_weeks: number | null;
    first_name: string; last_name: string; date_of_birth: string; episode_ids: string[];
  }>(
    `WITH c AS (
       SELECT (SELECT l.blocks FROM locations l WHERE l.tenant_id = $1 AND l.location_id = $3) AS blocks,
         (SELECT s.planned_program_weeks FROM tenant_settings s WHERE s.tenant_id = $1) AS planned_program_weeks,
         p.first_name, p.last_name, p.date_of_birth::text,
         coalesce((SELECT array_agg(e.episode_id::text ORDER BY e.admitted_at, e.episode_id) FROM episodes e WHERE e.tenant_id = $1 AND e.patient_id = p.patient_id), '{}') AS episode_ids
       FROM referrals r JOIN patients p ON p.tenant_id = r.tenant_id AND p.patient_id = r.patient_id
       WHERE r.tenant_id = $1 AND r.referral_id = $2)
     SELECT c.*, s.* FROM c LEFT JOIN LATERAL (
       SELECT ${STORED_EVENT_COLUMNS} FROM events WHERE stream_id = $4 ORDER BY stream_version) s ON true`,
    [tenantId, referralId, locationId, streams.referral(referralId).id],
  );
  const p = rows[0];
  if (!p) return undefined;
  return {
    history: store.storedFromRows(rows.filter((r) => r.event_id !== null)),
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
  constructor(@Inject(EventStore) private readonly store: EventStore, @Inject(AuditLog) private readonly audit: AuditLog) {}

  @Post() @HttpCode(201) @Roles(...INTAKE)
  @ApiOperation({ summary: 'Admit the referred patient: opens an episode of care at a location and track (PatientAdmitted).' })
  @ApiCreatedResponse({ description: '{ episodeId }' })
  @ApiHeader(REFERRAL_IF_MATCH)
  admit(
    @Param('referralId', new ParseUUIDPipe()) referralId: string, @Body() dto: AdmitPatientDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    const episodeId = randomUUID();
    const expectedVersion = parseIfMatch(ifMatch);
    // Both streams change in one transaction: a refused episode leaves the referral as it was.
    return withTenant(this.store.pool, ctx.tenantId, async (client) => {
      const command = { type: 'AdmitReferral' as const, data: { episodeId, levelOfCare: dto.levelOfCare, overrideReason: dto.overrideReason, admittedAt: dto.admittedAt }, metadata: ctx };
      // The referral's events and everything else the admission needs come in one query; no referral: none of it.
      const context = await admissionContext(this.store, client, ctx.tenantId, referralId, dto.locationId);
      const decided = await decideCommand(this.store, streams.referral(referralId), referralDecider, command, ctx, { client, history: context?.history ?? [], expectedVersion });
      const referral = decided.state as Admitted;
      checkLocationServes(context!.blocks, dto.locationId, dto.track);
      const data = { ...admission(referral, dto, context!.patientHistory, context!.plannedProgramWeeks), ...(dto.admittedAt ? { admittedAt: dto.admittedAt } : {}) };
      // A fresh random id: nothing to read, the append refuses a stream that would be there after all. Both streams
      // are appended in one statement, sent with the COMMIT with the read models' rows (nothing here reads them back);
      // a referral changed meanwhile fails the COMMIT and the command runs again.
      const episode = await decideCommand(this.store, streams.episode(episodeId), episodeDecider, { type: 'AdmitPatient', data, metadata: ctx }, ctx, { client, isNew: true });
      await this.store.appendMany([decided.append, episode.append], { client, atCommit: true });
      await this.audit.record({ actor: who, action: 'create', resource: `episode/${episodeId}`, patientId: data.patientId, correlationId: ctx.correlationId }, client);
      return { episodeId };
    });
  }
}
