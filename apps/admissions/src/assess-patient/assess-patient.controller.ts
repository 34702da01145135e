import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { notFound } from '@iop/decider';
import { type CommandContext, Commands, Ctx, EventStore } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, etagHeader, etagOf, parseIfMatch, type Principal, Roles, withTenant } from '@iop/platform';
import type { AssessmentRecorded } from '../domain/referral/referral.events';
import { referralDecider } from '../domain/referral/referral.decide';
import { REFERRAL_IF_MATCH } from '../manage-referrals/referral-status.controller';
import { CARE_STAFF, CLINICIANS } from '../shared/access';
import { auditPatients } from '../shared/audit';
import { streams } from '../shared/streams';
import { AssessmentListDto, AssessmentRecordedDto, AssessPatientDto } from './assess-patient.dto';

const recommendationView = ({ level, decidingDimension, rules }: AssessmentRecorded['data']['recommendation']) => ({
  level, decidingDimension, rules: rules.map(({ id, passed, evidence }) => ({ id, passed, evidence })),
});

async function listAssessments(client: PoolClient, tenantId: string, referralId: string) {
  const { rows } = await client.query(
    `SELECT assessment_id, patient_id, criteria_edition, ratings, rationale, recommendation, assessed_at, assessed_by
     FROM assessments WHERE tenant_id = $1 AND referral_id = $2 ORDER BY assessed_at, assessment_id`, [tenantId, referralId]);
  return rows.map((r) => ({
    assessmentId: r.assessment_id, referralId, patientId: r.patient_id as string, criteriaEdition: r.criteria_edition, ratings: r.ratings,
    rationale: r.rationale ?? undefined, recommendation: recommendationView(r.recommendation), assessedAt: r.assessed_at, assessedBy: r.assessed_by,
  }));
}

@ApiTags('assessments')
@Controller('v1/referrals/:referralId/assessments')
export class AssessPatientController {
  constructor(@Inject(EventStore) private readonly store: EventStore, @Inject(AuditLog) private readonly audit: AuditLog, @Inject(Commands) private readonly commands: Commands) {}

  @Post() @HttpCode(201) @Roles(...CLINICIANS)
  @ApiOperation({ summary: 'Record an ASAM multidimensional assessment; answers with the placement the rules recommend.' })
  @ApiCreatedResponse({ type: AssessmentRecordedDto, description: 'The placement the rules recommend.', headers: etagHeader('referral') })
  @ApiHeader(REFERRAL_IF_MATCH)
  async assess(
    @Param('referralId', new ParseUUIDPipe()) referralId: string, @Body() dto: AssessPatientDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const assessmentId = randomUUID();
    const data = { assessmentId, criteriaEdition: dto.criteriaEdition, ratings: { ...dto.ratings }, ...(dto.rationale ? { rationale: { ...dto.rationale } } : {}) };
    const { events, version } = await this.commands.handle(ctx, streams.referral(referralId), referralDecider, { type: 'RecordAssessment', data, metadata: ctx }, {
      ifMatch: parseIfMatch(ifMatch),
      audit: (d) => ({ actor: who, action: 'create', resource: `assessment/${assessmentId}`, patientId: (d.events[0] as AssessmentRecorded).data.patientId, correlationId: ctx.correlationId }),
    });
    void reply.header('etag', etagOf(version));
    return { assessmentId, recommendation: recommendationView((events[0] as AssessmentRecorded).data.recommendation) };
  }

  @Get() @Roles(...CARE_STAFF)
  @ApiOperation({ summary: "The referral's assessments, oldest first (clinical content: not for the front desk)." })
  @ApiOkResponse({ type: AssessmentListDto })
  list(@Param('referralId', new ParseUUIDPipe()) referralId: string, @CurrentPrincipal() who: Principal) {
    return withTenant(this.store.pool, who.tenantId, async (client) => {
      const { rows } = await client.query('SELECT patient_id FROM referrals WHERE tenant_id = $1 AND referral_id = $2', [who.tenantId, referralId]);
      if (!rows[0]) throw notFound(`No referral ${referralId}.`);
      const items = await listAssessments(client, who.tenantId, referralId);
      await auditPatients(this.audit, client, who, 'read', `referral/${referralId}/assessments`, [rows[0].patient_id]);
      return { items, nextCursor: null };
    });
  }
}
