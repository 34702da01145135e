import { millisBetween } from '@iop/calendar';
import { assertNever, conflict, type CommandMetadata, type Decider, type FieldError, invalid, notFound } from '@iop/decider';
import type { ConsentEvent } from './consent.events';
import { evolve, initialState, type ConsentState } from './consent.state';

export type GrantConsent = {
  type: 'GrantConsent';
  data: { consentId: string; patientId: string; recipient: string; purpose: string; information: string[]; expiresAt?: string };
  metadata: CommandMetadata;
};
export type RevokeConsent = { type: 'RevokeConsent'; data: { information?: string[] }; metadata: CommandMetadata };
export type ConsentCommand = GrantConsent | RevokeConsent;

/** The public contracts' code pattern: recipients, purposes and categories are machine codes, never sentences. */
const CODE = /^[a-z0-9][a-z0-9.:-]*$/;
const isCode = (v: string) => CODE.test(v) && v.length <= 64;

function grantErrors(data: GrantConsent['data'], now: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!isCode(data.recipient)) errors.push({ path: 'recipient', message: 'must be a code such as payer:acme-health' });
  if (!isCode(data.purpose)) errors.push({ path: 'purpose', message: 'must be a code such as payment' });
  if (data.information.length === 0) errors.push({ path: 'information', message: 'must list at least one category' });
  data.information.forEach((c, i) => isCode(c) || errors.push({ path: `information.${i}`, message: 'must be a code such as attendance' }));
  if (new Set(data.information).size !== data.information.length) errors.push({ path: 'information', message: 'must not repeat a category' });
  if (data.expiresAt && millisBetween(now, data.expiresAt) <= 0) errors.push({ path: 'expiresAt', message: 'must be in the future' });
  return errors;
}

function grant({ data, metadata }: GrantConsent, state: ConsentState): ConsentEvent[] {
  if (state.status !== 'none') throw conflict(`Consent ${data.consentId} already exists.`);
  const errors = grantErrors(data, metadata.now);
  if (errors.length) throw invalid('The consent is not valid.', errors);
  return [{ type: 'ConsentGranted', data: { ...data, information: [...data.information], grantedAt: metadata.now } }];
}

/** 42 CFR 2.31: a patient may revoke all of a consent or part of it; what was disclosed before stays disclosed. */
function revoke({ data, metadata }: RevokeConsent, state: ConsentState): ConsentEvent[] {
  if (state.status === 'none') throw notFound('There is no such consent.');
  if (state.status === 'revoked') throw conflict('The consent is already revoked.', 'consent-revoked');
  const { consentId, patientId } = state.grant;
  const asked = data.information ?? state.information;
  const unknown = asked.filter((i) => !state.information.includes(i));
  if (asked.length === 0 || unknown.length) {
    throw invalid('Only categories the consent still covers can be revoked.', [{ path: 'information', message: `not covered: ${unknown.join(', ') || '(none given)'}` }]);
  }
  const full = state.information.every((i) => asked.includes(i));
  if (full) return [{ type: 'ConsentRevoked', data: { consentId, patientId, scope: 'full', revokedAt: metadata.now } }];
  return [{ type: 'ConsentRevoked', data: { consentId, patientId, scope: 'partial', revokedInformation: [...new Set(asked)], revokedAt: metadata.now } }];
}

export function decide(command: ConsentCommand, state: ConsentState): ConsentEvent[] {
  switch (command.type) {
    case 'GrantConsent': return grant(command, state);
    case 'RevokeConsent': return revoke(command, state);
    default: return assertNever(command);
  }
}

export const consentDecider: Decider<ConsentCommand, ConsentEvent, ConsentState> = { decide, evolve, initialState };
