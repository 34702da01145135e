import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { toProblem } from './problem.filter';
import { ProblemError } from './problem';
import { decodeCursor, encodeCursor, isKeyValue, keyset, PageQuery, pageQueryUpTo } from './paging';

const EPISODES = keyset('test.episodes', [{ sql: 'e.start_date', type: 'date' }, { sql: 'e.episode_id', type: 'uuid' }]);
const NOTES = keyset('test.notes', [{ sql: 'drafted_at', type: 'timestamptz' }, { sql: 'note_id', type: 'uuid' }]);
const ID = '0b5f3a52-4c1e-4a55-9d1f-6f7d0d8c9e01';

function problemOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProblemError);
    return toProblem(err).body;
  }
  throw new Error('expected a problem');
}

describe('cursors', () => {
  it('round-trip the key of their own list', () => {
    const cursor = encodeCursor('test.episodes', ['2026-03-02', ID]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(EPISODES.request({ cursor, limit: 10 })).toEqual({ limit: 10, after: ['2026-03-02', ID] });
  });

  it('default to 50 items and no key without a cursor', () => {
    expect(EPISODES.request({})).toEqual({ limit: 50 });
  });

  it('of another list are a 400 problem naming the cursor', () => {
    const foreign = NOTES.cursorAfter(['2026-03-02 10:00:00.123456+00', ID]);
    const body = problemOf(() => EPISODES.request({ cursor: foreign }));
    expect(body).toMatchObject({ status: 400, type: 'https://iop.example/problems/invalid-cursor', errors: [{ path: 'cursor' }] });
    expect(body.detail).toMatch(/another list/);
  });

  it.each([
    ['not base64url', 'not a cursor!'],
    ['not JSON', Buffer.from('{"l":').toString('base64url')],
    ['an array', Buffer.from('["2026-03-02","x"]').toString('base64url')],
    ['a number', Buffer.from('42').toString('base64url')],
    ['no key', Buffer.from('{"l":"test.episodes"}').toString('base64url')],
    ['too few keys', encodeCursor('test.episodes', ['2026-03-02'])],
    ['too many keys', encodeCursor('test.episodes', ['2026-03-02', ID, 'x'])],
    ['a date that is not one', encodeCursor('test.episodes', ['2026-02-30', ID])],
    ['an id that is not a uuid', encodeCursor('test.episodes', ['2026-03-02', "x' OR 1=1 --"])],
    ['a number for a string', Buffer.from(JSON.stringify({ l: 'test.episodes', k: [20260302, ID] })).toString('base64url')],
    ['too long', 'A'.repeat(1001)],
  ])('that are %s are a 400 problem', (_, cursor) => {
    const body = problemOf(() => EPISODES.request({ cursor }));
    expect(body).toMatchObject({ status: 400, type: 'https://iop.example/problems/invalid-cursor' });
    expect(body.detail).toMatch(/not one this API issued/);
  });

  it('check timestamps as PostgreSQL prints them, and nothing it would refuse', () => {
    expect(isKeyValue('timestamptz', '2026-03-02 10:00:00.123456+00')).toBe(true);
    expect(isKeyValue('timestamptz', '2026-03-02 10:00:00-05:30')).toBe(true);
    expect(isKeyValue('timestamptz', '2026-03-02T10:00:00.5Z')).toBe(true);
    expect(isKeyValue('timestamptz', '2026-13-02 10:00:00+00')).toBe(false);
    expect(isKeyValue('timestamptz', '2026-03-02 24:00:00+00')).toBe(false);
    expect(isKeyValue('timestamptz', 'yesterday')).toBe(false);
    expect(isKeyValue('date', '2024-02-29')).toBe(true);
    expect(isKeyValue('date', '2025-02-29')).toBe(false);
    expect(isKeyValue('bigint', '9007199254740993')).toBe(true);
    expect(isKeyValue('bigint', '1e3')).toBe(false);
    expect(isKeyValue('text', 'a\u0000b')).toBe(false);
  });

  it('decode with the list and types given', () => {
    expect(decodeCursor('x', ['bigint'], encodeCursor('x', ['17']))).toEqual(['17']);
    expect(() => decodeCursor('x', ['bigint'], encodeCursor('x', ['seventeen']))).toThrow(ProblemError);
  });
});

describe('the keyset condition', () => {
  it('is one row comparison when every column sorts the same way', () => {
    expect(EPISODES.where({ limit: 5 }, 4)).toEqual({ sql: 'TRUE', params: [] });
    expect(EPISODES.where({ limit: 5, after: ['2026-03-02', ID] }, 4))
      .toEqual({ sql: '(e.start_date, e.episode_id) > ($4::date, $5::uuid)', params: ['2026-03-02', ID] });
    const newest = keyset('t', [{ sql: 'at', type: 'timestamptz', desc: true }, { sql: 'id', type: 'uuid', desc: true }]);
    expect(newest.where({ limit: 5, after: ['2026-03-02 10:00:00+00', ID] }, 2).sql).toBe('(at, id) < ($2::timestamptz, $3::uuid)');
    expect(newest.orderBy).toBe('at DESC, id DESC');
  });

  it('expands when the columns sort in different directions', () => {
    const mixed = keyset('t', [{ sql: 'at', type: 'timestamptz', desc: true }, { sql: 'id', type: 'uuid' }]);
    expect(mixed.where({ limit: 5, after: ['2026-03-02 10:00:00+00', ID] }, 3).sql)
      .toBe('(at < $3::timestamptz OR (at = $3::timestamptz AND id > $4::uuid))');
    expect(mixed.orderBy).toBe('at DESC, id');
  });

  it('selects the key as text', () => {
    expect(EPISODES.keySelect).toBe('ARRAY[(e.start_date)::text, (e.episode_id)::text] AS page_key');
  });
});

describe('a page', () => {
  const rows = [1, 2, 3].map((n) => ({ n, page_key: ['2026-03-0' + n, ID] }));

  it('shows limit items without their key, and a cursor when a further row was read', () => {
    const page = EPISODES.page(rows, { limit: 2 });
    expect(page.items).toEqual([{ n: 1 }, { n: 2 }]);
    expect(EPISODES.request({ cursor: page.nextCursor! }).after).toEqual(['2026-03-02', ID]);
  });

  it('has no next cursor when the rows fit', () => {
    expect(EPISODES.page(rows, { limit: 3 }, (r) => r.n)).toEqual({ items: [1, 2, 3], nextCursor: null });
  });

  it('compares timestamps in memory as instants, to the microsecond, whatever their offset', () => {
    const times = keyset('t.times', [{ sql: 'at', type: 'timestamptz' }]);
    const all = [
      '2026-03-02 10:30:00+01:30', '2026-03-02 09:00:00.000001+00', '2026-03-02 05:00:00.000002-04', '2026-03-02 10:30:00.5+01:30', '2026-03-02T09:00:01Z',
    ];
    const keyOf = (at: string) => [at];
    const after = times.request({ cursor: times.cursorAfter(['2026-03-02 10:00:00.000001+01']) });
    expect(times.pageOf(all, { ...after, limit: 10 }, keyOf).items).toEqual(all.slice(2));
  });

  it('pages a sorted list in memory by its key', () => {
    const seqs = keyset('t.seq', [{ sql: 'id', type: 'bigint' }]);
    const all = [2, 9, 10, 11, 100].map((id) => ({ id }));
    const keyOf = (r: { id: number }) => [String(r.id)];
    const first = seqs.pageOf(all, seqs.request({ limit: 2 }), keyOf);
    expect(first.items).toEqual([{ id: 2 }, { id: 9 }]);
    const second = seqs.pageOf(all, seqs.request({ limit: 2, cursor: first.nextCursor! }), keyOf);
    expect(second.items).toEqual([{ id: 10 }, { id: 11 }]);
    const third = seqs.pageOf(all, seqs.request({ limit: 2, cursor: second.nextCursor! }), keyOf, (r) => r.id);
    expect(third).toEqual({ items: [100], nextCursor: null });
  });
});

describe('the query DTO', () => {
  const errorsOf = (cls: new () => object, query: Record<string, unknown>) =>
    validateSync(plainToInstance(cls, query), { forbidUnknownValues: true }).map((e) => e.property);

  it('takes limit from 1 to 200 and an opaque cursor string', () => {
    expect(errorsOf(PageQuery, { limit: '200', cursor: 'abc' })).toEqual([]);
    expect(errorsOf(PageQuery, { limit: '0' })).toEqual(['limit']);
    expect(errorsOf(PageQuery, { limit: '201' })).toEqual(['limit']);
    expect(errorsOf(PageQuery, { limit: 'ten' })).toEqual(['limit']);
    expect(errorsOf(PageQuery, { cursor: ['a', 'b'] })).toEqual(['cursor']);
  });

  it('can bound limit lower for a list', () => {
    const Q = pageQueryUpTo(100);
    expect(errorsOf(Q, { limit: '100' })).toEqual([]);
    expect(errorsOf(Q, { limit: '101' })).toEqual(['limit']);
  });
});
