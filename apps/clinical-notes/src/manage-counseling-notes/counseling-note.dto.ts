import { ApiProperty } from '@nestjs/swagger';

/** POST /v1/counseling-notes. */
export class CounselingNoteCreatedDto {
  @ApiProperty({ format: 'uuid' }) counselingNoteId!: string;
}

/** GET /v1/counseling-notes/{id}, to its author and grantees (counseling-notes.repository.ts CounselingNote). */
export class CounselingNoteViewDto {
  @ApiProperty({ format: 'uuid' }) counselingNoteId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ description: "The author's token subject." }) author!: string;
  @ApiProperty({ description: 'The process note.' }) body!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CounselingNoteGrantDto {
  @ApiProperty({ enum: ['role', 'subject'] }) kind!: string;
  @ApiProperty({ description: 'The role, or the staff subject, allowed to read the note.' }) grantee!: string;
}

/** POST /v1/counseling-notes/{id}/grants: every grant of the note now. */
export class CounselingNoteGrantsDto {
  @ApiProperty({ type: [CounselingNoteGrantDto] }) grants!: CounselingNoteGrantDto[];
}
