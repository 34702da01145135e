import { Body, Controller, Get, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { CurrentPrincipal, ProblemError, ROLES, type Principal, type Role } from '@iop/platform';
import { AllowRoles, NOTE_READERS, SETTINGS_ADMINS } from '../shared/clinical-notes.roles';
import { DocumentationSettingsRepository, type DocumentationSettings } from './documentation-settings.repository';
import { StaffCredentialSetDto } from './documentation-settings.dto';

const CREDENTIAL = /^[a-z0-9][a-z0-9.-]{0,31}$/;
const SUBJECT = /^[\x21-\x7e]{1,200}$/;

class DocumentationSettingsDto implements DocumentationSettings {
  @ApiProperty({ example: 7 }) @IsInt() @Min(1) @Max(90) planDueDays!: number;
  @ApiProperty({ example: 30 }) @IsInt() @Min(1) @Max(365) planReviewDays!: number;
  @ApiProperty({ example: 72 }) @IsInt() @Min(1) @Max(720) lateAfterHours!: number;
  @ApiProperty({ example: ['nurse'], enum: ROLES, isArray: true })
  @IsArray() @ArrayUnique() @IsIn(ROLES, { each: true })
  cosignRequiredRoles!: Role[];
  @ApiProperty({ example: ['cadc-i', 'intern'] })
  @IsArray() @ArrayUnique() @IsString({ each: true }) @Matches(CREDENTIAL, { each: true })
  cosignRequiredCredentials!: string[];
}

class StaffCredentialDto {
  @ApiProperty({ example: 'cadc-i', description: 'Credential code of the staff member (lower case).' })
  @IsString() @Matches(CREDENTIAL)
  credential!: string;
}

/** Per-tenant documentation rules: plan due and review intervals, the late-entry threshold, who needs a co-signer. */
@ApiTags('documentation settings')
@Controller('v1')
export class DocumentationSettingsController {
  constructor(@Inject(DocumentationSettingsRepository) private readonly settings: DocumentationSettingsRepository) {}

  @Get('documentation-settings')
  @AllowRoles(...SETTINGS_ADMINS, ...NOTE_READERS)
  @ApiOperation({ summary: "The tenant's documentation rules (defaults until an admin sets them)." })
  @ApiOkResponse({ type: DocumentationSettingsDto })
  get(@CurrentPrincipal() who: Principal): Promise<DocumentationSettings> {
    return this.settings.get(who.tenantId);
  }

  @Put('documentation-settings')
  @AllowRoles(...SETTINGS_ADMINS)
  @ApiOkResponse({ type: DocumentationSettingsDto })
  async put(@CurrentPrincipal() who: Principal, @Body() dto: DocumentationSettingsDto): Promise<DocumentationSettings> {
    await this.settings.put(who, dto);
    return this.settings.get(who.tenantId);
  }

  @Put('staff-credentials/:subject')
  @HttpCode(200)
  @AllowRoles(...SETTINGS_ADMINS)
  @ApiOperation({ summary: "Registers a staff member's credential (the token's subject), which the co-signature rule reads." })
  @ApiOkResponse({ type: StaffCredentialSetDto })
  @ApiParam({ name: 'subject', schema: { type: 'string', pattern: SUBJECT.source } })
  async credential(
    @CurrentPrincipal() who: Principal, @Param('subject') subject: string, @Body() dto: StaffCredentialDto,
  ): Promise<{ subject: string; credential: string }> {
    if (!SUBJECT.test(subject)) throw new ProblemError(400, 'subject is a token subject: 1-200 visible characters.');
    await this.settings.setCredential(who.tenantId, subject, dto.credential);
    return { subject, credential: dto.credential };
  }
}
