import { patientAdmittedV1 } from './admissions';
import { pseudonym } from './analytics';
import type { Contract } from './contract';
import { CONTRACTS, validateEvent } from './registry';
import { walkSchema, type FoundValue } from './walk-schema';

/**
 * Minimum necessary (HIPAA) and note text never on the bus (42 CFR Part 2; docs/ARCHITECTURE.md, "Part 2"): a field that could
 * carry a name, a date of birth, contact details or free text must not appear in any public schema.
 */
const FORBIDDEN_NAMES = new RegExp(
  '^(first_?name|last_?name|full_?name|name|date_?of_?birth|dob|birth_?date|body|text|notes?|rationale|comments?|' +
    'narrative|phone|email|address|ssn|mrn|override_?reason|reason_?text|summary|description)$',
  'i',
);
const FORBIDDEN_PARTS = /(birth|phone|email|ssn|rationale|narrative|comment|text$|name$)/i;
/**
 * The only exceptions to both scans (a named field, and a string that is neither enum, const, format nor pattern),
 * each needed by a consumer and documented in its description. Never on the analytics stream.
 */
const ALLOWED = new Set(['LocationConfigured/name', 'PatientAdmitted/displayName', 'AlumniEnrolled/displayName']);

const where = (c: Contract, v: FoundValue) => `${c.name}${v.path}`;
const allowed = (c: Contract, v: FoundValue) => c.service !== 'analytics' && ALLOWED.has(`${c.name}${v.path}`);

function phiSuspects(c: Contract): string[] {
  return walkSchema(c.schema)
    .filter((v) => !v.path.endsWith('*'))
    .filter((v) => (FORBIDDEN_NAMES.test(v.name) || FORBIDDEN_PARTS.test(v.name)) && !allowed(c, v))
    .map((v) => where(c, v));
}

function unconstrainedStrings(c: Contract): string[] {
  return walkSchema(c.schema)
    .filter((v) => v.schema.type === 'string' && !['enum', 'const', 'format', 'pattern'].some((k) => k in v.schema))
    .filter((v) => !allowed(c, v))
    .map((v) => where(c, v));
}

const cases = CONTRACTS.map((c) => [c.type, c] as const);
const analytics = CONTRACTS.filter((c) => c.service === 'analytics');

describe('no PHI or free text in public events', () => {
  it('the scanners catch what they look for', () => {
    const bad = { ...CONTRACTS[0], name: 'Probe' } as Contract;
    bad.schema = {
      ...bad.schema,
      properties: {
        firstName: { type: 'string', description: 'x' },
        dateOfBirth: { type: 'string', format: 'date', description: 'x' },
        items: {
          type: 'array',
          description: 'x',
          items: {
            type: 'object',
            description: 'x',
            properties: { facilitatorName: { type: 'string', pattern: '.', description: 'x' } },
          },
        },
        noteId: { type: 'string', format: 'uuid', description: 'x' },
      },
    };
    expect(phiSuspects(bad)).toEqual(['Probe/firstName', 'Probe/dateOfBirth', 'Probe/items/*/facilitatorName']);
    expect(unconstrainedStrings(bad)).toEqual(['Probe/firstName']);
  });

  it.each(cases)('%s has no field named for PHI or free text', (_, c) => {
    expect(phiSuspects(c)).toEqual([]);
  });

  it.each(cases)('%s has no unconstrained string that could carry text', (_, c) => {
    expect(unconstrainedStrings(c)).toEqual([]);
  });

  it('carries displayName only on PatientAdmitted and AlumniEnrolled, marked as PHI kept from analytics', () => {
    const holders = CONTRACTS.filter((c) => 'displayName' in c.schema.properties);
    expect(holders.map((c) => c.name).sort()).toEqual(['AlumniEnrolled', 'PatientAdmitted']);
    for (const c of holders) {
      const phi = /^PHI\..*webhooks strip.*never copied to the analytics/is;
      expect(c.schema.properties.displayName.description).toMatch(phi);
    }
  });

  it('carries an age band, never a date of birth', () => {
    const { type, example } = patientAdmittedV1;
    expect(validateEvent(type, { ...example, ageBand: '1990-04-12' }).ok).toBe(false);
    expect(validateEvent(type, { ...example, ageBand: '65+' }).ok).toBe(true);
  });
});

describe('the analytics stream is de-identified', () => {
  it.each(analytics.map((c) => [c.type, c] as const))('%s has no direct identifier and no exact date', (_, c) => {
    const values = walkSchema(c.schema);
    const direct = /^(displayName|patientId|episodeId|referralId)$/;
    const identifiers = values.filter((v) => direct.test(v.name) || (/Id$/.test(v.name) && v.name !== 'locationId'));
    expect(identifiers.map((v) => v.path)).toEqual([]);
    const isDate = (v: FoundValue) => v.schema.format === 'date' || v.schema.format === 'date-time';
    const exactDates = values.filter((v) => isDate(v) || /At$|On$|Date$/.test(v.name));
    expect(exactDates.map((v) => v.path)).toEqual([]);
    expect(c.key).toBe('subjectKey');
    expect(c.schema.required).toEqual(expect.arrayContaining(['subjectKey', 'episodeKey', 'keyVersion']));
  });

  it('pseudonymises with a keyed HMAC: stable per key, different across keys and ids, not the id itself', () => {
    const id = '5b1f0c0e-8d2a-4f57-9a51-2f7c3e9d6a10';
    const key = pseudonym('tenant-key-v1', id);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonym('tenant-key-v1', id)).toBe(key);
    expect(pseudonym('tenant-key-v2', id)).not.toBe(key);
    expect(pseudonym('tenant-key-v1', '9c4e2a7d-3b61-4f0a-8e5d-1a2b3c4d5e6f')).not.toBe(key);
    expect(key).not.toContain(id.replace(/-/g, ''));
  });
});
