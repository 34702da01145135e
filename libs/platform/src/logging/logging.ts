import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { trace } from '@opentelemetry/api';
import type { Params } from 'nestjs-pino';

/**
 * Field names that may carry PHI or secrets: censored wherever they appear in a log line. Request and response
 * bodies are never logged at all; this list is the second net.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  'res.body',
  '*.firstName',
  '*.lastName',
  '*.dateOfBirth',
  '*.phone',
  '*.displayName',
  '*.body',
  '*.rationale',
  '*.secret',
  '*.password',
  'patient',
  '*.patient',
];

export const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export function correlationIdOf(req: IncomingMessage): string {
  const given = req.headers[CORRELATION_HEADER];
  return typeof given === 'string' && CORRELATION_PATTERN.test(given) ? given : randomUUID();
}

/**
 * A request's URL as logs may show it: the path, and the names of its query parameters without their values. Values
 * are where PHI arrives in a URL (`/v1/patients?lastName=...&dateOfBirth=...`); path segments are ids and route names.
 */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const names = [...new Set(new URLSearchParams(url.slice(q + 1)).keys())];
  return `${url.slice(0, q)}?${names.map((n) => encodeURIComponent(n)).join('&')}`;
}

/**
 * The active span's ids on every log line written inside it (`trace_id`, `span_id`, as OpenTelemetry's log data model
 * names them), so a line leads to its trace and back. Nothing when no span is recording (tracing off).
 */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan()?.spanContext();
  return span && trace.isSpanContextValid(span) && span.traceFlags & 1 ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

export function loggingParams(service: string, level: string): Params {
  return {
    pinoHttp: {
      level,
      name: service,
      mixin: traceFields,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const id = correlationIdOf(req);
        res.setHeader(CORRELATION_HEADER, id);
        return id;
      },
      customProps: () => ({ service }),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggableUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') || req.url === '/metrics' },
    },
  };
}
