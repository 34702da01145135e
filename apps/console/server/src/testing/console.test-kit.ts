/**
 * What every session store does, as tests: run against the memory store (sessions.spec.ts) and the PostgreSQL one
 * (pg-sessions.int.spec.ts), so the two cannot drift apart.
 */
import type { SessionStore, SessionTokens } from '../sessions';

export const LIMITS = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };
export const user = { subject: 'demo-clinician', tenant: 'demo-clinic', roles: ['clinician'] };
export const tokens: SessionTokens = { accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: 0, issuedAt: 0 };

export interface ContractFixture {
  /** A store whose clock is `clock.now`. */
  store(): SessionStore;
  clock: { now: number };
  /** Sessions the store holds, expired or not. */
  count(store: SessionStore): Promise<number>;
}

export function sessionStoreContract(fixture: () => ContractFixture): void {
  let f: ContractFixture;
  beforeEach(() => {
    f = fixture();
    f.clock.now = 1_000_000_000;
  });

  it('gives each session a random id and CSRF token, and finds it by its id only', async () => {
    const s = f.store();
    const a = await s.create(user, tokens);
    const b = await s.create(user, tokens);
    expect(a.id).not.toBe(b.id);
    expect(a.csrfToken).not.toBe(a.id);
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await s.get(a.id)).toMatchObject({ id: a.id, csrfToken: a.csrfToken, user, tokens });
    expect(await s.get('unknown')).toBeUndefined();
    expect(await s.get(undefined)).toBeUndefined();
    await s.delete(a.id);
    expect(await s.get(a.id)).toBeUndefined();
    expect(await s.get(b.id)).toBeDefined();
  });

  it('ends a session after the idle time without a request, and any activity extends it', async () => {
    const s = f.store();
    const a = await s.create(user, tokens);
    f.clock.now += 29 * 60_000;
    expect(await s.get(a.id)).toBeDefined();
    f.clock.now += 29 * 60_000;
    expect(await s.get(a.id)).toBeDefined();
    f.clock.now += 31 * 60_000;
    expect(await s.get(a.id)).toBeUndefined();
  });

  it('ends a session at its absolute lifetime however busy it is', async () => {
    const s = f.store();
    const a = await s.create(user, tokens);
    for (let i = 0; i < 12 * 4; i++) {
      f.clock.now += 15 * 60_000;
      expect(await s.get(a.id)).toBeDefined();
    }
    f.clock.now += 1;
    expect(await s.get(a.id)).toBeUndefined();
  });

  it('hands a pending sign-in out once, within ten minutes', async () => {
    const s = f.store();
    const id = await s.beginLogin({ state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/today' });
    expect(await s.takeLogin(id)).toMatchObject({ state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/today' });
    expect(await s.takeLogin(id)).toBeUndefined();
    const late = await s.beginLogin({ state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/' });
    f.clock.now += 11 * 60_000;
    expect(await s.takeLogin(late)).toBeUndefined();
    expect(await s.takeLogin(undefined)).toBeUndefined();
  });

  it('sweeps expired sessions and keeps live ones', async () => {
    const s = f.store();
    await s.create(user, tokens);
    f.clock.now += 20 * 60_000;
    const live = await s.create(user, tokens);
    f.clock.now += 11 * 60_000;
    await s.sweep();
    expect(await f.count(s)).toBe(1);
    expect(await s.get(live.id)).toBeDefined();
  });

  it('refreshes once for requests that need it at the same time, and keeps the new tokens', async () => {
    const s = f.store();
    const created = await s.create(user, tokens);
    const fresh: SessionTokens = { accessToken: 'at-2', refreshToken: 'rt-2', expiresAt: 2, issuedAt: 1 };
    let calls = 0;
    const refresh = async (current: SessionTokens) => {
      calls++;
      expect(current.refreshToken).toBe('rt-1');
      await new Promise((r) => setTimeout(r, 20));
      return fresh;
    };
    const stale = (t: SessionTokens) => t.accessToken === 'at-1';
    const [one, two] = await Promise.all([
      s.get(created.id).then((x) => s.refreshTokens(x!, stale, refresh)),
      s.get(created.id).then((x) => s.refreshTokens(x!, stale, refresh)),
    ]);
    expect(calls).toBe(1);
    expect(one).toEqual(fresh);
    expect(two).toEqual(fresh);
    expect((await s.get(created.id))!.tokens).toEqual(fresh);
    // Fresh already: nothing to do.
    expect(await s.refreshTokens((await s.get(created.id))!, stale, refresh)).toEqual(fresh);
    expect(calls).toBe(1);
  });

  it('keeps the tokens it had when the provider refuses a refresh', async () => {
    const s = f.store();
    const created = await s.create(user, tokens);
    expect(await s.refreshTokens(created, () => true, async () => undefined)).toBeUndefined();
    expect((await s.get(created.id))!.tokens).toEqual(tokens);
  });
}
