import { safeReturnTo } from './return-to';

const origin = 'https://console.clinic.example';

describe('safeReturnTo', () => {
  it('keeps a path and query of the console, without the fragment', () => {
    expect(safeReturnTo('/today', origin)).toBe('/today');
    expect(safeReturnTo('/patients/8d7b3f1e?tab=notes#top', origin)).toBe('/patients/8d7b3f1e?tab=notes');
    expect(safeReturnTo('/', origin)).toBe('/');
  });

  it('refuses anything that a browser would take to another origin', () => {
    for (const raw of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', 'today', '', '/\t/evil.example', `/${'a'.repeat(3000)}`]) {
      expect([raw, safeReturnTo(raw, origin)]).toEqual([raw, undefined]);
    }
    // Percent-encoded, a slash or a line break is part of the path, not a way out of it.
    expect(safeReturnTo('/%2F%2Fevil.example', origin)).toBe('/%2F%2Fevil.example');
    expect(safeReturnTo(['/today'], origin)).toBeUndefined();
    expect(safeReturnTo(undefined, origin)).toBeUndefined();
  });

  it('does not return to the sign-in routes themselves', () => {
    expect(safeReturnTo('/auth/login?returnTo=/today', origin)).toBeUndefined();
    expect(safeReturnTo('/auth', origin)).toBeUndefined();
    expect(safeReturnTo('/authors', origin)).toBe('/authors');
  });
});
