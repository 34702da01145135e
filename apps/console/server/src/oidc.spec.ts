import { jwtClaims, sessionTokens } from './oidc';

const jwt = (payload: object) => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;

describe('token responses', () => {
  it('reads a JWT access token\'s claims, and nothing from an opaque one', () => {
    expect(jwtClaims(jwt({ sub: 'u', tenant: 't' }))).toEqual({ sub: 'u', tenant: 't' });
    expect(jwtClaims('opaque-token')).toEqual({});
    expect(jwtClaims('a.not-json.c')).toEqual({});
  });

  it('takes the expiry from expires_in, else the JWT, and keeps the refresh token a provider did not rotate', () => {
    const now = 1_000_000;
    const answer = (extra: object, expiresIn?: number) => ({ access_token: jwt({ exp: 2_000 }), expiresIn: () => expiresIn, ...extra });
    expect(sessionTokens(answer({ refresh_token: 'rt-2', id_token: 'id' }, 600), { refreshToken: 'rt-1' }, now))
      .toEqual({ accessToken: expect.any(String), refreshToken: 'rt-2', idToken: 'id', expiresAt: now + 600_000, issuedAt: now });
    expect(sessionTokens(answer({}), { refreshToken: 'rt-1' }, now)).toMatchObject({ refreshToken: 'rt-1', expiresAt: 2_000_000 });
    expect(sessionTokens({ access_token: 'opaque', expiresIn: () => undefined }, {}, now).expiresAt).toBe(now + 300_000);
  });
});
