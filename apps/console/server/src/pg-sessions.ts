/**
 * The console's sessions in PostgreSQL (`CONSOLE_DATABASE_URL`): every replica of the console reads and writes the same
 * sessions, so a user's requests may reach any of them, and a restart or a rolling upgrade signs nobody out.
 *
 * The database holds no usable secret: rows are keyed by the SHA-256 of the session id (the cookie's value is not in
 * the database), and what a row carries (the user, the CSRF token, the access, refresh and ID tokens; a pending
 * sign-in's PKCE verifier) is sealed with AES-256-GCM under a key derived from the session secret, bound to its row
 * (a sealed value moved to another row does not open).
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { Pool } from 'pg';
import { inTransaction } from '@iop/platform';
import {
  isExpired, PENDING_LOGIN_MS, type PendingLogin, randomId, type Refresh, RefreshesInFlight, type Session, type SessionLimits, type SessionStore,
  type SessionTokens, type SessionUser,
} from './sessions';

export class ConsoleSessions1765000000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE console_sessions (
        id_hash bytea PRIMARY KEY,
        sealed bytea NOT NULL,
        created_ms bigint NOT NULL,
        last_seen_ms bigint NOT NULL
      );
      CREATE INDEX console_sessions_last_seen ON console_sessions (last_seen_ms);
      CREATE TABLE console_pending_logins (
        id_hash bytea PRIMARY KEY,
        sealed bytea NOT NULL,
        created_ms bigint NOT NULL
      );
      CREATE INDEX console_pending_logins_created ON console_pending_logins (created_ms);`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE console_pending_logins; DROP TABLE console_sessions;');
  }
}

export const CONSOLE_MIGRATIONS = [ConsoleSessions1765000000000];

/**
 * A request's activity is written at most this often: reading a session is then a single SELECT for most requests,
 * and the idle timeout is kept to within this much.
 */
const TOUCH_MS = 60_000;

/** What a session row seals. */
type Sealed = { csrfToken: string; user: SessionUser; tokens: SessionTokens };

const IV_BYTES = 12;
const TAG_BYTES = 16;

const hashOf = (id: string): Buffer => createHash('sha256').update(id).digest();

export class PostgresSessionStore implements SessionStore {
  private readonly key: Buffer;
  private readonly refreshes = new RefreshesInFlight();

  constructor(
    private readonly pool: Pool,
    /** The session secret (CONSOLE_SESSION_SECRET): the sealing key is derived from it. */
    secret: string,
    private readonly limits: SessionLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'iop-console', 'session-store-v1', 32));
  }

  async create(user: SessionUser, tokens: SessionTokens): Promise<Session> {
    const at = this.now();
    const session: Session = { id: randomId(), csrfToken: randomId(), user, tokens, createdAt: at, lastSeenAt: at };
    const hash = hashOf(session.id);
    await this.pool.query('INSERT INTO console_sessions (id_hash, sealed, created_ms, last_seen_ms) VALUES ($1, $2, $3, $3)', [
      hash, this.seal(hash, { csrfToken: session.csrfToken, user, tokens }), at,
    ]);
    return session;
  }

  async get(id: string | undefined): Promise<Session | undefined> {
    if (!id) return undefined;
    const hash = hashOf(id);
    const { rows } = await this.pool.query<{ sealed: Buffer; created_ms: string; last_seen_ms: string }>(
      'SELECT sealed, created_ms, last_seen_ms FROM console_sessions WHERE id_hash = $1', [hash]);
    if (!rows[0]) return undefined;
    const at = this.now();
    const times = { createdAt: Number(rows[0].created_ms), lastSeenAt: Number(rows[0].last_seen_ms) };
    if (isExpired(this.limits, times, at)) {
      await this.pool.query('DELETE FROM console_sessions WHERE id_hash = $1', [hash]);
      return undefined;
    }
    const sealed = this.open<Sealed>(hash, rows[0].sealed);
    if (!sealed) return undefined;
    if (at - times.lastSeenAt >= TOUCH_MS) {
      await this.pool.query('UPDATE console_sessions SET last_seen_ms = greatest(last_seen_ms, $2) WHERE id_hash = $1', [hash, at]);
      times.lastSeenAt = at;
    }
    return { id, ...sealed, ...times };
  }

  async delete(id: string | undefined): Promise<void> {
    if (id) await this.pool.query('DELETE FROM console_sessions WHERE id_hash = $1', [hashOf(id)]);
  }

  /**
   * The session's row is locked while the provider is asked (another replica's refresh waits for it, then finds fresh
   * tokens); the request that held the lock writes the new tokens with it.
   */
  refreshTokens(session: Session, stale: (tokens: SessionTokens) => boolean, refresh: Refresh): Promise<SessionTokens | undefined> {
    return this.refreshes.run(session.id, async () => {
      const hash = hashOf(session.id);
      const fresh = await inTransaction(this.pool, async (client) => {
        const { rows } = await client.query<{ sealed: Buffer }>('SELECT sealed FROM console_sessions WHERE id_hash = $1 FOR UPDATE', [hash]);
        const held = rows[0] ? this.open<Sealed>(hash, rows[0].sealed) : undefined;
        if (!held) return undefined; // signed out meanwhile
        if (!stale(held.tokens)) return held.tokens;
        const tokens = await refresh(held.tokens);
        if (tokens) await client.query('UPDATE console_sessions SET sealed = $2 WHERE id_hash = $1', [hash, this.seal(hash, { ...held, tokens })]);
        return tokens;
      });
      if (fresh) session.tokens = fresh;
      return fresh;
    });
  }

  async beginLogin(login: Omit<PendingLogin, 'createdAt'>): Promise<string> {
    const id = randomId();
    const hash = hashOf(id);
    await this.pool.query('INSERT INTO console_pending_logins (id_hash, sealed, created_ms) VALUES ($1, $2, $3)', [hash, this.seal(hash, login), this.now()]);
    return id;
  }

  async takeLogin(id: string | undefined): Promise<PendingLogin | undefined> {
    if (!id) return undefined;
    const hash = hashOf(id);
    // Deleted as it is read: two callbacks with the same id cannot both have it.
    const { rows } = await this.pool.query<{ sealed: Buffer; created_ms: string }>(
      'DELETE FROM console_pending_logins WHERE id_hash = $1 RETURNING sealed, created_ms', [hash]);
    if (!rows[0]) return undefined;
    const createdAt = Number(rows[0].created_ms);
    if (this.now() - createdAt > PENDING_LOGIN_MS) return undefined;
    const login = this.open<Omit<PendingLogin, 'createdAt'>>(hash, rows[0].sealed);
    return login && { ...login, createdAt };
  }

  async sweep(): Promise<void> {
    const at = this.now();
    await this.pool.query('DELETE FROM console_sessions WHERE last_seen_ms < $1 OR created_ms < $2', [at - this.limits.idleMs, at - this.limits.absoluteMs]);
    await this.pool.query('DELETE FROM console_pending_logins WHERE created_ms < $1', [at - PENDING_LOGIN_MS]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private seal(hash: Buffer, value: unknown): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(hash);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** The sealed value, or undefined when it does not open (another session secret, another row): no session. */
  private open<T>(hash: Buffer, sealed: Buffer): T | undefined {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(hash);
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      return JSON.parse(text) as T;
    } catch {
      return undefined;
    }
  }
}
