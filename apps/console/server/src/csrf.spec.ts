import { csrfTokenMatches, fromOwnOrigin } from './csrf';

const origin = 'http://127.0.0.1:3100';

describe('CSRF checks', () => {
  it('takes a request from the console\'s origin, or one that names none (a script)', () => {
    expect(fromOwnOrigin({ origin }, origin)).toBe(true);
    expect(fromOwnOrigin({ 'sec-fetch-site': 'same-origin', origin }, origin)).toBe(true);
    expect(fromOwnOrigin({}, origin)).toBe(true);
  });

  it('refuses another origin, an opaque one, and what the browser calls cross-site', () => {
    expect(fromOwnOrigin({ origin: 'https://evil.example' }, origin)).toBe(false);
    expect(fromOwnOrigin({ origin: 'null' }, origin)).toBe(false);
    expect(fromOwnOrigin({ origin: 'http://127.0.0.1:3101' }, origin)).toBe(false);
    expect(fromOwnOrigin({ 'sec-fetch-site': 'cross-site' }, origin)).toBe(false);
  });

  it('wants the session\'s token, exactly', () => {
    expect(csrfTokenMatches({ 'x-csrf-token': 'abc' }, 'abc')).toBe(true);
    expect(csrfTokenMatches({ 'x-csrf-token': 'abd' }, 'abc')).toBe(false);
    expect(csrfTokenMatches({ 'x-csrf-token': 'abcd' }, 'abc')).toBe(false);
    expect(csrfTokenMatches({}, 'abc')).toBe(false);
  });
});
