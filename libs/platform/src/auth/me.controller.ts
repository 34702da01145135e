import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from './principal';
import { ROLES, type Role } from './roles';

export class MeDto {
  @ApiProperty({ description: "The token's subject: the staff id other routes record (author, facilitator...)." }) subject!: string;
  @ApiProperty({ description: 'The clinic (tenant) the token is for.' }) tenantId!: string;
  @ApiProperty({ enum: ROLES, isArray: true, description: "The token's platform roles (other values of its roles claim are ignored)." }) roles!: Role[];
  @ApiPropertyOptional({ description: "The person's name, when the token carries one." }) name?: string;
}

/** Who the token says you are: lets an integrator check a token against any service. */
@ApiTags('identity')
@Controller('v1/me')
export class MeController {
  @Get()
  @ApiOperation({ summary: 'The caller as the token identifies them (any role).' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
