import { escapeLiteral } from 'pg';
import { quoteLiteral } from './database';

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
