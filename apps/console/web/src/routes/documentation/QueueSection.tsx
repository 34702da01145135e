import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { Loading, ProblemMessage } from '../../components/feedback';

/**
 * One kind of work: its heading with the count, what the list covers (whose work, which patients), then the items or
 * an empty state that says there is nothing to do. Each section reads on its own: one the user's roles do not reach
 * (a 403) says so, and the rest still show.
 */
export function QueueSection<T>({ id, title, count, covers, query, isEmpty, empty, children }: {
  id: string;
  title: string;
  count: string;
  covers: ReactNode;
  query: Pick<UseQueryResult<T>, 'isPending' | 'error' | 'data'>;
  isEmpty: (data: T) => boolean;
  empty: string;
  children: (data: T) => ReactNode;
}) {
  const forbidden = query.error instanceof ApiError && query.error.status === 403;
  return (
    <section className="panel queue-section" id={id} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>
        {title} <span className="count">{forbidden ? '—' : count}</span>
      </h2>
      <p className="subtle">{covers}</p>
      {query.isPending && !query.error && <Loading what={title.toLowerCase()} />}
      {forbidden ? <p className="muted">Not shown to your roles.</p> : <ProblemMessage error={query.error} />}
      {query.data !== undefined && (isEmpty(query.data) ? <p className="muted">{empty}</p> : children(query.data))}
    </section>
  );
}
