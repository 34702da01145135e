import { ApiProperty } from '@nestjs/swagger';
import { PageQuery } from '@iop/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { NOTE_STATUSES } from '../read-notes/note.dto';

/** As a note's text (notes.dto.ts): prose, bounded. */
const TEXT_MAX = 50_000;
/** More than any group holds; the bound keeps one request's transaction short. */
export const MAX_PARTICIPANTS = 200;
const NOT_BLANK = /\S/;

export class GroupParticipantDto {
  @ApiProperty({ format: 'uuid', description: "The participant's episode: the note goes into that chart." }) @IsUUID() episodeId!: string;
  @ApiProperty({ description: "This participant's individualized section: only this chart shows it." })
  @IsString() @MaxLength(TEXT_MAX) @Matches(NOT_BLANK, { message: '$property must not be blank' })
  participation!: string;
}

export class CreateGroupNoteDto {
  @ApiProperty({ format: 'uuid', description: 'The group session documented; every participant attended it (present, late or left early).' })
  @IsUUID()
  sessionId!: string;

  @ApiProperty({ description: "The part shared by the group, written once and copied into every participant's note. It must name no participant." })
  @IsString() @MaxLength(TEXT_MAX) @Matches(NOT_BLANK, { message: '$property must not be blank' })
  summary!: string;

  @ApiProperty({ type: [GroupParticipantDto], minItems: 1, maxItems: MAX_PARTICIPANTS })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_PARTICIPANTS) @ValidateNested({ each: true }) @Type(() => GroupParticipantDto)
  participants!: GroupParticipantDto[];
}

export class GroupNoteRefDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid', description: 'A normal session note (GET /v1/notes/{id}), signed with /sign and co-signed with /cosign where required.' })
  noteId!: string;
}

export class GroupNoteCreatedDto {
  @ApiProperty({ format: 'uuid' }) groupNoteId!: string;
  @ApiProperty({ type: [GroupNoteRefDto], description: 'One note per participant, in the order sent.' }) notes!: GroupNoteRefDto[];
}

export class GroupNoteEntryDto extends GroupNoteRefDto {
  @ApiProperty({ enum: NOTE_STATUSES }) status!: (typeof NOTE_STATUSES)[number];
}

export class GroupNoteDto {
  @ApiProperty({ format: 'uuid' }) groupNoteId!: string;
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ description: 'Who wrote it (the token subject); the participants\' notes are theirs to sign.' }) author!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ format: 'date-time' }) writtenAt!: string;
  @ApiProperty({ type: [GroupNoteEntryDto], description: "Each participant's note and its status; the participations are read in their own charts (GET /v1/notes/{id})." })
  notes!: GroupNoteEntryDto[];
}

export class GroupNotesQuery extends PageQuery {
  @ApiProperty({ format: 'uuid', description: 'The session whose group notes to list.' }) @IsUUID() sessionId!: string;
}

export class GroupNoteSummaryDto {
  @ApiProperty({ format: 'uuid' }) groupNoteId!: string;
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty() author!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Participants documented (one note each).' }) participants!: number;
  @ApiProperty({ format: 'date-time' }) writtenAt!: string;
}

export class GroupNoteSummaryPageDto {
  @ApiProperty({ type: [GroupNoteSummaryDto] }) items!: GroupNoteSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}
