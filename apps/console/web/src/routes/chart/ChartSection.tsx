import type { UseQueryResult } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { Loading, ProblemMessage } from '../../components/feedback';

/**
 * One part of the chart with its own read: each loads, fails and is refused on its own, so that a part the user's roles
 * do not reach (a 403) says so, or is left out where the brief asks (`hideWhenForbidden`), and the rest still shows.
 * A 404 is the API saying there is none yet (`empty`). `skipped`: the part's read was not asked for (its query disabled),
 * for the reason given, which shows instead: the user's roles cannot read it, or there cannot be any yet.
 */
export function ChartSection<T>({ title, query, empty, hideWhenForbidden, skipped, children }: {
  title: string;
  query: Pick<UseQueryResult<T>, 'isPending' | 'error' | 'data'>;
  empty?: string;
  hideWhenForbidden?: boolean;
  skipped?: string;
  children: (data: T) => ReactNode;
}) {
  const id = useId();
  const status = query.error instanceof ApiError ? query.error.status : undefined;
  if (status === 403 && hideWhenForbidden) return null;
  if (skipped !== undefined) {
    return (
      <section className="panel chart-section" aria-labelledby={id}>
        <h2 id={id}>{title}</h2>
        <p className="muted">{skipped}</p>
      </section>
    );
  }
  return (
    <section className="panel chart-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {query.isPending && !query.error && <Loading what={title.toLowerCase()} />}
      {status === 403 ? (
        <p className="muted">Not shown to your roles.</p>
      ) : status === 404 ? (
        <p className="muted">{empty ?? 'None recorded.'}</p>
      ) : (
        <ProblemMessage error={query.error} />
      )}
      {query.data !== undefined && children(query.data)}
    </section>
  );
}
