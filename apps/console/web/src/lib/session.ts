import { useQuery } from '@tanstack/react-query';
import type { Session } from '../api/client';
import { sessionQuery } from './query-client';

/** The signed-in user (GET /auth/session), once per page load. */
export const useSession = () => useQuery<Session>(sessionQuery);

/** Whether the user holds any of these roles: the console shows a form only to those the API lets use it. */
export const hasRole = (session: Session | undefined, ...roles: string[]): boolean => !!session && session.roles.some((r) => roles.includes(r));
