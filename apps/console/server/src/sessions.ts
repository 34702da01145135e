/**
 * Sessions of signed-in users, kept on the server: the browser holds only a random id (in an httpOnly cookie), never a
 * token. A session ends after `idleMs` without a request and `absoluteMs` after sign-in, whichever comes first.
 *
 * Two stores behind one interface: this process's memory (development, one replica: a restart signs everyone out), and
 * PostgreSQL (`CONSOLE_DATABASE_URL`, pg-sessions.ts), which several replicas share and which outlives a restart.
 */
import { randomBytes } from 'node:crypto';

export interface SessionUser {
  subject: string;
  name?: string;
  tenant: string;
  roles: string[];
}

export interface SessionTokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** When the access token expires (epoch ms). */
  expiresAt: number;
  /** When it was issued (epoch ms), to refresh it once most of its life has passed. */
  issuedAt: number;
}

export interface Session {
  readonly id: string;
  /** The synchronizer token the console sends back in X-CSRF-Token on unsafe requests. */
  readonly csrfToken: string;
  readonly user: SessionUser;
  tokens: SessionTokens;
  readonly createdAt: number;
  lastSeenAt: number;
}

/** A sign-in started at /auth/login and not yet back at /auth/callback. */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  createdAt: number;
}

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

/**
 * A token refresh as the store runs it: given the session's current tokens, the new ones, or undefined when the
 * provider refused or could not be reached (the session then keeps what it had).
 */
export type Refresh = (current: SessionTokens) => Promise<SessionTokens | undefined>;

export interface SessionStore {
  create(user: SessionUser, tokens: SessionTokens): Promise<Session>;
  /** The live session with this id, which counts as activity; an expired one is removed. */
  get(id: string | undefined): Promise<Session | undefined>;
  delete(id: string | undefined): Promise<void>;
  /**
   * Refreshes the session's tokens, one refresh at a time per session however many requests (and replicas) need one at
   * once: a refresh token is single-use at most providers, so a second refresh with it would end the session. A
   * request that waited finds the tokens another refreshed; `stale` says whether they still need refreshing.
   */
  refreshTokens(session: Session, stale: (tokens: SessionTokens) => boolean, refresh: Refresh): Promise<SessionTokens | undefined>;
  beginLogin(login: Omit<PendingLogin, 'createdAt'>): Promise<string>;
  /** The pending sign-in, once: a second callback with the same id finds nothing. */
  takeLogin(id: string | undefined): Promise<PendingLogin | undefined>;
  /** Drops expired sessions and abandoned sign-ins (run every minute). */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

export const PENDING_LOGIN_MS = 10 * 60_000;
const MAX_PENDING_LOGINS = 10_000;

export const randomId = (): string => randomBytes(32).toString('base64url');

export const isExpired = (limits: SessionLimits, s: { createdAt: number; lastSeenAt: number }, at: number): boolean =>
  at - s.lastSeenAt > limits.idleMs || at - s.createdAt > limits.absoluteMs;

/**
 * Refreshes started by this process, by session id: concurrent requests of one session wait for the same refresh
 * instead of starting their own (both stores use it; the PostgreSQL store also locks the row for other replicas).
 */
export class RefreshesInFlight {
  private readonly running = new Map<string, Promise<SessionTokens | undefined>>();

  run(id: string, start: () => Promise<SessionTokens | undefined>): Promise<SessionTokens | undefined> {
    let refreshing = this.running.get(id);
    if (!refreshing) {
      refreshing = start().finally(() => this.running.delete(id));
      this.running.set(id, refreshing);
    }
    return refreshing;
  }
}

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly pending = new Map<string, PendingLogin>();
  private readonly refreshes = new RefreshesInFlight();

  constructor(
    private readonly limits: SessionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  async create(user: SessionUser, tokens: SessionTokens): Promise<Session> {
    const at = this.now();
    const session: Session = { id: randomId(), csrfToken: randomId(), user, tokens, createdAt: at, lastSeenAt: at };
    this.sessions.set(session.id, session);
    return session;
  }

  async get(id: string | undefined): Promise<Session | undefined> {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const at = this.now();
    if (isExpired(this.limits, session, at)) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = at;
    return session;
  }

  async delete(id: string | undefined): Promise<void> {
    if (id) this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  refreshTokens(session: Session, stale: (tokens: SessionTokens) => boolean, refresh: Refresh): Promise<SessionTokens | undefined> {
    return this.refreshes.run(session.id, async () => {
      // The same object as every other request of this session holds: a refresh done meanwhile is seen here.
      const held = this.sessions.get(session.id) ?? session;
      if (!stale(held.tokens)) return held.tokens;
      const fresh = await refresh(held.tokens);
      if (fresh) held.tokens = fresh;
      return fresh;
    });
  }

  async beginLogin(login: Omit<PendingLogin, 'createdAt'>): Promise<string> {
    // A flood of abandoned sign-ins must not grow memory without bound: the oldest go first.
    while (this.pending.size >= MAX_PENDING_LOGINS) this.pending.delete(this.pending.keys().next().value as string);
    const id = randomId();
    this.pending.set(id, { ...login, createdAt: this.now() });
    return id;
  }

  async takeLogin(id: string | undefined): Promise<PendingLogin | undefined> {
    if (!id) return undefined;
    const login = this.pending.get(id);
    this.pending.delete(id);
    if (!login || this.now() - login.createdAt > PENDING_LOGIN_MS) return undefined;
    return login;
  }

  async sweep(): Promise<void> {
    const at = this.now();
    for (const [id, session] of this.sessions) if (isExpired(this.limits, session, at)) this.sessions.delete(id);
    for (const [id, login] of this.pending) if (at - login.createdAt > PENDING_LOGIN_MS) this.pending.delete(id);
  }

  async close(): Promise<void> {
    // Nothing held outside this process.
  }
}
