import { Webhook } from 'standardwebhooks';
import { generateSecret, signingKey } from '../secrets/secret-box';
import { signatureHeader } from './signature';

describe('Standard Webhooks signatures', () => {
  const body = JSON.stringify({ type: 'iop.admissions.PatientAdmitted.v1', timestamp: '2025-03-07T14:02:11Z', data: { episodeId: 'e1' } });
  const now = Math.floor(Date.now() / 1000);
  const headers = (signature: string) => ({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(now), 'webhook-signature': signature });

  it('verifies with the reference library', () => {
    const secret = generateSecret();
    const signature = signatureHeader([signingKey(secret)], 'msg_1', now, body);
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers(signature))).toEqual(JSON.parse(body));
  });

  it('carries one signature per key, each verifying on its own', () => {
    const [current, previous] = [generateSecret(), generateSecret()];
    const signature = signatureHeader([signingKey(current), signingKey(previous)], 'msg_1', now, body);
    expect(signature.split(' ')).toHaveLength(2);
    for (const secret of [current, previous]) expect(() => new Webhook(secret).verify(body, headers(signature))).not.toThrow();
    expect(() => new Webhook(generateSecret()).verify(body, headers(signature))).toThrow();
  });

  it('breaks when the body, the id or the timestamp changes', () => {
    const secret = generateSecret();
    const signature = signatureHeader([signingKey(secret)], 'msg_1', now, body);
    expect(() => new Webhook(secret).verify(body.replace('e1', 'e2'), headers(signature))).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers(signature), 'webhook-id': 'msg_2' })).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers(signature), 'webhook-timestamp': String(now - 1) })).toThrow();
  });
});
