import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toProblem } from '@iop/platform';

export const FHIR_JSON = 'application/fhir+json';

/** The OperationOutcome issue type closest to an HTTP status (FHIR R4, "issue-type"). */
const ISSUE_CODE: Record<number, string> = { 400: 'invalid', 401: 'login', 403: 'forbidden', 404: 'not-found', 406: 'not-supported', 409: 'conflict', 410: 'deleted', 429: 'throttled' };

export function operationOutcome(status: number, diagnostics: string): Record<string, unknown> {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: status >= 500 ? 'fatal' : 'error', code: ISSUE_CODE[status] ?? (status >= 500 ? 'exception' : 'processing'), diagnostics }],
  };
}

/**
 * FHIR clients read errors as OperationOutcome, not problem+json: the platform's mapping decides the status and the
 * text (so a guard's 401 or 403 reads the same as elsewhere), this filter only changes the shape.
 */
@Catch()
export class OperationOutcomeFilter implements ExceptionFilter {
  private readonly logger = new Logger('fhir');

  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw err;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const { body, headers } = toProblem(err);
    if (body.status >= 500 && body.status !== 503) this.logger.error({ err, reqId: request.id }, 'request failed');
    if (body.status === 401) headers['www-authenticate'] = 'Bearer';
    void reply.status(body.status).headers(headers).type(FHIR_JSON).send(operationOutcome(body.status, body.detail ?? body.title));
  }
}
