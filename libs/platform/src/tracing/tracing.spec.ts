import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { traceFields } from '../logging/logging';
import { inSpan, safeStatement, startChildSpan, traceIdOf, traceparentForEvents, traceparentOf, tracingEnabled } from './tracing';

const REQUEST = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const OTHER = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('tracing is off unless the OTEL_* variables turn it on', () => {
  it.each([
    [{}, false],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }, false],
  ])('%j -> %s', (env, on) => expect(tracingEnabled(env)).toBe(on));
});

describe("spans never carry a statement's values", () => {
  it('replaces string literals, the inlined parameters of an EXECUTE among them', () => {
    expect(safeStatement(`EXECUTE "p_x"('{"patient-1"}', '[{"firstName":"Sam","lastName":"O''Brien","dateOfBirth":"1991-02-03"}]', '2')`)).toBe('EXECUTE "p_x"(?, ?, ?)');
    expect(safeStatement("SELECT * FROM patients WHERE last_name = E'O\\'' AND note = $$Sam$$ AND id = $1")).toBe('SELECT * FROM patients WHERE last_name = ? AND note = ? AND id = $1');
    expect(safeStatement('PREPARE p_y AS SELECT * FROM patients WHERE id = $1')).toBe('PREPARE p_y AS SELECT * FROM patients WHERE id = $1');
  });
});

describe('without an SDK (tracing off)', () => {
  it('passes the trace context through unchanged', async () => {
    expect(traceparentForEvents(REQUEST)).toBe(REQUEST);
    expect(traceparentForEvents(undefined)).toBeUndefined();
    expect(startChildSpan('t publish', SpanKind.PRODUCER, REQUEST, {}).traceparent).toBe(REQUEST);
    await inSpan('t process', SpanKind.CONSUMER, [REQUEST], {}, async () => expect(traceparentForEvents(REQUEST)).toBe(REQUEST));
    expect(traceFields()).toEqual({});
  });
});

describe('with an SDK', () => {
  const exporter = new InMemorySpanExporter();
  const manager = new AsyncLocalStorageContextManager().enable();
  beforeAll(() => {
    context.setGlobalContextManager(manager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  });
  afterAll(() => {
    trace.disable();
    propagation.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());

  it("a message's span is a child of the event's, and its traceparent names that span", () => {
    const { span, traceparent } = startChildSpan('t publish', SpanKind.PRODUCER, REQUEST, {});
    span.end();
    const [finished] = exporter.getFinishedSpans();
    expect(finished.spanContext().traceId).toBe(traceIdOf(REQUEST));
    expect(finished.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(traceparent).toBe(`00-${traceIdOf(REQUEST)}-${finished.spanContext().spanId}-01`);
  });

  it("continues one event's trace; the events a consumer's span causes carry that span; logs name it", async () => {
    await inSpan('t process', SpanKind.CONSUMER, [REQUEST], {}, async (span) => {
      expect(traceparentForEvents(REQUEST)).toBe(traceparentOf());
      expect(traceparentOf()).toContain(span.spanContext().spanId);
      expect(traceFields()).toEqual({ trace_id: traceIdOf(REQUEST), span_id: span.spanContext().spanId });
      // An event of another trace in the same batch keeps its own.
      expect(traceparentForEvents(OTHER)).toBe(OTHER);
    });
    expect(exporter.getFinishedSpans()[0].parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('a batch of several traces starts its own, linked to each, and records a failure', async () => {
    await expect(inSpan('t process', SpanKind.CONSUMER, [REQUEST, OTHER], {}, async () => {
      throw new Error('handler failed');
    })).rejects.toThrow('handler failed');
    const [span] = exporter.getFinishedSpans();
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links.map((l) => l.context.traceId).sort()).toEqual([traceIdOf(OTHER), traceIdOf(REQUEST)].sort());
    expect(span.status.code).toBe(2);
  });
});
