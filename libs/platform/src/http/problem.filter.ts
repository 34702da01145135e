import { ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '@iop/decider';
import { problem, PROBLEM_CONTENT_TYPE, ProblemError, type Problem } from './problem';

const DOMAIN_STATUS: Record<DomainError['kind'], number> = { invalid: 400, 'not-found': 404, conflict: 409, forbidden: 403 };

/** Errors raised by Fastify itself (body parsing) before Nest sees the request. */
interface FastifyError {
  code?: string;
  statusCode?: number;
  message?: string;
}

/** Anything thrown anywhere becomes problem+json; only our own 5xx are logged, never with request bodies. */
export function toProblem(err: unknown): { body: Problem; headers: Record<string, string> } {
  if (err instanceof ProblemError) return { body: problem(err.status, err.message, err.errors, err.code), headers: err.headers };
  if (err instanceof DomainError) return { body: problem(DOMAIN_STATUS[err.kind], err.message, err.errors, err.code), headers: {} };
  if (isBodyParseError(err)) return { body: problem(400, 'The body is not valid JSON.', undefined, 'invalid-json'), headers: {} };
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const res = err.getResponse();
    const detail = typeof res === 'string' ? res : Array.isArray((res as { message?: unknown }).message) ? undefined : String((res as { message?: unknown }).message ?? err.message);
    const errors = typeof res === 'object' ? ((res as { errors?: FieldError[] }).errors ?? undefined) : undefined;
    return { body: problem(status, detail, errors), headers: {} };
  }
  if (isConcurrencyError(err)) return { body: problem(409, (err as Error).message, undefined, 'concurrency-conflict'), headers: {} };
  if (isDatabaseUnavailable(err)) {
    return { body: problem(503, 'The service is overloaded or its database is unavailable; nothing was changed. Retry shortly.', undefined, 'unavailable'), headers: { 'retry-after': '1' } };
  }
  const fe = err as FastifyError;
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { body: problem(fe.statusCode, fastifyDetail(fe)), headers: {} };
  }
  return { body: problem(500, 'The error was logged; retry later or contact support with the correlation id.'), headers: {} };
}

/** Fastify's JSON parser failed: Nest may hand it over as a SyntaxError or wrapped in a 400 HttpException. */
const isBodyParseError = (err: unknown): boolean => {
  const e = err as { message?: string; statusCode?: number; getStatus?: () => number };
  const status = e?.statusCode ?? e?.getStatus?.();
  return (err instanceof SyntaxError || status === 400) && /not valid JSON|Unexpected (token|end)|JSON at position/i.test(e?.message ?? '');
};

/** Pool exhausted, PostgreSQL down or restarting: the request changed nothing, and a retry may well succeed. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08006']);
const isDatabaseUnavailable = (err: unknown): boolean => {
  const e = err as { code?: string; message?: string };
  return UNAVAILABLE_CODES.has(e?.code ?? '') || /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/.test(e?.message ?? '');
};

const isConcurrencyError = (err: unknown): boolean => err instanceof Error && err.name === 'ConcurrencyError';

function fastifyDetail(err: FastifyError): string {
  if (err instanceof SyntaxError || /JSON/.test(err.message ?? '')) return 'The body is not valid JSON.';
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The body is not valid JSON.';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than the service accepts.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Send the body as application/json.';
    case 'FST_ERR_BAD_URL':
      return 'The path is not a valid URL (a bad percent-encoding).';
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return 'A path parameter is longer than any this service routes.';
    default:
      return err.message?.replace(/^FST_\w+:\s*/, '') ?? 'The request is not valid.';
  }
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, err: unknown, logger: Pick<Logger, 'error' | 'warn'>): void {
  const { body, headers } = toProblem(err);
  if (body.status >= 500 && body.status !== 503) logger.error({ err, reqId: request.id }, 'request failed');
  else if (body.status === 503) logger.warn({ reqId: request.id, reason: (err as Error).message }, 'unavailable');
  if (body.status === 401) headers['www-authenticate'] = 'Bearer';
  void reply.status(body.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send({ ...body, instance: request.url.split('?')[0] });
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');
  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw err;
    const ctx = host.switchToHttp();
    sendProblem(ctx.getResponse<FastifyReply>(), ctx.getRequest<FastifyRequest>(), err, this.logger);
  }
}
