/**
 * Documentation rules as named functions (pure: no clock; times arrive as ISO strings from the command).
 */
import type { FieldError } from '@iop/decider';
import type { NoteContent, NoteType } from './note.events';

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

/** What a note of each type must, and must not, hold. An empty note documents nothing, so it is refused. */
export function noteContentProblems(noteType: NoteType, content: NoteContent): FieldError[] {
  const errors: FieldError[] = [];
  if (blank(content.body)) errors.push({ path: 'body', message: 'must not be empty' });
  if (noteType === 'group-session' && blank(content.groupSummary)) {
    errors.push({ path: 'groupSummary', message: 'a group note needs the group summary as well as the individualized section (body)' });
  }
  if (noteType !== 'group-session' && content.groupSummary !== undefined) {
    errors.push({ path: 'groupSummary', message: 'only group-session notes have a group summary' });
  }
  if (noteType === 'crisis' && !content.crisis) errors.push({ path: 'crisis', message: 'a crisis note records the assessed risk level' });
  if (noteType !== 'crisis' && content.crisis) errors.push({ path: 'crisis', message: 'only crisis notes carry a crisis assessment' });
  const call = content.onCallContact;
  if (call && (blank(call.who) || blank(call.outcome))) {
    errors.push({ path: 'onCallContact', message: 'who was contacted and the outcome must not be empty' });
  }
  return errors;
}

const HOUR_MS = 3_600_000;

/**
 * A late entry: signed more than `lateAfterHours` after the session began (default 72 h, a tenant setting; many
 * payers and state rules ask for notes within 24-72 hours). Notes not tied to a session count from their draft.
 */
export const signedLate = (since: string, signedAt: string, lateAfterHours: number): boolean =>
  Date.parse(signedAt) - Date.parse(since) > lateAfterHours * HOUR_MS;

export type CosignPolicy = { roles: readonly string[]; credentials: readonly string[] };

/** Supervision: the author's role or registered credential (e.g. an associate-level counselor) is on the tenant's list. */
export const authorNeedsCosignature = (policy: CosignPolicy, author: { roles: readonly string[]; credential?: string | null }): boolean =>
  author.roles.some((r) => policy.roles.includes(r)) || (!!author.credential && policy.credentials.includes(author.credential));
