import { ProblemError } from '@iop/platform';
import { lastUpdatedRange, parseSearch } from './search';

describe('_lastUpdated', () => {
  const range = (v: string) => {
    const r = lastUpdatedRange(v);
    return [r.prefix, r.from.toISOString(), r.to.toISOString()];
  };

  it('reads a value as the interval of its precision (UTC days, months and years)', () => {
    expect(range('2026-03')).toEqual(['eq', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z']);
    expect(range('ge2026-12-31')).toEqual(['ge', '2026-12-31T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    expect(range('lt2026')).toEqual(['lt', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    expect(range('gt2026-03-10T10:15-04:00')).toEqual(['gt', '2026-03-10T14:15:00.000Z', '2026-03-10T14:16:00.000Z']);
    expect(range('le2026-03-10T10:15:30Z')).toEqual(['le', '2026-03-10T10:15:30.000Z', '2026-03-10T10:15:31.000Z']);
  });

  it('refuses a time without its offset, an impossible day and the ne/sa/eb prefixes', () => {
    for (const v of ['2026-03-10T10:15', '2026-02-30', 'ne2026', 'sa2026', 'yesterday']) expect(() => lastUpdatedRange(v)).toThrow(ProblemError);
  });

  it('is a parameter of every type, Patient included', () => {
    const q = parseSearch('Patient', { _lastUpdated: ['ge2026-03-01', 'lt2026-04-01'] });
    expect(q.where).toEqual(['last_updated >= $3::timestamptz', 'last_updated < $4::timestamptz']);
    expect(q.values).toEqual(['2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z']);
  });
});

describe('identifier', () => {
  it('matches system|value, a value in any system, and |value (no system), a comma being an OR', () => {
    const q = parseSearch('Practitioner', { identifier: 'https://iop.example/fhir/NamingSystem/staff-subject|auth0|dr-lee,kim' });
    expect(q.where).toEqual([`(resource -> 'identifier' @> $3::jsonb OR resource -> 'identifier' @> $4::jsonb)`]);
    expect(q.values.map((v) => JSON.parse(v as string))).toEqual([
      [{ system: 'https://iop.example/fhir/NamingSystem/staff-subject', value: 'auth0|dr-lee' }],
      [{ value: 'kim' }],
    ]);
    expect(parseSearch('Organization', { identifier: '|t1' }).values).toEqual(['t1']);
  });

  it('is refused on the types that do not have it, and without a value', () => {
    expect(() => parseSearch('Patient', { identifier: 'x' })).toThrow(ProblemError);
    expect(() => parseSearch('Practitioner', { identifier: 'https://x|' })).toThrow(ProblemError);
  });
});
