import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NOTE_TYPES } from '@iop/domain-events';
import { PageQuery } from '@iop/platform';
import { NOTE_STATUSES } from '../read-notes/note.dto';

/** `me` stands for the token's subject, so a client can ask for its own notes without knowing how the clinic names staff. */
export const ME = 'me';

export class NotesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'The author: `me` (the token subject) or a staff subject. Omitted: every author.', example: ME })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  author?: string;

  @ApiPropertyOptional({ enum: NOTE_STATUSES, description: '`draft`: written and not yet signed.' })
  @IsOptional() @IsIn(NOTE_STATUSES)
  status?: (typeof NOTE_STATUSES)[number];
}

export const COSIGN_SIDES = ['author', 'cosigner'] as const;

export class AwaitingCosignQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: COSIGN_SIDES,
    description: "`author`: the caller's own notes waiting for someone's co-signature; `cosigner`: other authors' notes the caller, a " +
      'supervisor, may co-sign. Omitted: both that apply to the caller.',
  })
  @IsOptional() @IsIn(COSIGN_SIDES)
  as?: (typeof COSIGN_SIDES)[number];
}

/** A row of the note index: metadata, never the text. */
export class NoteIndexItemDto {
  @ApiProperty({ format: 'uuid' }) noteId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The attended session the note documents.' }) sessionId!: string | null;
  @ApiProperty({ enum: NOTE_TYPES }) type!: string;
  @ApiProperty({ enum: NOTE_STATUSES }) status!: string;
  @ApiProperty({ description: 'Who drafted it (token subject).' }) author!: string;
  @ApiProperty({ format: 'date-time' }) draftedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) signedAt!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'A late entry; null until signed.' }) late!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true, description: "The author's role or credential required a co-signature; null until signed." }) cosignRequired!: boolean | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cosignedAt!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) amendments!: number;
}

export class NoteIndexPageDto {
  @ApiProperty({ type: [NoteIndexItemDto] }) items!: NoteIndexItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}
