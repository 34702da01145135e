import { scorePhq9 } from './phq9.scoring';

/** Answers that add up to `total`, filling items from the first (so item 9 stays 0 while the total allows). */
const answersFor = (total: number, count = 9, max = 3): number[] =>
  Array.from({ length: count }, (_, i) => Math.max(0, Math.min(max, total - i * max)));

describe('PHQ-9 scoring', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately-severe'],
    [19, 'moderately-severe'],
    [20, 'severe'],
    [24, 'severe'],
    [27, 'severe'],
  ])('a total of %i is %s', (total, band) => {
    const result = scorePhq9(answersFor(total));
    expect(result).toMatchObject({ ok: true, value: { scores: { total }, band, scoringVersion: 'phq9-2001' } });
  });

  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0, 0], false],
    [[0, 0, 0, 0, 0, 0, 0, 0, 1], true],
    [[3, 3, 3, 3, 3, 3, 3, 3, 0], false],
    [[0, 0, 0, 0, 0, 0, 0, 0, 3], true],
  ])('%j raises a safety alert: %s (item 9 above 0)', (answers, alert) => {
    const result = scorePhq9(answers);
    expect(result.ok && result.value.safetyAlert).toBe(alert);
    expect(result.ok && result.value.safetyReason).toBe(alert ? 'phq9-item9-positive' : undefined);
  });

  it.each([
    ['eight answers', [0, 0, 0, 0, 0, 0, 0, 0], 'answers', /exactly 9/],
    ['ten answers', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'answers', /exactly 9/],
    ['a 4', [0, 0, 4, 0, 0, 0, 0, 0, 0], 'answers[2]', /0 to 3/],
    ['a negative answer', [0, -1, 0, 0, 0, 0, 0, 0, 0], 'answers[1]', /0 to 3/],
    ['a fraction', [0, 0, 0, 0, 1.5, 0, 0, 0, 0], 'answers[4]', /whole number/],
    ['a string', [0, 0, 0, 0, 0, 0, 0, '2', 0], 'answers[7]', /whole number/],
    ['an object', { 1: 0 }, 'answers', /list of 9/],
  ])('rejects %s', (_, answers, path, message) => {
    const result = scorePhq9(answers);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});
