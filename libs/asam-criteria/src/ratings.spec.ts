import { validateRatings } from './ratings';

const valid = { d1: 0, d2: 1, d3: 2, d4: 3, d5: 4, d6: 0 };

describe('validateRatings', () => {
  it('accepts every dimension present as an integer 0-4 and returns exactly d1..d6', () => {
    expect(validateRatings(valid)).toEqual({ ok: true, ratings: valid });
  });

  it.each([
    ['an absent dimension', { d1: 0, d2: 1, d4: 3, d5: 4, d6: 0 }, [{ path: 'd3', message: 'is required' }]],
    ['an undefined dimension', { ...valid, d3: undefined }, [{ path: 'd3', message: 'is required' }]],
    ['a rating above 4', { ...valid, d1: 5 }, [{ path: 'd1', message: 'must be an integer from 0 to 4' }]],
    ['a negative rating', { ...valid, d2: -1 }, [{ path: 'd2', message: 'must be an integer from 0 to 4' }]],
    ['a fractional rating', { ...valid, d4: 2.5 }, [{ path: 'd4', message: 'must be an integer from 0 to 4' }]],
    ['a numeric string', { ...valid, d5: '2' }, [{ path: 'd5', message: 'must be an integer from 0 to 4' }]],
    ['NaN', { ...valid, d6: Number.NaN }, [{ path: 'd6', message: 'must be an integer from 0 to 4' }]],
    ['an unknown key', { ...valid, d7: 1 }, [{ path: 'd7', message: 'is not a dimension (expected d1..d6)' }]],
    ['null', null, [{ path: '', message: 'must be an object with keys d1..d6' }]],
    ['an array', [0, 1, 2, 3, 4, 0], [{ path: '', message: 'must be an object with keys d1..d6' }]],
    ['a string', 'd1=0', [{ path: '', message: 'must be an object with keys d1..d6' }]],
  ])('rejects %s', (_, input, errors) => {
    expect(validateRatings(input)).toEqual({ ok: false, errors });
  });

  it('reports every problem at once', () => {
    const result = validateRatings({ d1: 9, d2: 0, d3: 0, d4: 0, d5: 0, extra: true });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual(['d1', 'd6', 'extra']);
  });
});
