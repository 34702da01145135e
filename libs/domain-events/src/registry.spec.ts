import { parseCeType, TOPIC_OF } from './ce-type';
import { CONTRACTS, contractFor, validateEvent } from './registry';
import { isConsentCategory } from './disclosure';
import { TOPICS } from './topics';
import { ajv } from './validation';
import { walkSchema } from './walk-schema';

type Data = Record<string, unknown>;
const clone = (c: { example: unknown }) => structuredClone(c.example) as Data;

/** Turns a schema path (`/blocks/*\/days/*`) into the example's concrete path, or undefined if the example lacks it. */
function concretePath(example: Data, schemaPath: string): string[] | undefined {
  const segments: string[] = [];
  let at: unknown = example;
  for (const segment of schemaPath.split('/').slice(1)) {
    if (Array.isArray(at) && segment === '*' && at.length > 0) {
      segments.push('0');
      at = at[0];
    } else if (at !== null && typeof at === 'object' && !Array.isArray(at) && segment !== '*' && segment in at) {
      segments.push(segment);
      at = (at as Data)[segment];
    } else return undefined;
  }
  return segments;
}

function setAt(example: Data, path: string[], value: unknown): void {
  const parent = path.slice(0, -1).reduce<Data>((node, key) => node[key] as Data, example);
  if (value === undefined) delete parent[path[path.length - 1]];
  else parent[path[path.length - 1]] = value;
}

function expectErrorAt(type: string, data: unknown, path: string): void {
  const result = validateEvent(type, data);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(path);
}

const cases = CONTRACTS.map((c) => [c.type, c] as const);

describe('the registry', () => {
  it('lists every topic, one ce_type per contract, each matching its service, name, version and topic', () => {
    expect(new Set(CONTRACTS.map((c) => c.topic))).toEqual(new Set(Object.values(TOPICS)));
    expect(new Set(CONTRACTS.map((c) => c.type)).size).toBe(CONTRACTS.length);
    for (const c of CONTRACTS) {
      expect(parseCeType(c.type)).toEqual({ service: c.service, name: c.name, version: c.version });
      expect(c.topic).toBe(TOPIC_OF[c.service]);
      expect(contractFor(c.type)).toBe(c);
    }
  });

  it.each(cases)('%s: the record key is a required id field of the payload', (_, c) => {
    expect(c.schema.required).toContain(c.key);
    const key = c.schema.properties[c.key];
    expect(key.format === 'uuid' || key.pattern === '^[0-9a-f]{64}$').toBe(true);
    expect(c.key === 'subjectKey').toBe(c.service === 'analytics');
  });

  it.each(cases)('%s: the schema is valid draft-07, open at the top, described everywhere', (_, c) => {
    expect(ajv.validateSchema(c.schema)).toBe(true);
    expect(c.schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(c.schema.additionalProperties).toBe(true);
    expect(c.schema.description.length).toBeGreaterThan(10);
    const undescribed = walkSchema(c.schema).filter((v) => !v.path.endsWith('*') && !v.schema.description);
    expect(undescribed.map((v) => v.path)).toEqual([]);
  });

  it.each(cases)('%s: the example validates, and so does the example with an unknown extra field', (_, c) => {
    expect(validateEvent(c.type, c.example)).toEqual({ ok: true });
    expect(validateEvent(c.type, { ...clone(c), addedInALaterRelease: 1 })).toEqual({ ok: true });
  });

  it.each(cases)('%s: a payload missing any required field fails at that field', (_, c) => {
    const objects = [{ path: '', schema: c.schema as Data }, ...walkSchema(c.schema)];
    let tested = 0;
    for (const { path, schema } of objects.filter((o) => Array.isArray(o.schema.required))) {
      for (const field of schema.required as string[]) {
        const example = clone(c);
        const at = concretePath(example, `${path}/${field}`);
        if (!at) continue; // an optional parent absent from the example
        setAt(example, at, undefined);
        expectErrorAt(c.type, example, `/${at.join('/')}`);
        tested += 1;
      }
    }
    expect(tested).toBeGreaterThanOrEqual(c.schema.required.length);
  });

  it.each(cases)('%s: a wrong enum value or a wrong format fails at that field', (_, c) => {
    const checked = walkSchema(c.schema).filter((v) => v.schema.enum || v.schema.format);
    let tested = 0;
    for (const { path, schema } of checked) {
      const example = clone(c);
      const at = concretePath(example, path);
      if (!at) continue;
      setAt(example, at, schema.enum ? (schema.type === 'integer' ? 99 : 'not-in-the-list') : `not-a-${schema.format}`);
      expectErrorAt(c.type, example, `/${at.join('/')}`);
      tested += 1;
    }
    const required = c.schema.required.map((name) => c.schema.properties[name]);
    expect(tested).toBeGreaterThanOrEqual(required.filter((p) => p.enum || p.format).length);
  });

  it('checks nested values and cross-field rules', () => {
    const reassessment = contractFor('iop.clinical-notes.DimensionalReassessmentRecorded.v1')!;
    const ratings = { d1: 5, d2: 0, d3: 0, d4: 0, d5: 0, d6: 0 };
    expectErrorAt(reassessment.type, { ...clone(reassessment), ratings }, '/ratings/d1');
    const revoked = contractFor('iop.admissions.ConsentRevoked.v1')!;
    const partialWithoutList = { ...clone(revoked), scope: 'partial', revokedInformation: undefined };
    expectErrorAt(revoked.type, JSON.parse(JSON.stringify(partialWithoutList)), '/revokedInformation');
    const followUp = contractFor('iop.analytics.FollowUpOutcome.v1')!;
    const { abstinent: _, ...completedWithoutAnswer } = clone(followUp);
    expectErrorAt(followUp.type, completedWithoutAnswer, '/abstinent');
    const lost = { ...completedWithoutAnswer, status: 'lost', withinWindow: undefined };
    expect(validateEvent(followUp.type, lost)).toEqual({ ok: true });
  });

  it('reports an unknown ce_type as an error, never as valid', () => {
    expect(validateEvent('iop.admissions.PatientAdmitted.v9', {})).toEqual({
      ok: false,
      errors: [{ path: '', message: 'unknown event type iop.admissions.PatientAdmitted.v9' }],
    });
  });

  it('compiles a schema once and reuses it', () => {
    const compile = jest.spyOn(ajv, 'compile');
    const c = CONTRACTS[0];
    validateEvent(c.type, c.example);
    const afterFirst = compile.mock.calls.length;
    validateEvent(c.type, c.example);
    validateEvent(c.type, {});
    expect(compile.mock.calls.length).toBe(afterFirst);
    expect(afterFirst).toBeLessThanOrEqual(1);
    compile.mockRestore();
  });
});

describe('Part 2 consent categories', () => {
  const aboutAPatient = CONTRACTS.filter((c) => c.service !== 'analytics' && 'patientId' in c.schema.properties);

  it('every contract about a patient names the consent category its disclosure needs, or null for never', () => {
    const undeclared = aboutAPatient.filter((c) => c.consentCategory === undefined).map((c) => c.type);
    expect(undeclared).toEqual([]);
    for (const c of aboutAPatient) if (c.consentCategory !== null) expect([c.type, isConsentCategory(c.consentCategory)]).toEqual([c.type, true]);
  });

  it('keeps the consent ledger and the disclosure log themselves from being disclosed', () => {
    for (const type of ['iop.admissions.ConsentGranted.v1', 'iop.admissions.ConsentRevoked.v1', 'iop.webhooks.DisclosureRecorded.v1']) {
      expect([type, contractFor(type)!.consentCategory]).toEqual([type, null]);
    }
  });
});
