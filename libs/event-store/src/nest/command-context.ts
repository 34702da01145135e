import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandMetadata } from '@iop/decider';
import type { PublicEvent } from '@iop/domain-events';
import { type RequestWithPrincipal, traceparentForEvents } from '@iop/platform';
import type { EventMetadata } from '../store/types';

/** Command metadata as commands and stored events carry it: time, tenant, actor, correlation and trace. */
export type CommandContext = CommandMetadata & {
  traceparent?: string;
  /**
   * For a command repeated by a timer rather than caused by an event (a follow-up window closed): the event ids derive
   * from it, as they do from `causationId`, so running it twice appends once. Not stored with the events.
   */
  idempotencyKey?: string;
};

/** The edge of the system reads the clock; the domain receives the time here. */
export function commandContextOf(req: RequestWithPrincipal & { headers: Record<string, string | string[] | undefined> }): CommandContext {
  if (!req.principal) throw new Error('command context needs an authenticated request');
  // The request's span when tracing is on (the events' later work continues this request's trace), else the header.
  const header = req.headers.traceparent;
  const traceparent = traceparentForEvents(typeof header === 'string' ? header : undefined);
  return {
    now: new Date().toISOString(),
    tenantId: req.principal.tenantId,
    actor: { subject: req.principal.subject, roles: req.principal.roles },
    correlationId: req.id ?? crypto.randomUUID(),
    ...(traceparent ? { traceparent } : {}),
  };
}

/** Context for a command caused by a consumed public event: same tenant and correlation, caused by that event. */
export function commandContextFromEvent(event: PublicEvent, service: string): CommandContext {
  return {
    now: event.time,
    tenantId: event.tenantId,
    actor: { subject: `service:${service}`, roles: [] },
    correlationId: event.correlationId,
    causationId: event.id,
    // The consumer's processing span when tracing is on: the events this one causes continue its trace.
    ...traceField(event.traceparent),
  };
}

function traceField(given: string | undefined): { traceparent?: string } {
  const tp = traceparentForEvents(given);
  return tp ? { traceparent: tp } : {};
}

export const toEventMetadata = (ctx: CommandContext): EventMetadata => ({
  tenantId: ctx.tenantId,
  actor: ctx.actor,
  correlationId: ctx.correlationId,
  ...(ctx.causationId ? { causationId: ctx.causationId } : {}),
  ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}),
  occurredAt: ctx.now,
});

/** `@Ctx() ctx: CommandContext` in a controller. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => commandContextOf(ctx.switchToHttp().getRequest()));
