/** One shift of the roster: instants (UTC ISO-8601); `contact` is how to reach the staff member, staff data only. */
export interface OnCallShift {
  staffId: string;
  from: string;
  to: string;
  contact: string;
}

/**
 * The shifts starting in [from, to) were replaced by `shifts` (an empty list clears the period). The whole period is
 * in the event, so the latest events say what the roster is without reading earlier ones for that period.
 */
export type OnCallRosterReplaced = {
  type: 'OnCallRosterReplaced';
  data: { locationId: string; from: string; to: string; shifts: OnCallShift[]; overlapAllowed: boolean; replacedBy: string; replacedAt: string };
};

export type OnCallEvent = OnCallRosterReplaced;
