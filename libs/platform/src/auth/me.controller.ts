import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from './principal';

/** Who the token says you are: lets an integrator check a token against any service. */
@ApiTags('identity')
@Controller('v1/me')
export class MeController {
  @Get()
  @ApiOperation({ summary: 'The caller as the token identifies them (any role).' })
  @ApiOkResponse({ description: '{ subject, tenantId, roles }' })
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
