/** What the demo seed's cohorts share: service URLs, tokens, dates, and a request that must succeed. */
import { api, eventually, type ApiResponse } from '../../e2e/api';

export { addDays } from '@iop/calendar';

export type Service = 'admissions' | 'scheduling' | 'clinical-notes' | 'outcomes' | 'webhooks';
export type Url = (service: Service) => string;
export type Tokens = { admin: string; intake: string; clinician: string; supervisor: string; psychiatrist: string; nurse: string };
export type Booking = { sessionId: string; startsAt: string; endsAt: string; noCharge?: boolean };

const DAY_MS = 86_400_000;

/** The calendar day (UTC) `offset` days from today. The seed is not domain code: it may read the clock. */
export const day = (offset: number): string => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

/**
 * A command. The services answer 409 concurrency-conflict ("reload and retry") when one of their consumers appended
 * to the same stream meanwhile (e.g. attendance evidence on an episode); nothing was written, so it is sent again.
 */
export async function post(base: string, path: string, token: string, body: unknown): Promise<ApiResponse> {
  for (let attempt = 1; ; attempt++) {
    const res = await api(base, 'POST', path, token, body);
    if (res.status !== 409 || !String(res.body?.type).endsWith('/concurrency-conflict') || attempt >= 8) return res;
    await new Promise((r) => setTimeout(r, 50 * attempt));
  }
}

export function ok(res: ApiResponse, what: string): ApiResponse {
  if (res.status >= 300) throw new Error(`seeding: ${what} answered ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/** Admissions learns locations from scheduling's events: an admission is refused until it has. */
export async function admit(url: Url, t: Tokens, referralId: string, body: { locationId: string; track: string; startDate: string; levelOfCare: string; admittedAt?: string }): Promise<string> {
  let last: ApiResponse | undefined;
  const res = await eventually(async () => {
    last = await post(url('admissions'), `/v1/referrals/${referralId}/admission`, t.intake, body);
    return last.status === 201 ? last : undefined;
  }, 60_000, 'admissions to learn the locations').catch((err: Error) => {
    throw new Error(`${err.message}; last answer ${last?.status} ${JSON.stringify(last?.body)}`);
  });
  return res.body.episodeId as string;
}

/** Scheduling books the episode once it has consumed PatientAdmitted. */
export async function enrollmentOf(url: Url, t: Tokens, episodeId: string): Promise<Booking[]> {
  const enrollment = await eventually(async () => {
    const e = await api(url('scheduling'), 'GET', `/v1/enrollments/${episodeId}`, t.clinician);
    return e.status === 200 ? e.body : undefined;
  }, 60_000, 'enrollment');
  return enrollment.bookings as Booking[];
}

/** Outcomes opens its record of the episode from PatientAdmitted; attendance sent before that is retried with backoff. */
export async function outcomesKnows(url: Url, t: Tokens, episodeId: string): Promise<void> {
  await eventually(async () => ((await api(url('outcomes'), 'GET', `/v1/episodes/${episodeId}/measures`, t.clinician)).status === 200 ? true : undefined), 60_000, 'outcomes to know the episode');
}

export const sessionMinutes = (b: Booking): number => Math.round((Date.parse(b.endsAt) - Date.parse(b.startsAt)) / 60_000);

export type FollowUp = { followUpId: string; sequence: number; offsetDays: number; dueDate: string; windowStart: string; windowEnd: string; status: string };

/** Outcomes schedules the follow-ups once it has consumed PatientDischarged. */
export async function followUpsOf(url: Url, t: Tokens, episodeId: string): Promise<FollowUp[]> {
  return eventually(async () => {
    const f = await api(url('outcomes'), 'GET', `/v1/episodes/${episodeId}/follow-ups`, t.clinician);
    return f.status === 200 && f.body.items.length ? (f.body.items as FollowUp[]) : undefined;
  }, 60_000, 'follow-ups');
}
