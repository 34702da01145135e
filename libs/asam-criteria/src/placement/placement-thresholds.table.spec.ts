import { DIMENSION_KEYS } from '../criteria-edition';
import { compareLevels } from '../level-of-care';
import { PLACEMENT_THRESHOLDS, thresholdsFor } from './placement-thresholds.table';

const editionDimensions = ([3, 4] as const).flatMap((edition) => DIMENSION_KEYS.map((d) => [edition, d] as const));

describe('PLACEMENT_THRESHOLDS', () => {
  it.each(editionDimensions)('edition %p %s: levels and ceilings rise together and the last ceiling is 4', (ed, d) => {
    const rows = thresholdsFor(ed, d);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    rows.slice(1).forEach((row, i) => {
      expect(compareLevels(row.level, rows[i].level)).toBeGreaterThan(0);
      expect(row.maxRating).toBeGreaterThan(rows[i].maxRating);
    });
    expect(rows[rows.length - 1].maxRating).toBe(4);
  });

  it.each(editionDimensions)('edition %p %s: every row cites its edition, dimension and level', (ed, d) => {
    for (const row of thresholdsFor(ed, d)) {
      expect(row.criterion).toContain(`ASAM ${ed === 3 ? '3rd' : '4th'} ed., Dimension ${d.slice(1)}, Level`);
      expect(row.criterion).toContain(row.level);
      expect(row.id.startsWith(`${d}.`)).toBe(true);
    }
  });

  it.each([3, 4] as const)('edition %p: rule ids are unique', (edition) => {
    const ids = PLACEMENT_THRESHOLDS.filter((t) => t.edition === edition).map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('holds rows for both editions and nothing else', () => {
    expect(new Set(PLACEMENT_THRESHOLDS.map((t) => t.edition))).toEqual(new Set([3, 4]));
  });
});
