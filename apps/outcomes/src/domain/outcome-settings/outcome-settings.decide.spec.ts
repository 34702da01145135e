import { given } from '@iop/decider';
import { outcomeSettingsDecider as decider, type OutcomeSettingsCommand } from './outcome-settings.decide';
import type { OutcomeSettingsEvent } from './outcome-settings.events';
import { DEFAULT_OUTCOME_SETTINGS, type OutcomeSettings } from './outcome-settings.rules';

const metadata = { now: '2025-01-01T00:00:00Z', tenantId: 't', actor: { subject: 'admin-1', roles: ['admin'] }, correlationId: 'c' };
const change = (settings: OutcomeSettings): OutcomeSettingsCommand => ({ type: 'ChangeOutcomeSettings', data: { settings }, metadata });
const monthly: OutcomeSettings = { ...DEFAULT_OUTCOME_SETTINGS, followUps: { offsetsDays: [30, 60, 90, 120], windowDays: 10 } };
const changed: OutcomeSettingsEvent = { type: 'OutcomeSettingsChanged', data: { settings: monthly, changedBy: 'admin-1' } };

describe('a tenant on the defaults', () => {
  it('records a new policy with who changed it', () => given(decider).when(change(monthly)).then([changed]));

  it.each([
    ['offsets out of order', { ...monthly, followUps: { offsetsDays: [90, 30], windowDays: 14 } }, 'followUps.offsetsDays'],
    ['a lead as long as the interval', { ...monthly, measurementSchedule: { ...monthly.measurementSchedule, leadDays: 14 } }, 'measurementSchedule.leadDays'],
    ['a baseline running into the first periodic window', { ...monthly, measurementSchedule: { ...monthly.measurementSchedule, baselineWithinDays: 11 } }, 'measurementSchedule.baselineWithinDays'],
    ['an instrument twice', { ...monthly, measurementSchedule: { ...monthly.measurementSchedule, instruments: ['PHQ-9', 'PHQ-9'] } }, 'measurementSchedule.instruments'],
  ] as [string, OutcomeSettings, string][])('refuses %s', (_, settings, path) => {
    expect(() => given(decider).when(change(settings)).events()).toThrow(expect.objectContaining({ kind: 'invalid', errors: expect.arrayContaining([expect.objectContaining({ path })]) }));
  });
});

describe('a configured tenant', () => {
  it('records nothing when the same policy is saved again', () => given(decider, [changed]).when(change(monthly)).then([]));
  it('records a return to the defaults', () => expect(given(decider, [changed]).when(change(DEFAULT_OUTCOME_SETTINGS)).events()).toHaveLength(1));
});
