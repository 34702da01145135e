import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from './roles';

/** Who is acting: from a verified token, or for a consumed message, the service itself on a tenant's behalf. */
export interface Principal {
  subject: string;
  tenantId: string;
  roles: Role[];
  name?: string;
}

export interface RequestWithPrincipal {
  principal?: Principal;
  id?: string;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<RequestWithPrincipal>();
  if (!req.principal) throw new Error('CurrentPrincipal used on a public route');
  return req.principal;
});
