import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { conflict, notFound } from '@iop/decider';
import { type CommandContext, Commands, Ctx } from '@iop/event-store';
import { CurrentPrincipal, type Principal, ProblemError, Roles } from '@iop/platform';
import { patientDecider } from '../domain/patient/patient.decide';
import { referralDecider } from '../domain/referral/referral.decide';
import { INTAKE } from '../shared/access';
import { streams } from '../shared/streams';
import { ReferPatientDto } from './refer-patient.dto';
import { ReferralCreatedDto } from '../manage-referrals/referral.dto';

/** A patient already in the program (open referral or open episode) is not referred twice. */
async function ensureReferable(client: PoolClient, tenantId: string, patientId: string): Promise<void> {
  const { rows } = await client.query<{ known: boolean; busy: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM patients WHERE tenant_id = $1 AND patient_id = $2) AS known,
            EXISTS (SELECT 1 FROM referrals WHERE tenant_id = $1 AND patient_id = $2 AND status IN ('open', 'waitlisted'))
         OR EXISTS (SELECT 1 FROM episodes WHERE tenant_id = $1 AND patient_id = $2 AND status IN ('active', 'onhold')) AS busy`,
    [tenantId, patientId],
  );
  if (!rows[0].known) throw notFound(`No patient ${patientId}.`);
  if (rows[0].busy) throw conflict('The patient already has an open referral or episode.', 'patient-in-program');
}

@ApiTags('referrals')
@Controller('v1/referrals')
export class ReferPatientController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @Post()
  @HttpCode(201)
  @Roles(...INTAKE)
  @ApiOperation({ summary: 'Receive a referral: registers the patient (or re-refers one by patientId).' })
  @ApiNotFoundResponse({ description: 'No patient with this patientId.' })
  @ApiCreatedResponse({ type: ReferralCreatedDto })
  async refer(@Body() dto: ReferPatientDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    if (!dto.patient === !dto.patientId) {
      throw new ProblemError(400, 'Give either the patient details or the patientId of a known patient.', [
        { path: 'patient', message: 'patient or patientId is required, not both' },
      ]);
    }
    const referralId = randomUUID();
    const patientId = dto.patientId ?? randomUUID();
    await this.commands.run(ctx, async (uow) => {
      if (dto.patientId) await ensureReferable(uow.client, ctx.tenantId, patientId);
      else {
        const register = { type: 'RegisterPatient' as const, data: { patientId, ...dto.patient! }, metadata: ctx };
        await uow.decide(streams.patient(patientId), patientDecider, register, ctx);
      }
      const data = { referralId, patientId, source: dto.source, referredAt: dto.referredAt };
      await uow.decide(streams.referral(referralId), referralDecider, { type: 'ReferPatient', data, metadata: ctx }, ctx);
      await uow.audit({ actor: who, action: 'create', resource: `referral/${referralId}`, patientId, correlationId: ctx.correlationId });
    });
    return { referralId, patientId };
  }
}
