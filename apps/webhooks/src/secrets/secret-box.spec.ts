import { randomBytes } from 'node:crypto';
import { createCipheriv } from 'node:crypto';
import { generateSecret, keyId, SecretBox, signingKey } from './secret-box';

describe('endpoint secrets', () => {
  const box = new SecretBox(randomBytes(32));

  it('are whsec_ plus base64 of 24 to 64 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(signingKey(secret).length).toBe(32);
    expect(generateSecret()).not.toBe(secret);
  });

  it('seal with AES-256-GCM: no plain text, a fresh nonce each time, bound to their subscription', () => {
    const secret = generateSecret();
    const sealed = box.seal(secret, 'sub-1');
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(box.seal(secret, 'sub-1')).not.toBe(sealed);
    expect(box.open(sealed, 'sub-1')).toBe(secret);
    expect(() => box.open(sealed, 'sub-2')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'sub-1')).toThrow();
  });

  it('refuses a tampered ciphertext and a key of the wrong size', () => {
    const sealed = box.seal(generateSecret(), 'sub-1');
    // The second-to-last character changes (one in 64 runs it was 'A' and stayed 'A' when the last one was looked at).
    const tampered = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(tampered).not.toBe(sealed);
    expect(() => box.open(tampered, 'sub-1')).toThrow();
    expect(() => new SecretBox(randomBytes(16))).toThrow();
  });

  it('rotate: a secret names its key; after a rotation the old key opens the old secrets while it is listed, new ones use the new key', () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const before = new SecretBox(oldKey).seal('whsec_old', 'sub-1');
    expect(before.split('.')[1]).toBe(keyId(oldKey));
    const rotated = new SecretBox(newKey, [oldKey]);
    expect(rotated.open(before, 'sub-1')).toBe('whsec_old');
    const after = rotated.seal('whsec_new', 'sub-2');
    expect(after.split('.')[1]).toBe(keyId(newKey));
    expect(new SecretBox(newKey).open(after, 'sub-2')).toBe('whsec_new');
    // The old key retired too early: the message says which key is missing.
    expect(() => new SecretBox(newKey).open(before, 'sub-1')).toThrow(new RegExp(keyId(oldKey)));
  });

  it('open secrets sealed before key ids (v1) with whichever configured key authenticates them', () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', oldKey, iv);
    cipher.setAAD(Buffer.from('sub-1'));
    const body = Buffer.concat([cipher.update('whsec_legacy', 'utf8'), cipher.final()]);
    const legacy = `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    expect(new SecretBox(newKey, [oldKey]).open(legacy, 'sub-1')).toBe('whsec_legacy');
    expect(() => new SecretBox(newKey).open(legacy, 'sub-1')).toThrow(/not configured/);
  });
});
