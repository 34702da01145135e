import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTE_TYPES, RISK_LEVELS } from '@iop/domain-events';

export const NOTE_STATUSES = ['draft', 'signed', 'cosigned'] as const;

export class CrisisViewDto {
  @ApiProperty({ enum: RISK_LEVELS }) riskLevel!: string;
  @ApiPropertyOptional() safetyPlan?: string;
}

export class OnCallContactViewDto {
  @ApiProperty() who!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() outcome!: string;
}

export class SignatureDto {
  @ApiProperty({ description: 'The author, who signed.' }) signedBy!: string;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
  @ApiProperty({ description: 'Signed later than the clinic allows after the session (a late entry).' }) late!: boolean;
}

export class CosignatureDto {
  @ApiProperty({ description: "The author's role or credential required a co-signature when the note was signed." }) required!: boolean;
  @ApiPropertyOptional() cosignedBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) cosignedAt?: string;
}

export class AmendmentDto {
  @ApiProperty({ format: 'uuid' }) amendmentId!: string;
  @ApiProperty() author!: string;
  @ApiProperty() body!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) amendedAt!: string;
}

/** `NoteView` (note.view.ts) as the API shows it. */
export class NoteDto {
  @ApiProperty({ format: 'uuid' }) noteId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The attended session the note documents.' }) sessionId?: string;
  @ApiProperty({ enum: NOTE_TYPES }) type!: string;
  @ApiProperty({ enum: NOTE_STATUSES }) status!: string;
  @ApiProperty({ description: 'Who drafted it (token subject).' }) author!: string;
  @ApiProperty({ format: 'date-time' }) draftedAt!: string;
  @ApiProperty({ description: "The note; for a group note, this participant's individualized section only." }) body!: string;
  @ApiPropertyOptional({ description: 'Group notes: the part shared by the group.' }) groupSummary?: string;
  @ApiPropertyOptional({ type: CrisisViewDto }) crisis?: CrisisViewDto;
  @ApiPropertyOptional({ type: OnCallContactViewDto }) onCallContact?: OnCallContactViewDto;
  @ApiPropertyOptional({ type: SignatureDto, description: 'Once signed.' }) signature?: SignatureDto;
  @ApiPropertyOptional({ type: CosignatureDto, description: 'Once signed.' }) cosignature?: CosignatureDto;
  @ApiProperty({ type: [AmendmentDto], description: 'Addenda to the signed note, in order (never merged into it).' }) amendments!: AmendmentDto[];
}

export class NoteSummaryDto {
  @ApiProperty({ format: 'uuid' }) noteId!: string;
  @ApiProperty({ enum: NOTE_TYPES }) type!: string;
  @ApiProperty({ enum: NOTE_STATUSES }) status!: string;
  @ApiProperty() author!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) sessionId!: string | null;
  @ApiProperty({ format: 'date-time' }) draftedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) signedAt!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null until signed.' }) late!: boolean | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) amendments!: number;
}

export class NoteSummaryPageDto {
  @ApiProperty({ type: [NoteSummaryDto] }) items!: NoteSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}
