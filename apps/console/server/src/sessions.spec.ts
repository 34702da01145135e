import { SessionStore } from './sessions';

const user = { subject: 'demo-clinician', tenant: 'demo-clinic', roles: ['clinician'] };
const tokens = { accessToken: 'at', refreshToken: 'rt', expiresAt: 0, issuedAt: 0 };

describe('SessionStore', () => {
  let now = 0;
  const store = () => new SessionStore({ idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 }, () => now);
  beforeEach(() => (now = 1_000_000));

  it('gives each session a random id and CSRF token', () => {
    const s = store();
    const a = s.create(user, tokens);
    const b = s.create(user, tokens);
    expect(a.id).not.toBe(b.id);
    expect(a.csrfToken).not.toBe(a.id);
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.get(a.id)).toBe(a);
    expect(s.get('unknown')).toBeUndefined();
    expect(s.get(undefined)).toBeUndefined();
  });

  it('ends a session after the idle time without a request, and any activity extends it', () => {
    const s = store();
    const a = s.create(user, tokens);
    now += 29 * 60_000;
    expect(s.get(a.id)).toBe(a);
    now += 29 * 60_000;
    expect(s.get(a.id)).toBe(a);
    now += 31 * 60_000;
    expect(s.get(a.id)).toBeUndefined();
  });

  it('ends a session at its absolute lifetime however busy it is', () => {
    const s = store();
    const a = s.create(user, tokens);
    for (let i = 0; i < 12 * 4; i++) {
      now += 15 * 60_000;
      s.get(a.id);
    }
    now += 1;
    expect(s.get(a.id)).toBeUndefined();
  });

  it('hands a pending sign-in out once, within ten minutes', () => {
    const s = store();
    const id = s.beginLogin({ state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/today' });
    expect(s.takeLogin(id)).toMatchObject({ state: 's', returnTo: '/today' });
    expect(s.takeLogin(id)).toBeUndefined();
    const late = s.beginLogin({ state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/' });
    now += 11 * 60_000;
    expect(s.takeLogin(late)).toBeUndefined();
  });

  it('sweeps expired sessions', () => {
    const s = store();
    s.create(user, tokens);
    now += 31 * 60_000;
    s.sweep();
    expect(s.size).toBe(0);
  });
});
