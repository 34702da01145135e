import { answersPayload, countLabel, measureItems, mergeMeasureWork, noteTypeForMissing, noteTypeForSession, splitCosign, unanswered, type MeasureDue } from './queue';

const due = (episodeId: string, instrument: MeasureDue['instrument'], dueDate: string, sequence = 0): MeasureDue => ({
  episodeId, patientId: `p-${episodeId}`, locationId: 'l', instrument, occasion: 'periodic', sequence, windowStart: dueDate, dueDate, lastDay: null,
});

describe("the documentation queue's pure parts", () => {
  it('counts a section, with a + when the first page has more', () => {
    expect(countLabel(undefined)).toBe('…');
    expect(countLabel({ items: [1, 2], nextCursor: null })).toBe('2');
    expect(countLabel({ items: [1, 2], nextCursor: 'c' })).toBe('2+');
  });

  it("documents a session with the note of its type, a group's with a group note", () => {
    expect(noteTypeForSession('individual-therapy')).toBe('individual-session');
    expect(noteTypeForSession('family-therapy')).toBe('family-session');
    expect(noteTypeForSession('psychiatric-consultation')).toBe('psychiatric-consultation');
    expect(noteTypeForSession('crisis-intervention')).toBe('crisis');
    for (const group of ['group-therapy', 'smart-recovery', 'trauma-focused-psychoeducation', 'rehabilitation-services']) expect(noteTypeForSession(group)).toBe('group-session');
    expect(noteTypeForSession(null)).toBe('case-management');
    expect(noteTypeForMissing('discharge-summary', null)).toBe('discharge-summary');
    expect(noteTypeForMissing('session-note', 'family-therapy')).toBe('family-session');
  });

  it('asks every item of each instrument, BAM item 7 through its sub-items', () => {
    expect(measureItems('PHQ-9').map((i) => i.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(measureItems('GAD-7')).toHaveLength(7);
    const bam = measureItems('BAM').map((i) => i.key);
    expect(bam).toHaveLength(23);
    expect(bam).not.toContain('7');
    expect(bam.slice(5, 14)).toEqual(['6', '7A', '7B', '7C', '7D', '7E', '7F', '7G', '8']);
    expect(measureItems('BAM').every((i) => i.max === 4)).toBe(true);
  });

  it('sends PHQ-9 and GAD-7 as a list in item order, BAM as an object, nothing while an item is unanswered', () => {
    const phq = Object.fromEntries(measureItems('PHQ-9').map((i, n) => [i.key, n % 4]));
    expect(answersPayload('PHQ-9', phq)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0]);
    expect(answersPayload('PHQ-9', { ...phq, 5: undefined })).toBeUndefined();
    expect(unanswered('PHQ-9', { ...phq, 5: undefined })).toEqual(['5']);
    const bam = Object.fromEntries(measureItems('BAM').map((i) => [i.key, 1]));
    expect(answersPayload('BAM', bam)).toEqual(bam);
  });

  it('merges the due and overdue measure lists: overdue first, then by due date, one entry per occasion', () => {
    const merged = mergeMeasureWork(
      [due('b', 'PHQ-9', '2026-12-08'), due('a', 'GAD-7', '2026-12-07'), due('c', 'BAM', '2026-12-01')],
      [due('d', 'PHQ-9', '2026-12-03'), due('c', 'BAM', '2026-12-01')],
    );
    expect(merged.map((m) => [m.episodeId, m.overdue])).toEqual([['c', true], ['d', true], ['a', false], ['b', false]]);
  });

  it("splits the co-signature list into the caller's own notes and the ones they co-sign", () => {
    const items = [{ author: 'ivy', n: 1 }, { author: 'me', n: 2 }, { author: 'bo', n: 3 }];
    expect(splitCosign(items, 'me')).toEqual({ mine: [{ author: 'me', n: 2 }], toCosign: [{ author: 'ivy', n: 1 }, { author: 'bo', n: 3 }] });
  });
});
