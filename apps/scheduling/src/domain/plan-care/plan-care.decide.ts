/**
 * The sessions a treatment plan ordered for one episode (stream `plan-care-<episodeId>`): which it booked, which a
 * newer version or the episode's end cancelled. Pure: the slots arrive placed (care-slots.ts), ids minted outside.
 */
import { assertNever, type CommandMetadata, type Decider } from '@iop/decider';
import type { PlanCareApplied, PlanCareEvent, PlanSession } from './plan-care.events';

type Entry = PlanSession & { status: 'booked' | 'cancelled' };

export type PlanCareState =
  | { status: 'none' }
  | { status: 'active' | 'stopped'; episodeId: string; planId?: string; version: number; sessions: Record<string, Entry> };

export type PlanCareCommand =
  | {
    type: 'ApplyPlanCare';
    data: Omit<PlanCareApplied['data'], 'booked' | 'cancelled' | 'appliedAt'> & {
      /** Every session the version orders from its effective date on, each with the id it gets if new. */
      desired: PlanSession[];
      /** Sessions with attendance recorded: history, never cancelled. */
      attended: readonly string[];
      /** The plan's sessions cancelled meanwhile by someone else (POST /v1/sessions/{id}/cancel): never kept. */
      gone?: readonly string[];
    };
    metadata: CommandMetadata;
  }
  | { type: 'StopPlanCare'; data: { episodeId: string; reason: 'discharged' | 'episode-cancelled'; at: string; attended: readonly string[] }; metadata: CommandMetadata };

export const initialState = (): PlanCareState => ({ status: 'none' });

/** The plan's booked sessions that start after an instant and were not attended: the ones a change may take back. */
export function replaceableSessions(state: PlanCareState, after: string, attended: readonly string[]): Entry[] {
  if (state.status === 'none') return [];
  const held = new Set(attended);
  return Object.values(state.sessions).filter((s) => s.status === 'booked' && Date.parse(s.startsAt) > Date.parse(after) && !held.has(s.sessionId));
}

function apply(command: Extract<PlanCareCommand, { type: 'ApplyPlanCare' }>, state: PlanCareState): PlanCareEvent[] {
  const { episodeId, planId, version, effectiveFrom, unplaced, desired, attended, gone = [] } = command.data;
  const data = { episodeId, planId, version, effectiveFrom };
  // Versions arrive in order (one key); a repeated or older version changes nothing.
  if (state.status !== 'none' && state.version >= data.version) return [];
  const replaceable = replaceableSessions(state, data.effectiveFrom, attended);
  const wanted = new Set(desired.map((d) => d.key));
  const cancelledMeanwhile = new Set(gone);
  const kept = new Set(replaceable.filter((s) => wanted.has(s.key) && !cancelledMeanwhile.has(s.sessionId)).map((s) => s.key));
  const cancelled = replaceable.filter((s) => !kept.has(s.key) || cancelledMeanwhile.has(s.sessionId)).map((s) => s.sessionId);
  const booked = desired.filter((d) => !kept.has(d.key));
  return [{ type: 'PlanCareApplied', data: { ...data, booked, cancelled, unplaced, appliedAt: command.metadata.now } }];
}

function stop(command: Extract<PlanCareCommand, { type: 'StopPlanCare' }>, state: PlanCareState): PlanCareEvent[] {
  if (state.status !== 'active') return [];
  const { episodeId, reason, at, attended } = command.data;
  const cancelled = replaceableSessions(state, at, attended).map((s) => s.sessionId);
  return [{ type: 'PlanCareStopped', data: { episodeId, reason, at, cancelled, stoppedAt: command.metadata.now } }];
}

export function decide(command: PlanCareCommand, state: PlanCareState): PlanCareEvent[] {
  switch (command.type) {
    case 'ApplyPlanCare': return apply(command, state);
    case 'StopPlanCare': return stop(command, state);
    default: return assertNever(command);
  }
}

const cancel = (sessions: Record<string, Entry>, ids: readonly string[]) => {
  const next = { ...sessions };
  for (const id of ids) if (next[id]) next[id] = { ...next[id], status: 'cancelled' };
  return next;
};

export function evolve(state: PlanCareState, event: PlanCareEvent): PlanCareState {
  switch (event.type) {
    case 'PlanCareApplied': {
      const { episodeId, planId, version, booked, cancelled } = event.data;
      const sessions = cancel(state.status === 'none' ? {} : state.sessions, cancelled);
      for (const s of booked) sessions[s.sessionId] = { ...s, status: 'booked' };
      return { status: state.status === 'stopped' ? 'stopped' : 'active', episodeId, planId, version, sessions };
    }
    case 'PlanCareStopped':
      return state.status === 'none' ? state : { ...state, status: 'stopped', sessions: cancel(state.sessions, event.data.cancelled) };
    default:
      return assertNever(event);
  }
}

export const planCareDecider: Decider<PlanCareCommand, PlanCareEvent, PlanCareState> = { decide, evolve, initialState };
export const planCareStream = (episodeId: string) => ({ id: `plan-care-${episodeId}`, type: 'plan-care' });
