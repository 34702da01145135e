import { context, propagation, type Context, type Link, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { NodeSDK } from '@opentelemetry/sdk-node';
import { IncomingMessage } from 'node:http';
import { loggableUrl } from '../logging/logging';

/**
 * Traces are off unless the standard variables ask for them: an exporter (`OTEL_TRACES_EXPORTER`, anything but
 * `none`) or an OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`);
 * `OTEL_SDK_DISABLED=true` wins over both. Off, the API's no-op tracer costs next to nothing, and trace context
 * still travels through events and messages as it came in.
 */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (exporters.includes('none')) return false;
  return exporters.length > 0 || Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * A statement as spans may show it: its string literals replaced by `?`. The pool sends parameters inlined into
 * one simple-protocol statement (`EXECUTE p_x('{"firstName": ...}')`, db/database.ts), so the text a query span
 * records would otherwise carry the values, PHI among them. The SQL of a PREPARE keeps its `$n` placeholders.
 */
export function safeStatement(text: string): string {
  return text
    .replace(/(?<![\w$])[Ee]'(?:[^'\\]|''|\\[\s\S])*'|(?<![\w$])(?:[Uu]&)?'(?:[^']|'')*'/g, '?')
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, '?');
}

/** A query string as spans may show it: the parameter names, as the access log shows them (logging.ts). */
const queryNames = (url: string): string | undefined => {
  const safe = loggableUrl(url);
  const q = safe.indexOf('?');
  return q < 0 ? undefined : safe.slice(q + 1);
};

/**
 * Instrumentations of the libraries a service's own spans do not cover: the HTTP server, Fastify's request
 * lifecycle (`@fastify/otel`, registered on every Fastify instance as it is created, so it also sees injected
 * requests) and pg's queries. Kafka is traced by hand (the publisher and the inbox consumer): a publisher batch
 * carries events of many requests, each message must continue its own event's trace, and kafkajs' instrumentation
 * would overwrite the `traceparent` header with the batch's. Log lines get their trace and span ids from the
 * logger's mixin (logging.ts), in every process, with or without require hooks.
 */
export function tracingInstrumentations(): Instrumentation[] {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { FastifyOtelInstrumentation } = require('@fastify/otel') as typeof import('@fastify/otel');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return [
    new HttpInstrumentation({
      // Probes and scrapes every few seconds would be most of the traces and say nothing.
      ignoreIncomingRequestHook: (req) => (req.url ?? '').startsWith('/health') || req.url === '/metrics',
      // Outgoing requests are webhooks' deliveries to other organisations (and key fetches): no `traceparent` goes to
      // them, and no span records their URLs, whose query strings may hold the recipient's tokens.
      disableOutgoingRequestInstrumentation: true,
      // Query values are where PHI arrives in a URL (`?lastName=...`): spans keep the names only.
      requestHook: (span, req) => {
        const names = req instanceof IncomingMessage && req.url ? queryNames(req.url) : undefined;
        if (names !== undefined) span.setAttribute('url.query', names);
      },
    }),
    new FastifyOtelInstrumentation({
      registerOnInitialization: true,
      // The request and its handler: a span for each of the platform's hooks (auth, rate limit, static files) on
      // every request would outnumber the queries.
      instrumentHooks: false,
      ignorePaths: (route: { url: string }) => route.url.startsWith('/health') || route.url === '/metrics',
      requestHook: (span, request) => span.setAttribute('url.path', loggableUrl(request.url)),
    }) as unknown as Instrumentation,
    new PgInstrumentation({
      requireParentSpan: true,
      requestHook: (span, { query }) => {
        if (query.text) span.setAttribute('db.query.text', safeStatement(query.text));
      },
    }),
  ];
}

let started: NodeSDK | undefined;

/**
 * Starts the OpenTelemetry SDK for `service` when the environment enables it (and once per process). Called by
 * `tracing/register.ts`, the first import of every service's `main.ts`: instrumentations patch pg and the HTTP
 * server as they are required, so the SDK must start before they are. Spans go to the exporter the `OTEL_*`
 * variables choose (`otlp` by default, over HTTP/protobuf). Metrics stay with
 * Prometheus (/metrics), logs with stdout: the SDK exports neither.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): NodeSDK | undefined {
  if (started) return started;
  if (!tracingEnabled(env)) return undefined;
  /* eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK is loaded only when tracing is on */
  const { NodeSDK: SDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const sdk = new SDK({
    serviceName: env.OTEL_SERVICE_NAME ?? service,
    instrumentations: tracingInstrumentations(),
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  started = sdk;
  const stop = () => void sdk.shutdown().catch(() => undefined);
  process.once('beforeExit', stop);
  return sdk;
}

/** Flushes and stops the SDK `startTracing` started, if any (a service's app closing: bootstrap.ts). */
export async function stopTracing(): Promise<void> {
  const sdk = started;
  started = undefined;
  await sdk?.shutdown();
}

const tracer = () => trace.getTracer('@iop/platform');

/** The W3C `traceparent` of a context (the active one by default), if it has a valid span. */
export function traceparentOf(ctx: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
}

/** The context a `traceparent` continues (the root context when there is none, or it is malformed). */
export function contextFrom(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(context.active(), { traceparent }) : context.active();
}

/** The trace id of a `traceparent` (`00-<trace id>-<span id>-<flags>`). */
export const traceIdOf = (traceparent: string | undefined): string | undefined => traceparent?.split('-')[1];

/**
 * The `traceparent` a command's events store: the active span's, so that work done later for them (the publisher,
 * other services' consumers) continues this request's or this consumed event's trace; else the one given (tracing
 * off: the trace context passes through unchanged). When the active span belongs to another trace (a consumer's
 * batch of events from several requests), the given one is kept.
 */
export function traceparentForEvents(given: string | undefined): string | undefined {
  const active = traceparentOf();
  if (!active) return given;
  return !given || traceIdOf(given) === traceIdOf(active) ? active : given;
}

/**
 * Runs `fn` in a span that continues `parents`: a child of the one when they all share one trace (a single event,
 * the usual case), else a new trace linked to each. The span ends when `fn` settles, marked as an error if it threw.
 */
export async function inSpan<T>(
  name: string, kind: SpanKind, parents: readonly (string | undefined)[], attributes: Record<string, string | number>, fn: (span: Span) => Promise<T>,
): Promise<T> {
  const given = [...new Set(parents.filter((p): p is string => !!p))];
  const traces = new Set(given.map(traceIdOf));
  const parent = traces.size === 1 ? contextFrom(given[0]) : context.active();
  const links: Link[] = traces.size > 1
    ? given.map((p) => trace.getSpanContext(contextFrom(p))).filter((s) => s !== undefined).map((s) => ({ context: s }))
    : [];
  const span = tracer().startSpan(name, { kind, attributes, links }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}

/** A span started now as a child of `traceparent` and ended by the caller; its own `traceparent` goes downstream. */
export function startChildSpan(name: string, kind: SpanKind, traceparent: string | undefined, attributes: Record<string, string | number>): { span: Span; traceparent: string | undefined } {
  const parent = contextFrom(traceparent);
  const span = tracer().startSpan(name, { kind, attributes }, parent);
  return { span, traceparent: traceparentOf(trace.setSpan(parent, span)) ?? traceparent };
}

export { type Span, SpanKind, SpanStatusCode };
