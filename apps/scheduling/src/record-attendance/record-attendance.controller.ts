import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { instantToLocal, mondayOf } from '@iop/calendar';
import { DomainError, type FieldError } from '@iop/decider';
import { type CommandContext, Commands, Ctx, type UnitOfWork } from '@iop/event-store';
import { CurrentPrincipal, type Principal, ProblemError, Roles, toProblem } from '@iop/platform';
import { ATTENDANCE_RECORDERS } from '../shared/staff-roles';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import type { Enrollment } from '../domain/enrollment/enrollment.state';
import { weekView, type WeekView } from '../domain/enrollment/program-weeks';
import {
  AttendanceRecordedDto, BulkAttendanceDto, BulkAttendanceOutcomeDto, type BulkAttendanceResultDto, RecordAttendanceDto,
} from './record-attendance.dto';

const ABSENT = ['absent-excused', 'absent-unexcused'];
const enrollmentStream = (episodeId: string) => ({ id: `enrollment-${episodeId}`, type: 'enrollment' });

/** Minutes default to 0 for an absence only: anything else must say how long the patient stayed. */
function minutesOf(dto: RecordAttendanceDto): number {
  const minutes = dto.minutesAttended ?? (ABSENT.includes(dto.status) ? 0 : undefined);
  if (minutes === undefined) throw new ProblemError(400, 'minutesAttended is required unless the patient was absent.', [{ path: 'minutesAttended', message: 'is required' }], 'validation');
  return minutes;
}

/** The session, read-locked so a cancellation cannot slip in between the check and the records. */
async function lockSession(uow: UnitOfWork, sessionId: string, tenantId: string, episodeIds: readonly string[]): Promise<void> {
  const rows = await uow.readWith<{ status: string }>(episodeIds.map(enrollmentStream), {
    text: 'SELECT status FROM sessions WHERE session_id = $1 AND tenant_id = $2 FOR SHARE', values: [sessionId, tenantId],
  });
  if (!rows[0]) throw new ProblemError(404, `No session ${sessionId}.`);
  if (rows[0].status === 'cancelled') throw new ProblemError(409, 'The session was cancelled: no attendance can be recorded for it.', undefined, 'session-cancelled');
}

/**
 * One record decided in the unit: AttendanceRecorded (and an outreach task, closed weeks) on the episode's enrollment.
 * With it, the session's program week as the record left it (the hours the patient's week now counts).
 */
async function recordIn(
  uow: UnitOfWork, ctx: CommandContext, who: Principal, sessionId: string, dto: RecordAttendanceDto,
): Promise<{ attendance: AttendanceRecordedDto; week: WeekView }> {
  const minutesAttended = minutesOf(dto);
  const data = { sessionId, status: dto.status, minutesAttended, taskId: randomUUID() };
  const decision = await uow.decide(enrollmentStream(dto.episodeId), enrollmentDecider, { type: 'RecordAttendance', data, metadata: ctx }, ctx);
  const enrollment = decision.state as Enrollment;
  await uow.audit({ actor: who, action: 'create', resource: `session/${sessionId}/attendance/${dto.episodeId}`, patientId: enrollment.patientId });
  const attendance = {
    sessionId, episodeId: dto.episodeId, status: dto.status, minutesAttended,
    weeksClosed: decision.events.flatMap((e) => (e.type === 'WeekSummarized' ? [e.data.weekStart] : [])),
    outreachTaskId: decision.events.some((e) => e.type === 'OutreachTaskOpened') ? data.taskId : null,
  };
  const startsAt = enrollment.bookings[sessionId].startsAt;
  return { attendance, week: weekView(enrollment, mondayOf(instantToLocal(startsAt, enrollment.timezone).date)) };
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    return [...Object.values(e.constraints ?? {}).map((message) => ({ path, message })), ...flatten(e.children ?? [], path)];
  });
}

/** A record of a bulk body, validated as the single route's body is (unknown fields refused); the errors' paths are inside the record. */
async function parseRecord(raw: object): Promise<RecordAttendanceDto> {
  const dto = plainToInstance(RecordAttendanceDto, raw);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (errors.length) throw new ProblemError(400, 'The record has invalid fields.', flatten(errors), 'validation');
  minutesOf(dto);
  return dto;
}

