import { runMigrations } from '@iop/platform';
import { createTestDatabase, type TestDatabase } from '@iop/testing';
import { Client, Pool } from 'pg';
import { CONSOLE_MIGRATIONS, PostgresSessionStore } from './pg-sessions';
import { type ContractFixture, LIMITS, sessionStoreContract, tokens, user } from './testing/console.test-kit';
import type { SessionStore, SessionTokens } from './sessions';

const SECRET = 'a-session-secret-of-at-least-32-characters';

describe('PostgresSessionStore', () => {
  let db: TestDatabase;
  const stores: SessionStore[] = [];
  const clock = { now: 0 };
  const replica = (secret = SECRET): PostgresSessionStore => {
    const store = new PostgresSessionStore(new Pool({ connectionString: db.url, max: 4 }), secret, LIMITS, () => clock.now);
    stores.push(store);
    return store;
  };
  const rows = async (sql: string): Promise<Record<string, unknown>[]> => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase('console_sessions');
    expect(await runMigrations(db.url, CONSOLE_MIGRATIONS)).toEqual(['ConsoleSessions1765000000000']);
    // A second replica starting finds its tables there.
    expect(await runMigrations(db.url, CONSOLE_MIGRATIONS)).toEqual([]);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await rows('TRUNCATE console_sessions, console_pending_logins');
  });
  afterAll(() => db.drop());

  sessionStoreContract((): ContractFixture => ({
    clock,
    store: () => replica(),
    count: async () => Number((await rows('SELECT count(*) AS n FROM console_sessions'))[0].n),
  }));

  it('serves a session signed in at one replica from another, and signs it out everywhere', async () => {
    clock.now = 1_000_000_000;
    const [a, b] = [replica(), replica()];
    const session = await a.create(user, tokens);
    expect(await b.get(session.id)).toMatchObject({ id: session.id, csrfToken: session.csrfToken, user, tokens });
    await b.delete(session.id);
    expect(await a.get(session.id)).toBeUndefined();
  });

  it('refreshes once when two replicas need a refresh at the same time: the second finds the first one\'s tokens', async () => {
    clock.now = 1_000_000_000;
    const [a, b] = [replica(), replica()];
    const created = await a.create(user, tokens);
    const fresh: SessionTokens = { accessToken: 'at-2', refreshToken: 'rt-2', expiresAt: 2, issuedAt: 1 };
    const used: string[] = [];
    const refresh = async (current: SessionTokens) => {
      used.push(current.refreshToken!);
      await new Promise((r) => setTimeout(r, 100));
      return fresh;
    };
    const stale = (t: SessionTokens) => t.accessToken === 'at-1';
    const [sa, sb] = [(await a.get(created.id))!, (await b.get(created.id))!];
    const [one, two] = await Promise.all([a.refreshTokens(sa, stale, refresh), b.refreshTokens(sb, stale, refresh)]);
    // The single-use refresh token went to the provider once.
    expect(used).toEqual(['rt-1']);
    expect(one).toEqual(fresh);
    expect(two).toEqual(fresh);
    expect((await a.get(created.id))!.tokens).toEqual(fresh);
  });

  it('hands a pending sign-in to one of two replicas whose callbacks race', async () => {
    clock.now = 1_000_000_000;
    const [a, b] = [replica(), replica()];
    const id = await a.beginLogin({ state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/' });
    const taken = await Promise.all([a.takeLogin(id), b.takeLogin(id)]);
    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  it('keeps no usable secret in the database: ids hashed, tokens and verifiers sealed, bound to their row and secret', async () => {
    clock.now = 1_000_000_000;
    const a = replica();
    const session = await a.create(user, { ...tokens, accessToken: 'eyJ-access-token-text', refreshToken: 'refresh-token-text' });
    await a.beginLogin({ state: 's', nonce: 'n', codeVerifier: 'pkce-verifier-text', returnTo: '/' });
    const dump = JSON.stringify(await rows(`SELECT encode(id_hash, 'escape') AS id, encode(sealed, 'escape') AS sealed FROM console_sessions
      UNION ALL SELECT encode(id_hash, 'escape'), encode(sealed, 'escape') FROM console_pending_logins`));
    for (const secret of [session.id, session.csrfToken, 'eyJ-access-token-text', 'refresh-token-text', 'pkce-verifier-text', user.subject]) {
      expect(dump).not.toContain(secret);
    }
    // Another secret (a rotated one) opens nothing: those sessions are simply gone.
    expect(await replica('another-session-secret-of-32-characters').get(session.id)).toBeUndefined();
    // A sealed value copied onto another session's row does not open there.
    const other = await a.create(user, tokens);
    await rows(`UPDATE console_sessions SET sealed = (SELECT sealed FROM console_sessions ORDER BY created_ms LIMIT 1)
      WHERE sealed <> (SELECT sealed FROM console_sessions ORDER BY created_ms LIMIT 1)`);
    expect(await a.get(other.id)).toBeUndefined();
  });
});
