import { assertNever } from '@iop/decider';
import type { SafetySignal } from '@iop/domain-events';
import type { SafetyAlertEvent } from './safety-alert.events';

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

export type AlertState = {
  alertId: string;
  episodeId: string;
  patientId: string;
  signal: SafetySignal;
  status: AlertStatus;
  openedAt: string;
  escalated: boolean;
};

export type SafetyAlertsState = { alerts: Readonly<Record<string, AlertState>> };

export const initialState = (): SafetyAlertsState => ({ alerts: {} });

const update = (state: SafetyAlertsState, alertId: string, change: Partial<AlertState>): SafetyAlertsState => {
  const alert = state.alerts[alertId];
  return alert ? { alerts: { ...state.alerts, [alertId]: { ...alert, ...change } } } : state;
};

export function evolve(state: SafetyAlertsState, event: SafetyAlertEvent): SafetyAlertsState {
  switch (event.type) {
    case 'SafetyAlertOpened': {
      const { alertId, episodeId, patientId, signal, openedAt } = event.data;
      return { alerts: { ...state.alerts, [alertId]: { alertId, episodeId, patientId, signal, status: 'open', openedAt, escalated: false } } };
    }
    case 'SafetyAlertAcknowledged':
      return update(state, event.data.alertId, { status: 'acknowledged' });
    case 'SafetyAlertResolved':
      return update(state, event.data.alertId, { status: 'resolved' });
    case 'SafetyAlertEscalated':
      return update(state, event.data.alertId, { escalated: true });
    default:
      return assertNever(event);
  }
}

/** The alert of this signal not resolved yet, if any: one open alert per episode and signal. */
export const unresolvedAlertOf = (state: SafetyAlertsState, signal: SafetySignal): AlertState | undefined =>
  Object.values(state.alerts).find((a) => a.signal === signal && a.status !== 'resolved');
