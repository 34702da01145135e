import { scoreGad7 } from './gad7.scoring';

const answersFor = (total: number): number[] => Array.from({ length: 7 }, (_, i) => Math.max(0, Math.min(3, total - i * 3)));

describe('GAD-7 scoring', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ])('a total of %i is %s', (total, band) => {
    expect(scoreGad7(answersFor(total))).toEqual({
      ok: true,
      value: { scores: { total }, band, safetyAlert: false, scoringVersion: 'gad7-2006' },
    });
  });

  it('never uses the PHQ-9 band moderately-severe', () => {
    const bands = Array.from({ length: 22 }, (_, t) => scoreGad7(answersFor(t))).map((r) => r.ok && r.value.band);
    expect(new Set(bands)).toEqual(new Set(['minimal', 'mild', 'moderate', 'severe']));
  });

  it.each([
    ['nine answers (a PHQ-9)', [0, 0, 0, 0, 0, 0, 0, 0, 0], 'answers'],
    ['a 4', [0, 0, 0, 0, 0, 0, 4], 'answers[6]'],
    ['null', [0, null, 0, 0, 0, 0, 0], 'answers[1]'],
  ])('rejects %s', (_, answers, path) => {
    const result = scoreGad7(answers);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual([path]);
  });
});
