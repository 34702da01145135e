/** Shared facts for decider specs: command metadata and a New York evening location's sessions. */
import type { CommandMetadata } from '@iop/decider';
import type { SessionBlock } from '../domain/location/location.events';
import { planProgramWeek } from '../domain/location/series-plan';
import type { Candidate } from '../domain/enrollment/enrollment-plan';

export const meta = (now: string, roles: string[] = ['clinician']): CommandMetadata => ({
  now, tenantId: 'tenant-spec', actor: { subject: 'staff-1', roles }, correlationId: 'corr-1',
});

export const EVENING: SessionBlock = { track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' };

/** Candidates with ids `s-<weekStart>-<n>` for the given weeks, each with the given free seats. */
export function candidatesFor(blocks: SessionBlock[], timezone: string, weeks: string[], seatsLeft = 5): Candidate[] {
  return weeks.flatMap((w) =>
    planProgramWeek(blocks, 'evening', w, timezone).map((p, i) => ({
      sessionId: `s-${w}-${i}`, type: p.type, startsAt: p.startsAt, endsAt: p.endsAt, seatsLeft,
    })),
  );
}
