import { loggableUrl, loggingParams, traceFields } from './logging';

describe('access log lines', () => {
  it('keep the path and the query parameter names, never their values', () => {
    expect(loggableUrl('/v1/patients?lastName=Rivera&dateOfBirth=1990-04-12&limit=20')).toBe('/v1/patients?lastName&dateOfBirth&limit');
    expect(loggableUrl('/v1/episodes/0c0ffee0-0000-4000-8000-000000000001')).toBe('/v1/episodes/0c0ffee0-0000-4000-8000-000000000001');
    expect(loggableUrl('/v1/patients?lastName=O%27Brien&lastName=Smith')).toBe('/v1/patients?lastName');
  });

  it('are what the request serializer writes', () => {
    const params = loggingParams('admissions', 'info') as { pinoHttp: { serializers: { req: (r: object) => { url: string } } } };
    const line = JSON.stringify(params.pinoHttp.serializers.req({ id: '1', method: 'GET', url: '/v1/patients?lastName=Rivera&dateOfBirth=1990-04-12' }));
    expect(line).not.toMatch(/Rivera|1990-04-12/);
    expect(line).toContain('/v1/patients?lastName&dateOfBirth');
  });

  it("carry the active span's trace and span ids (tracing.spec.ts has them with a span)", () => {
    const params = loggingParams('admissions', 'info') as { pinoHttp: { mixin: unknown } };
    expect(params.pinoHttp.mixin).toBe(traceFields);
  });
});
