import { given } from '@iop/decider';
import type { ConsentGranted, ConsentRevoked } from './consent.events';
import { consentDecider, type GrantConsent, type RevokeConsent } from './consent.decide';

const metadata = { now: '2025-03-07T19:30:00.000Z', tenantId: 't1', actor: { subject: 'intake-1', roles: ['intake'] }, correlationId: 'c1' };
const consentId = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
const patientId = '3f1c2a4e-8a1b-4c55-9d0e-0a9b8c7d6e5f';
const grantData = { consentId, patientId, recipient: 'payer:acme-health', purpose: 'payment', information: ['attendance', 'discharge', 'measures'] };
const grant = (over: Partial<GrantConsent['data']> = {}): GrantConsent => ({ type: 'GrantConsent', data: { ...grantData, ...over }, metadata });
const revoke = (information?: string[]): RevokeConsent => ({ type: 'RevokeConsent', data: information ? { information } : {}, metadata });
const granted: ConsentGranted = { type: 'ConsentGranted', data: { ...grantData, grantedAt: metadata.now } };
const revokedPart = (information: string[]): ConsentRevoked => ({
  type: 'ConsentRevoked', data: { consentId, patientId, scope: 'partial', revokedInformation: information, revokedAt: metadata.now },
});
const revokedAll: ConsentRevoked = { type: 'ConsentRevoked', data: { consentId, patientId, scope: 'full', revokedAt: metadata.now } };

describe('no consent yet', () => {
  it('is granted for coded recipient, purpose and categories', () => given(consentDecider).when(grant()).then([granted]));

  it.each([
    [{ recipient: 'Dr. Smith' }],
    [{ purpose: 'to help with payment' }],
    [{ information: [] }],
    [{ information: ['attendance', 'attendance'] }],
    [{ expiresAt: '2025-03-01T00:00:00Z' }],
  ])('is refused with %j', (over) => given(consentDecider).when(grant(over)).thenThrows('invalid'));

  it('cannot be revoked', () => given(consentDecider).when(revoke()).thenThrows('not-found'));
});

describe('an active consent', () => {
  it('is revoked in full', () => given(consentDecider, [granted]).when(revoke()).then([revokedAll]));

  it('is revoked in part for a subset of its categories', () => {
    given(consentDecider, [granted]).when(revoke(['attendance'])).then([revokedPart(['attendance'])]);
  });

  it('is revoked in full when the subset is everything it still covers', () => {
    given(consentDecider, [granted, revokedPart(['attendance'])]).when(revoke(['discharge', 'measures'])).then([revokedAll]);
  });

  it('refuses categories it does not cover', () => {
    given(consentDecider, [granted, revokedPart(['attendance'])]).when(revoke(['attendance'])).thenThrows('invalid', 'still covers');
    given(consentDecider, [granted]).when(revoke(['notes'])).thenThrows('invalid');
  });
});

describe('a revoked consent', () => {
  it('cannot be revoked again', () => given(consentDecider, [granted, revokedAll]).when(revoke()).thenThrows('conflict', 'already revoked'));
});
