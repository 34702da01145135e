import {
  LEVELS_OF_CARE,
  LEVEL_OF_CARE_CODES,
  compareLevels,
  intensityRank,
  isLevelOfCare,
  levelOfCareName,
  mostIntensiveLevel,
  type LevelOfCare,
} from './level-of-care';

describe('levels of care', () => {
  it('are ordered least to most intensive with strictly rising ranks', () => {
    expect(LEVELS_OF_CARE.map((l) => l.level)).toEqual(['0.5', '1', '2.1', '2.5', '3.1', '3.5', '3.7', '4']);
    const ranks = LEVELS_OF_CARE.map((l) => l.intensityRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBe(ranks.length);
  });

  it('use the codes the HTTP API spells', () => {
    expect([...LEVEL_OF_CARE_CODES]).toEqual(LEVELS_OF_CARE.map((l) => l.level));
  });

  it.each<[LevelOfCare, string, string]>([
    ['0.5', 'Early intervention', 'Early intervention'],
    ['2.1', 'Intensive outpatient services', 'Intensive outpatient'],
    ['2.5', 'Partial hospitalization services', 'High-intensity outpatient'],
    ['3.1', 'Clinically managed low-intensity residential services', 'Clinically managed low-intensity residential'],
    ['3.5', 'Clinically managed high-intensity residential services', 'Clinically managed high-intensity residential'],
    ['3.7', 'Medically monitored intensive inpatient services', 'Medically managed residential'],
    ['4', 'Medically managed intensive inpatient services', 'Medically managed intensive inpatient'],
  ])('Level %s is "%s" (3rd) and "%s" (4th)', (level, third, fourth) => {
    expect(levelOfCareName(level, 3)).toBe(third);
    expect(levelOfCareName(level, 4)).toBe(fourth);
  });

  it.each([
    ['2.1', true],
    ['4', true],
    ['2', false],
    ['3.3', false],
    [2.1, false],
    [undefined, false],
  ])('isLevelOfCare(%p) -> %p', (x, expected) => {
    expect(isLevelOfCare(x)).toBe(expected);
  });

  it.each<[LevelOfCare, LevelOfCare, number]>([
    ['2.1', '2.5', -1],
    ['3.7', '3.1', 1],
    ['1', '1', 0],
  ])('compareLevels(%s, %s) has sign %p', (a, b, sign) => {
    expect(Math.sign(compareLevels(a, b))).toBe(sign);
  });

  it('ranks 2.1 above 1 and below 2.5', () => {
    expect(intensityRank('2.1')).toBeGreaterThan(intensityRank('1'));
    expect(intensityRank('2.1')).toBeLessThan(intensityRank('2.5'));
  });

  it.each<[LevelOfCare[], LevelOfCare]>([
    [['1', '3.5', '2.1'], '3.5'],
    [['4', '0.5'], '4'],
    [[], '0.5'],
  ])('mostIntensiveLevel(%p) -> %s', (levels, expected) => {
    expect(mostIntensiveLevel(levels)).toBe(expected);
  });
});
