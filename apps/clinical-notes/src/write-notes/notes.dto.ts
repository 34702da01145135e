import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { NOTE_TYPES, RISK_LEVELS } from '@iop/domain-events';
import type { NoteContent, NoteType, RiskLevel } from '../domain/note/note.events';

/** Generous, but bounded: a note is prose, not an attachment store. */
const TEXT_MAX = 50_000;
/** A time with its offset (to ±14:59, the offsets PostgreSQL stores). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

export class CrisisDto {
  @ApiProperty({ enum: RISK_LEVELS }) @IsIn(RISK_LEVELS) riskLevel!: RiskLevel;
  @ApiPropertyOptional({ description: 'The safety plan agreed with the patient.' })
  @IsOptional() @IsString() @MaxLength(TEXT_MAX)
  safetyPlan?: string;
}

export class OnCallContactDto {
  @ApiProperty({ description: 'Who was contacted after hours (the on-call clinician).' })
  @IsString() @MaxLength(200)
  who!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-10T23:10:00-04:00' }) @IsISO8601({ strict: true }) @Matches(INSTANT, { message: 'at must be a time with its offset' }) at!: string;
  @ApiProperty({ description: 'What came of the contact.' }) @IsString() @MaxLength(4000) outcome!: string;
}

const BODY_DOC = 'The note; for group notes, the individualized section for this patient.';
const GROUP_DOC = 'Group notes only: the part shared by the group.';

export class CreateNoteDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() episodeId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The attended session the note documents.' })
  @IsOptional() @IsUUID()
  sessionId?: string;
  @ApiProperty({ enum: NOTE_TYPES }) @IsIn(NOTE_TYPES) type!: NoteType;
  @ApiProperty({ description: BODY_DOC }) @IsString() @MaxLength(TEXT_MAX) body!: string;
  @ApiPropertyOptional({ description: GROUP_DOC }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) groupSummary?: string;
  @ApiPropertyOptional({ type: CrisisDto }) @IsOptional() @ValidateNested() @Type(() => CrisisDto) crisis?: CrisisDto;
  @ApiPropertyOptional({ type: OnCallContactDto })
  @IsOptional() @ValidateNested() @Type(() => OnCallContactDto)
  onCallContact?: OnCallContactDto;
}

/** Only the fields sent change; a signed note refuses every edit (409). */
export class EditNoteDto {
  @ApiPropertyOptional({ description: BODY_DOC }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) body?: string;
  @ApiPropertyOptional({ description: GROUP_DOC }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) groupSummary?: string;
  @ApiPropertyOptional({ type: CrisisDto }) @IsOptional() @ValidateNested() @Type(() => CrisisDto) crisis?: CrisisDto;
  @ApiPropertyOptional({ type: OnCallContactDto })
  @IsOptional() @ValidateNested() @Type(() => OnCallContactDto)
  onCallContact?: OnCallContactDto;
}

export class AmendNoteDto {
  @ApiProperty({ description: 'The addendum; the original stays as signed.' })
  @IsString() @MaxLength(TEXT_MAX)
  body!: string;
  @ApiProperty({ description: 'Why the record needed an addendum.' }) @IsString() @MaxLength(2000) reason!: string;
}

export const contentOf = (dto: EditNoteDto): Partial<NoteContent> => ({
  body: dto.body,
  groupSummary: dto.groupSummary,
  crisis: dto.crisis && { riskLevel: dto.crisis.riskLevel, ...(dto.crisis.safetyPlan !== undefined ? { safetyPlan: dto.crisis.safetyPlan } : {}) },
  onCallContact: dto.onCallContact && { who: dto.onCallContact.who, at: dto.onCallContact.at, outcome: dto.onCallContact.outcome },
});

export class NoteDraftedDto {
  @ApiProperty({ format: 'uuid' }) noteId!: string;
}

export class NoteSignedDto {
  @ApiProperty({ format: 'uuid' }) noteId!: string;
  @ApiProperty({ enum: ['signed', 'cosigned'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
  @ApiProperty({ description: 'Signed later than the clinic allows after the session (a late entry).' }) late!: boolean;
  @ApiProperty({ description: "The author's role or credential requires a supervisor's co-signature (POST /v1/notes/{id}/cosign)." }) cosignRequired!: boolean;
}

export class NoteCosignedDto {
  @ApiProperty({ format: 'uuid' }) noteId!: string;
  @ApiProperty({ enum: ['cosigned'] }) status!: string;
}

/** PATCH /v1/notes/{id}: the draft after the edit; `revision` is its ETag for the next If-Match. */
export class NoteEditedDto {
  @ApiProperty({ format: 'uuid' }) noteId!: string;
  @ApiProperty({ enum: ['draft'] }) status!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) revision!: number;
}

/** POST /v1/notes/{id}/amendments. */
export class AmendmentAddedDto {
  @ApiProperty({ format: 'uuid' }) amendmentId!: string;
}
