import { QueryClient } from '@tanstack/react-query';
import { ApiError, getSession, SigningIn } from '../api/client';

/** The app's one query cache: the provider's, and route loaders' (which start reads before their screen renders). */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A problem the API answered (4xx) will not change on retry; a network hiccup or a 503 may.
      retry: (count, error) => !(error instanceof SigningIn) && !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

/** GET /auth/session, once per page load (`useSession` reads the same entry). */
export const sessionQuery = { queryKey: ['session'], queryFn: getSession, staleTime: Infinity, retry: false } as const;
