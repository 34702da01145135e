import { randomBytes } from 'node:crypto';
import { generateSecret, SecretBox, signingKey } from './secret-box';

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
});