type Parsed = { index: number; dto?: RecordAttendanceDto; error?: unknown };

const isRecordObject = (r: unknown): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r);

@ApiTags('attendance')
@Controller('v1/sessions')
export class RecordAttendanceController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @Post(':sessionId/attendance')
  @HttpCode(201)
  @Roles(...ATTENDANCE_RECORDERS)
  @ApiOperation({ summary: 'Records attendance (publishes AttendanceRecorded); a no-show opens an outreach task; earlier weeks close.' })
  @ApiCreatedResponse({ type: AttendanceRecordedDto })
  async record(
    @Param('sessionId', new ParseUUIDPipe()) sessionId: string, @Body() dto: RecordAttendanceDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
  ): Promise<AttendanceRecordedDto> {
    minutesOf(dto);
    return this.commands.run(ctx, async (uow) => {
      await lockSession(uow, sessionId, ctx.tenantId, [dto.episodeId]);
      return (await recordIn(uow, ctx, who, sessionId, dto)).attendance;
    });
  }

  /**
   * A whole roster in one request and one unit of work. Deciders are pure and refuse before anything is appended, so
   * a refused record leaves the unit as it was and the others are kept: each is validated and decided alone, exactly
   * as the single route would, and what was decided commits together (a concurrent writer re-runs the whole unit).
   */
  @Post(':sessionId/attendance/bulk')
  @HttpCode(200)
  @Roles(...ATTENDANCE_RECORDERS)
  @ApiOperation({ summary: 'Records a whole roster at once: each record validated and decided alone, a bad one reported in its result and the rest kept.' })
  @ApiOkResponse({ type: BulkAttendanceOutcomeDto })
  async recordBulk(
    @Param('sessionId', new ParseUUIDPipe()) sessionId: string, @Body() dto: BulkAttendanceDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
  ): Promise<BulkAttendanceOutcomeDto> {
    const notObjects = dto.records.flatMap((r, i) => (isRecordObject(r) ? [] : [{ path: `records.${i}`, message: 'must be an object' }]));
    if (notObjects.length) throw new ProblemError(400, 'Every record is an object.', notObjects, 'validation');
    const records = dto.records as Record<string, unknown>[];
    const parsed = await Promise.all(records.map(async (raw, index): Promise<Parsed> => {
      try {
        return { index, dto: await parseRecord(raw) };
      } catch (err) {
        return { index, error: err };
      }
    }));
    // A patient twice in one roster is a mistake in the request: the first record counts, later ones are refused.
    const seen = new Set<string>();
    for (const p of parsed) {
      if (!p.dto) continue;
      if (seen.has(p.dto.episodeId)) {
        p.error = new ProblemError(400, 'This episode has an earlier record in the same request.', [{ path: 'episodeId', message: 'appears more than once' }], 'duplicate-record');
        p.dto = undefined;
      } else seen.add(p.dto.episodeId);
    }
    const valid = parsed.flatMap((p) => (p.dto ? [p.dto] : []));
    const results = await this.commands.run(ctx, async (uow) => {
      await lockSession(uow, sessionId, ctx.tenantId, valid.map((d) => d.episodeId));
      const out: BulkAttendanceResultDto[] = [];
      for (const p of parsed) {
        const episodeId = typeof records[p.index].episodeId === 'string' ? (records[p.index].episodeId as string) : null;
        if (!p.dto) {
          out.push({ index: p.index, episodeId, outcome: 'rejected', problem: problemOf(p.error) });
          continue;
        }
        try {
          out.push({ index: p.index, episodeId, outcome: 'recorded', ...(await recordIn(uow, ctx, who, sessionId, p.dto)) });
        } catch (err) {
          // Only a refusal of this record: anything else (the database) spoils the transaction and fails the request.
          if (!(err instanceof DomainError) && !(err instanceof ProblemError)) throw err;
          out.push({ index: p.index, episodeId, outcome: 'rejected', problem: problemOf(err) });
        }
      }
      return out;
    });
    const recorded = results.filter((r) => r.outcome === 'recorded').length;
    return { sessionId, results, recorded, rejected: results.length - recorded };
  }
}

function problemOf(err: unknown): Record<string, unknown> {
  if (!(err instanceof DomainError) && !(err instanceof ProblemError)) throw err;
  return { ...toProblem(err).body };
}
