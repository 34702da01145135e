import { escapeLiteral } from 'pg';
import { parameterArray, quoteLiteral } from './database';

describe('quoteLiteral', () => {
  it('quotes as pg escapeLiteral does: quotes doubled, backslashes doubled behind E', () => {
    for (const text of ['', 'plain', "it's", "''", 'C:\\temp', "a\\'b", '\\', 'ünïcødé ✓ 🙂', '{"note":"say \\"hi\\"","o\'k":1}', 'line\nbreak\ttab']) {
      expect(quoteLiteral(text)).toBe(escapeLiteral(text));
    }
  });

  it('agrees with pg on random text of quotes, backslashes and other characters', () => {
    const alphabet = ["'", '\\', 'a', ' ', '"', 'é', '\n', '$', '🙂'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: next() % 40 }, () => alphabet[next() % alphabet.length]).join('');
      expect(quoteLiteral(text)).toBe(escapeLiteral(text));
    }
  });
});

describe('parameterArray', () => {
  it('numbers the values from the first parameter given and pads them with NULLs to a power of two', () => {
    expect(parameterArray(['a'], 1, 'text')).toEqual({ sql: 'ARRAY[$1]::text[]', values: ['a'] });
    expect(parameterArray(['a', 'b', 'c'], 3, 'uuid')).toEqual({ sql: 'ARRAY[$3, $4, $5, $6]::uuid[]', values: ['a', 'b', 'c', null] });
    expect(parameterArray([], 2, 'text')).toEqual({ sql: 'ARRAY[$2]::text[]', values: [null] });
  });

  it('gives one statement per power of two, not one per length', () => {
    const statements = new Set(Array.from({ length: 100 }, (_, n) => parameterArray(new Array(n + 1).fill('x'), 1, 'text').sql));
    expect(statements.size).toBe(8); // 1, 2, 4, ..., 128
  });

  it('sends a list past 1,024 values as one array parameter (a statement takes at most 65,535)', () => {
    expect(parameterArray(new Array(1_024).fill('x'), 1, 'text').values).toHaveLength(1_024);
    const long = new Array(1_025).fill('x');
    expect(parameterArray(long, 2, 'uuid')).toEqual({ sql: '$2::uuid[]', values: [long] });
  });
});
