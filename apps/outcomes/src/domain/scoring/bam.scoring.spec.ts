import { BAM_ITEMS, BAM_SUB_ITEMS, item7FromSubItems, scoreBam } from './bam.scoring';

/** Every item and sub-item 0 (item 7 left to its sub-items), then the given ones set: each row shows what feeds what. */
const bam = (set: Record<string, number | undefined> = {}): Record<string, number> => {
  const answers: Record<string, number | undefined> = {
    ...Object.fromEntries([...BAM_ITEMS.filter((k) => k !== '7'), ...BAM_SUB_ITEMS].map((k) => [k, 0])),
    ...set,
  };
  return Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined)) as Record<string, number>;
};
const scored = (scores: Record<string, number>) => expect.objectContaining({ ok: true, value: expect.objectContaining({ scores, safetyAlert: false, scoringVersion: 'bam-subscales-2' }) });

describe('BAM scoring', () => {
  it.each([
    ['all zero', bam(), { use: 0, risk: 0, protective: 0 }],
    ['use = 4+5+6', bam({ 4: 1, 5: 2, 6: 4 }), { use: 7, risk: 0, protective: 0 }],
    ['risk = 1+2+3+8+11+15', bam({ 1: 1, 2: 1, 3: 1, 8: 2, 11: 3, 15: 4 }), { use: 0, risk: 12, protective: 0 }],
    ['protective = 9+10+12+13+14+16', bam({ 9: 4, 10: 4, 12: 4, 13: 4, 14: 4, 16: 4 }), { use: 0, risk: 0, protective: 24 }],
    ['items 7 and 17 are unscored', bam({ 7: 4, '7A': 4, 17: 4 }), { use: 0, risk: 0, protective: 0 }],
    ['sub-items 7A-7G are unscored', bam({ '7A': 4, '7C': 2, '7G': 1 }), { use: 0, risk: 0, protective: 0 }],
    ['every item at 4', bam(Object.fromEntries([...BAM_ITEMS, ...BAM_SUB_ITEMS].map((k) => [k, 4]))), { use: 12, risk: 24, protective: 24 }],
  ])('%s', (_, answers, scores) => {
    expect(scoreBam(answers)).toEqual(scored(scores));
  });

  it('gives no total and no band: the BAM has no validated total score', () => {
    const result = scoreBam(bam({ 4: 2 }));
    expect(result.ok && Object.keys(result.value.scores).sort()).toEqual(['protective', 'risk', 'use']);
    expect(result.ok && result.value.band).toBeUndefined();
  });

  it.each([
    ['a missing item', bam({ 12: undefined }), [['answers.12', /required/]]],
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

describe('item 7 through its sub-items 7A-7G', () => {
  it('is computed from the sub-items when the form leaves it out: the drug used most', () => {
    expect(item7FromSubItems(bam({ '7A': 1, '7C': 3, '7E': 2 }))).toBe(3);
    const result = scoreBam(bam({ '7A': 1, '7C': 3 }));
    expect(result.ok && result.value.answers).toEqual({ ...bam({ '7A': 1, '7C': 3 }), 7: 3 });
  });

  it('keeps a given 7 the sub-items allow, and stores the answers as given', () => {
    // 7A and 7C on 1-3 days each: together 2 to 6 days, so 4-8 days (2) is possible.
    for (const given of [1, 2]) {
      const result = scoreBam(bam({ 7: given, '7A': 1, '7C': 1 }));
      expect(result.ok).toBe(true);
      expect(result.ok && result.value.answers).toBeUndefined();
    }
    expect(scoreBam(bam({ 7: 0 })).ok).toBe(true);
  });

  it.each([
    ['7 alone, without its sub-items (the version 1 form)', Object.fromEntries(BAM_ITEMS.map((k) => [k, 1])), [['answers.7', /answered through its sub-items/]]],
    ['some sub-items missing', bam({ '7F': undefined, '7G': undefined }), [['answers.7F', /all of "7A" to "7G"/], ['answers.7G', /all of "7A" to "7G"/]]],
    ['7 lower than a sub-item', bam({ 7: 1, '7E': 3 }), [['answers.7', /contradicts its sub-items: it rates fewer days .* 7E/]]],
    ['7 above 0 with every sub-item 0', bam({ 7: 2 }), [['answers.7', /every sub-item 7A-7G is 0/]]],
    ['7 more days than the sub-items add up to', bam({ 7: 3, '7A': 1, '7C': 1 }), [['answers.7', /add up to \(at most 6\)/]]],
  ])('refuses %s with the bam-item-7 problem', (_, answers, expected) => {
    const result = scoreBam(answers);
    expect(result).toMatchObject({ ok: false, problem: 'bam-item-7' });
    if (!result.ok) expect(result.errors.map((e) => [e.path, e.message])).toEqual(expected.map(([p, m]) => [p, expect.stringMatching(m)]));
  });
});
