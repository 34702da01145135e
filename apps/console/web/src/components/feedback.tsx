import { Button } from 'react-aria-components';
import { ApiError, SigningIn } from '../api/client';

/**
 * A failed save or load, said plainly: the problem's title and detail, and the errors no field of the form shows. A
 * 409 (someone changed it meanwhile, or it is no longer in a state that allows this) offers to reload the current
 * state; what was typed stays in the form until then.
 */
export function ProblemMessage({ error, onReload, shownFields = [] }: { error: unknown; onReload?: () => void; shownFields?: string[] }) {
  if (!error || error instanceof SigningIn) return null;
  if (!(error instanceof ApiError)) {
    return (
      <div role="alert" className="problem">
        <p className="problem-title">Could not reach the console's server. Check the connection and try again.</p>
      </div>
    );
  }
  const { problem } = error;
  const other = (problem.errors ?? []).filter((e) => !shownFields.includes(e.path.replace(/^\//, '').replace(/\//g, '.')));
  return (
    <div role="alert" className="problem">
      <p className="problem-title">{problem.title}</p>
      {problem.detail && problem.detail !== problem.title && <p>{problem.detail}</p>}
      {other.length > 0 && (
        <ul>
          {other.map((e, i) => (
            <li key={i}>
              {e.path ? <code>{e.path}</code> : null} {e.message}
            </li>
          ))}
        </ul>
      )}
      {error.status === 403 && <p>Your roles do not allow this.</p>}
      {error.conflict && onReload && (
        <p>
          Someone else changed this since you opened it.{' '}
          <Button className="button button-secondary" onPress={onReload}>
            Reload the current version
          </Button>
        </p>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}
