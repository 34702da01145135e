import { BAM_ITEMS, scoreBam } from './bam.scoring';

/** Every item 0, then the given items set: lets each row show exactly which items feed which subscale. */
const bam = (set: Record<string, number> = {}): Record<string, number> => ({
  ...Object.fromEntries(BAM_ITEMS.map((k) => [k, 0])),
  ...set,
});

describe('BAM scoring', () => {
  it.each([
    ['all zero', bam(), { use: 0, risk: 0, protective: 0 }],
    ['use = 4+5+6', bam({ 4: 1, 5: 2, 6: 4 }), { use: 7, risk: 0, protective: 0 }],
    ['risk = 1+2+3+8+11+15', bam({ 1: 1, 2: 1, 3: 1, 8: 2, 11: 3, 15: 4 }), { use: 0, risk: 12, protective: 0 }],
    ['protective = 9+10+12+13+14+16', bam({ 9: 4, 10: 4, 12: 4, 13: 4, 14: 4, 16: 4 }), { use: 0, risk: 0, protective: 24 }],
    ['items 7 and 17 are unscored', bam({ 7: 4, 17: 4 }), { use: 0, risk: 0, protective: 0 }],
    ['sub-items 7A-7G are unscored', bam({ '7A': 4, '7C': 2, '7G': 1 }), { use: 0, risk: 0, protective: 0 }],
    ['every item at 4', bam(Object.fromEntries(BAM_ITEMS.map((k) => [k, 4]))), { use: 12, risk: 24, protective: 24 }],
  ])('%s', (_, answers, scores) => {
    expect(scoreBam(answers)).toEqual({ ok: true, value: { scores, safetyAlert: false, scoringVersion: 'bam-subscales-1' } });
  });

  it('gives no total and no band: the BAM has no validated total score', () => {
    const result = scoreBam(bam({ 4: 2 }));
    expect(result.ok && Object.keys(result.value.scores).sort()).toEqual(['protective', 'risk', 'use']);
    expect(result.ok && result.value.band).toBeUndefined();
  });

  it.each([
    ['a missing item', (() => { const a = bam(); delete a['12']; return a; })(), [['answers.12', /required/]]],
    ['an item above 4', bam({ 3: 5 }), [['answers.3', /0 to 4/]]],
    ['a fraction', bam({ 9: 2.5 }), [['answers.9', /whole number/]]],
    ['a sub-item out of range', bam({ '7B': 9 }), [['answers.7B', /0 to 4/]]],
    ['an unknown item', bam({ 18: 1 }), [['answers.18', /not a BAM item/]]],
    ['a list instead of an object', [0, 1, 2], [['answers', /object keyed/]]],
  ])('rejects %s', (_, answers, expected) => {
    const result = scoreBam(answers);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => [e.path, e.message])).toEqual(expected.map(([p, m]) => [p, expect.stringMatching(m)]));
  });
});
