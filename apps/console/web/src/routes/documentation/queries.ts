/**
 * The queue's reads, one per section, each its own query (a section the user's roles do not reach says so, the rest
 * still show). Keys start with 'documentation' so that a finished item refreshes every section it may leave.
 */
import { useQuery } from '@tanstack/react-query';
import { admissions, clinicalNotes, outcomes, scheduling, unwrap } from '../../api/client';

/** One page per section: a queue longer than this says "100+" and shows the oldest first. */
export const QUEUE_PAGE = 100;
/** Plans falling due within this many days show with the overdue ones. */
export const PLAN_DUE_SOON_DAYS = 7;

export const queueKey = (section: string, ...rest: unknown[]) => ['documentation', section, ...rest];

export const useMissingNotes = (subject: string) =>
  useQuery({
    queryKey: queueKey('missing-notes', subject),
    queryFn: () => unwrap(clinicalNotes.GET('/v1/notes/missing', { params: { query: { clinician: subject, limit: QUEUE_PAGE } } })),
  });

export const useDrafts = () =>
  useQuery({
    queryKey: queueKey('drafts'),
    queryFn: () => unwrap(clinicalNotes.GET('/v1/notes', { params: { query: { author: 'me', status: 'draft', limit: QUEUE_PAGE } } })),
  });

export const useAwaitingCosign = () =>
  useQuery({
    queryKey: queueKey('awaiting-cosign'),
    queryFn: () => unwrap(clinicalNotes.GET('/v1/notes/awaiting-cosign', { params: { query: { limit: QUEUE_PAGE } } })),
  });

export const usePlansDue = (subject: string) =>
  useQuery({
    queryKey: queueKey('plans', subject),
    queryFn: () =>
      unwrap(clinicalNotes.GET('/v1/treatment-plans/overdue', { params: { query: { clinician: subject, dueWithinDays: PLAN_DUE_SOON_DAYS, limit: QUEUE_PAGE } } })),
  });

/** The measures due of the episodes on whose care team the clinician is (outcomes keeps a copy of admissions' care teams). */
export const useMeasuresDue = (subject: string) =>
  useQuery({
    queryKey: queueKey('measures', subject),
    queryFn: async () => {
      const query = { careTeamMember: subject, limit: QUEUE_PAGE };
      const [due, overdue] = await Promise.all([
        unwrap(outcomes.GET('/v1/measures/due', { params: { query } })),
        unwrap(outcomes.GET('/v1/measures/overdue', { params: { query } })),
      ]);
      return { due, overdue };
    },
  });

/** The reviews due of the episodes on whose care team the clinician is (admissions keeps the care teams). */
export const useReviewsDue = (subject: string) =>
  useQuery({
    queryKey: queueKey('reviews', subject),
    queryFn: () => unwrap(admissions.GET('/v1/episodes/due-for-review', { params: { query: { careTeamMember: subject, limit: QUEUE_PAGE } } })),
  });

/** The open outreach tasks of the episodes on whose care team the clinician is (scheduling keeps a copy of the care teams). */
export const useOutreachTasks = (subject: string) =>
  useQuery({
    queryKey: queueKey('outreach', subject),
    queryFn: () => unwrap(scheduling.GET('/v1/outreach-tasks', { params: { query: { careTeamMember: subject, status: 'open', limit: QUEUE_PAGE } } })),
  });
