import { truncateUtf8 } from './http-sender';

describe('the logged answer', () => {
  it('keeps at most 1 KiB of UTF-8 and never cuts a character in half', () => {
    expect(truncateUtf8('ok')).toBe('ok');
    expect(Buffer.byteLength(truncateUtf8('x'.repeat(5000)))).toBe(1024);
    const cut = truncateUtf8(`${'x'.repeat(1023)}é and more`);
    expect(cut).toBe('x'.repeat(1023));
    expect(truncateUtf8('€'.repeat(400)).length).toBe(341);
  });
});
