import { conflict, type CommandMetadata, type Decider, invalid, notFound } from '@iop/decider';
import type { SafetySignal } from '@iop/domain-events';
import type { SafetyAlertEvent } from './safety-alert.events';
import { routeSafetyAlert, type RosterShift } from './safety-alert.rules';
import { evolve, initialState, type SafetyAlertsState, unresolvedAlertOf } from './safety-alert.state';

export type SafetyAlertCommand =
  | {
      type: 'OpenSafetyAlert';
      data: {
        /** Derived from the signal's event id by the caller, so a redelivered signal names the same alert. */
        alertId: string;
        episodeId: string;
        patientId: string;
        locationId?: string;
        signal: SafetySignal;
        sourceId: string;
        signalAt: string;
        /** The location's roster around the signal's time (the caller reads it; the rule picks). */
        roster: readonly RosterShift[];
      };
      metadata: CommandMetadata;
    }
  | { type: 'AcknowledgeSafetyAlert'; data: { alertId: string }; metadata: CommandMetadata }
  | { type: 'ResolveSafetyAlert'; data: { alertId: string; noteId?: string; summary?: string }; metadata: CommandMetadata }
  | { type: 'EscalateSafetyAlert'; data: { alertId: string; escalateAfterMinutes: number }; metadata: CommandMetadata };

/** A summary long enough to say what was done, short enough to stay a summary (the note holds the full account). */
export const MAX_SUMMARY_CHARS = 4000;

function open(command: Extract<SafetyAlertCommand, { type: 'OpenSafetyAlert' }>, state: SafetyAlertsState): SafetyAlertEvent[] {
  const { roster, ...data } = command.data;
  // One open alert per episode and signal: a second signal of the same kind is part of the alert already open.
  if (state.alerts[data.alertId] || unresolvedAlertOf(state, data.signal)) return [];
  return [{ type: 'SafetyAlertOpened', data: { ...data, ...routeSafetyAlert(roster, data.signalAt), openedAt: command.metadata.now } }];
}

export function decide(command: SafetyAlertCommand, state: SafetyAlertsState): SafetyAlertEvent[] {
  if (command.type === 'OpenSafetyAlert') return open(command, state);
  const alert = state.alerts[command.data.alertId];
  if (!alert) throw notFound(`No safety alert ${command.data.alertId}.`);
  const { alertId, episodeId, patientId, signal, openedAt } = alert;
  const about = { alertId, episodeId, patientId, signal, openedAt };
  const who = command.metadata.actor.subject;
  const now = command.metadata.now;
  switch (command.type) {
    case 'AcknowledgeSafetyAlert':
      if (alert.status !== 'open') throw conflict(`The safety alert is already ${alert.status}.`, `alert-${alert.status}`);
      return [{ type: 'SafetyAlertAcknowledged', data: { ...about, acknowledgedBy: who, acknowledgedAt: now } }];
    case 'ResolveSafetyAlert': {
      if (alert.status === 'open') throw conflict('Acknowledge the safety alert before resolving it.', 'alert-not-acknowledged');
      if (alert.status === 'resolved') throw conflict('The safety alert is already resolved.', 'alert-resolved');
      const summary = command.data.summary?.trim();
      const { noteId } = command.data;
      if (!noteId && !summary) {
        throw invalid('A resolution documents the response: give a noteId, a summary, or both.', [{ path: 'summary', message: 'is required without a noteId' }], 'resolution-undocumented');
      }
      if (summary && summary.length > MAX_SUMMARY_CHARS) throw invalid('The summary is too long.', [{ path: 'summary', message: `at most ${MAX_SUMMARY_CHARS} characters` }]);
      return [{
        type: 'SafetyAlertResolved',
        data: { ...about, ...(noteId ? { noteId } : {}), ...(summary ? { summary } : {}), resolvedBy: who, resolvedAt: now },
      }];
    }
    case 'EscalateSafetyAlert': {
      // Escalation is for alerts nobody took: once acknowledged, someone is on it; the timer may run late or twice.
      if (alert.status !== 'open' || alert.escalated) return [];
      if (Date.parse(now) - Date.parse(openedAt) < command.data.escalateAfterMinutes * 60_000) return [];
      return [{ type: 'SafetyAlertEscalated', data: { ...about, escalatedTo: 'supervisor', escalatedAt: now } }];
    }
  }
}

export const safetyAlertDecider: Decider<SafetyAlertCommand, SafetyAlertEvent, SafetyAlertsState> = { decide, evolve, initialState };
export const safetyAlertStream = (episodeId: string) => ({ id: `safety-${episodeId}`, type: 'safety-alerts' });
