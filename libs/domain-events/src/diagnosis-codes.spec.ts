import { DIAGNOSIS_CODES, diagnosisCode, ICD10CM_CODE_PATTERN, severityFor } from './diagnosis-codes';

describe('the diagnosis code table (a subset of ICD-10-CM)', () => {
  it('holds each code once, each shaped as ICD-10-CM writes it', () => {
    const codes = DIAGNOSIS_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(new RegExp(ICD10CM_CODE_PATTERN));
  });

  it('maps DSM-5 severity from the code: F1x.1x mild, F1x.2x moderate or severe', () => {
    expect(diagnosisCode('F10.10')).toMatchObject({ substance: 'alcohol', codedSeverity: 'mild', inRemission: false });
    expect(diagnosisCode('F10.20')).toMatchObject({ substance: 'alcohol', codedSeverity: 'moderate-or-severe', inRemission: false });
    expect(diagnosisCode('F11.21')).toMatchObject({ substance: 'opioid', codedSeverity: 'moderate-or-severe', inRemission: true });
    expect(diagnosisCode('F12.11')).toMatchObject({ substance: 'cannabis', codedSeverity: 'mild', inRemission: true });
    expect(diagnosisCode('F17.210')).toMatchObject({ substance: 'tobacco', codedSeverity: 'moderate-or-severe' });
  });

  it('covers every substance class F10-F19, mild and moderate-or-severe, active and in remission', () => {
    for (const category of ['F10', 'F11', 'F12', 'F13', 'F14', 'F15', 'F16', 'F18', 'F19']) {
      for (const suffix of ['.10', '.11', '.20', '.21']) expect(diagnosisCode(`${category}${suffix}`)?.category).toBe('substance-use');
    }
  });

  it('holds common co-occurring conditions, with no severity or substance', () => {
    for (const [code, category] of [['F32.1', 'depressive'], ['F33.1', 'depressive'], ['F41.1', 'anxiety'], ['F43.10', 'trauma-stressor'], ['F43.12', 'trauma-stressor'], ['F90.2', 'adhd']]) {
      expect(diagnosisCode(code)).toMatchObject({ category });
      expect(diagnosisCode(code)).not.toHaveProperty('codedSeverity');
      expect(diagnosisCode(code)).not.toHaveProperty('substance');
    }
  });

  it('knows nothing outside the subset: no intoxication or withdrawal codes, no Z72.0, no lower case', () => {
    for (const code of ['F10.230', 'F11.129', 'F10.90', 'Z72.0', 'f10.20', 'F10.2']) expect(diagnosisCode(code)).toBeUndefined();
  });

  it('takes the clinician\'s specifier where the code allows it, and refuses one it contradicts', () => {
    const f1020 = diagnosisCode('F10.20')!;
    expect(severityFor(f1020)).toEqual({ severity: 'moderate-or-severe' });
    expect(severityFor(f1020, 'severe')).toEqual({ severity: 'severe' });
    expect(severityFor(f1020, 'mild')).toEqual({ error: expect.stringContaining('moderate or severe') });
    expect(severityFor(diagnosisCode('F10.10')!, 'moderate')).toEqual({ error: expect.stringContaining('mild') });
    expect(severityFor(diagnosisCode('F41.1')!)).toEqual({});
    expect(severityFor(diagnosisCode('F41.1')!, 'mild')).toEqual({ error: expect.stringContaining('not a substance-use disorder') });
  });
});
