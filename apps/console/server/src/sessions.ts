/**
 * Sessions of signed-in users, kept on the server: the browser holds only a random id (in an httpOnly cookie), never a
 * token. A session ends after `idleMs` without a request and `absoluteMs` after sign-in, whichever comes first.
 *
 * In this process's memory: one replica, and a restart signs everyone out (they sign in again, usually without typing
 * anything while the provider's own session lasts). Several replicas would need a shared store behind this interface.
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
  /** A refresh under way, which concurrent requests wait for instead of starting their own. */
  refreshing?: Promise<SessionTokens | undefined>;
}

/** A sign-in started at /auth/login and not yet back at /auth/callback. */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  createdAt: number;
}

const PENDING_LOGIN_MS = 10 * 60_000;
const MAX_PENDING_LOGINS = 10_000;

export const randomId = (): string => randomBytes(32).toString('base64url');

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly pending = new Map<string, PendingLogin>();

  constructor(
    private readonly limits: { idleMs: number; absoluteMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  create(user: SessionUser, tokens: SessionTokens): Session {
    const at = this.now();
    const session: Session = { id: randomId(), csrfToken: randomId(), user, tokens, createdAt: at, lastSeenAt: at };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, which counts as activity; an expired one is removed. */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const at = this.now();
    if (this.expired(session, at)) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = at;
    return session;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  beginLogin(login: Omit<PendingLogin, 'createdAt'>): string {
    // A flood of abandoned sign-ins must not grow memory without bound: the oldest go first.
    while (this.pending.size >= MAX_PENDING_LOGINS) this.pending.delete(this.pending.keys().next().value as string);
    const id = randomId();
    this.pending.set(id, { ...login, createdAt: this.now() });
    return id;
  }

  /** The pending sign-in, once: a second callback with the same id finds nothing. */
  takeLogin(id: string | undefined): PendingLogin | undefined {
    if (!id) return undefined;
    const login = this.pending.get(id);
    this.pending.delete(id);
    if (!login || this.now() - login.createdAt > PENDING_LOGIN_MS) return undefined;
    return login;
  }

  /** Drops expired sessions and abandoned sign-ins (run every minute). */
  sweep(): void {
    const at = this.now();
    for (const [id, session] of this.sessions) if (this.expired(session, at)) this.sessions.delete(id);
    for (const [id, login] of this.pending) if (at - login.createdAt > PENDING_LOGIN_MS) this.pending.delete(id);
  }

  private expired(session: Session, at: number): boolean {
    return at - session.lastSeenAt > this.limits.idleMs || at - session.createdAt > this.limits.absoluteMs;
  }
}
