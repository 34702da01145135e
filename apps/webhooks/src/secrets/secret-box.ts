/**
 * Endpoint secrets at rest: sealed with AES-256-GCM under WEBHOOKS_SECRET_KEY, bound to their subscription (the
 * subscription id is the additional authenticated data, so a sealed secret copied to another row does not open).
 * Plain secrets exist only in memory, in the signing step and in the one response that hands them to the admin.
 *
 * Rotation: a sealed secret names the key that sealed it (`v2.<key id>.<payload>`, the key id a hash of the key, so
 * it needs no setting of its own). New secrets are sealed under the current key; secrets sealed under an earlier key
 * open with it as long as it is listed in WEBHOOKS_PREVIOUS_SECRET_KEYS. Secrets sealed before key ids (`v1.`) open
 * with whichever configured key authenticates them.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v2';
const UNNAMED = 'v1';
export const SECRET_PREFIX = 'whsec_';

/** `whsec_` + base64 of 32 random bytes (Standard Webhooks allows 24 to 64). */
export const generateSecret = (bytes = 32): string => SECRET_PREFIX + randomBytes(bytes).toString('base64');

/** The HMAC key: the base64-decoded part after `whsec_`. */
export const signingKey = (secret: string): Buffer => Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');

/** A key's id: the first 8 hex digits of its SHA-256, which says which key sealed a secret without revealing it. */
export const keyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  /** The id of the key new secrets are sealed under. */
  readonly currentKeyId: string;

  constructor(private readonly key: Buffer, previous: readonly Buffer[] = []) {
    for (const k of [key, ...previous]) {
      if (k.length !== 32) throw new Error('a secret key must be 32 bytes');
      if (!this.keys.has(keyId(k))) this.keys.set(keyId(k), k);
    }
    this.currentKeyId = keyId(key);
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}.${this.currentKeyId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    if (parts[0] === VERSION && parts.length === 3) {
      const key = this.keys.get(parts[1]);
      if (!key) throw new Error(`sealed under key ${parts[1]}, which is neither WEBHOOKS_SECRET_KEY nor in WEBHOOKS_PREVIOUS_SECRET_KEYS`);
      return decrypt(key, parts[2], context);
    }
    if (parts[0] !== UNNAMED || parts.length !== 2) throw new Error('not a sealed secret');
    for (const key of this.keys.values()) {
      try {
        return decrypt(key, parts[1], context);
      } catch {
        // another key, then
      }
    }
    throw new Error('sealed under a key that is not configured (WEBHOOKS_SECRET_KEY, WEBHOOKS_PREVIOUS_SECRET_KEYS)');
  }
}

function decrypt(key: Buffer, payload: string, context: string): string {
  const raw = Buffer.from(payload, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
