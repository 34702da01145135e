import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemError } from '../http/problem';
import type { RequestWithPrincipal } from './principal';
import { PUBLIC_KEY, ROLES_KEY, type Role } from './roles';
import { TokenVerifier } from './token-verifier';

/** Global guard: 401 without a valid token, 403 when the route's @Roles exclude every role of the caller. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<RequestWithPrincipal & { headers: Record<string, string | undefined> }>();
    const principal = await this.verifier.verify(req.headers.authorization);
    req.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && !allowed.some((r) => principal.roles.includes(r))) {
      throw new ProblemError(403, `This needs one of the roles: ${allowed.join(', ')}.`);
    }
    return true;
  }
}
