/**
 * Search results (`/patients?lastName=&dateOfBirth=`), from the header's search: admissions' patient search (every
 * search is audited there, with the ids it returned). A result opens the chart.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { admissions, unwrap } from '../api/client';
import { Loading, ProblemMessage } from '../components/feedback';
import { calendarDate } from '../lib/dates';
import { useTitle } from '../lib/title';

export function PatientSearch() {
  const [params] = useSearchParams();
  const lastName = params.get('lastName')?.trim() || undefined;
  const dateOfBirth = params.get('dateOfBirth') || undefined;
  const asked = !!(lastName || dateOfBirth);
  useTitle('Find a patient');
  const results = useQuery({
    queryKey: ['patient-search', lastName, dateOfBirth],
    enabled: asked,
    queryFn: () => unwrap(admissions.GET('/v1/patients', { params: { query: { lastName, dateOfBirth, limit: 50 } } })),
  });
  const what = [lastName && `last name “${lastName}”`, dateOfBirth && `born ${calendarDate(dateOfBirth)}`].filter(Boolean).join(', ');
  return (
    <section aria-labelledby="search-heading">
      <h1 id="search-heading">Find a patient</h1>
      {!asked ? (
        <p className="muted">Search by last name, date of birth or both, from the search in the header.</p>
      ) : results.isPending ? (
        <Loading what="the patients found" />
      ) : results.error ? (
        <ProblemMessage error={results.error} />
      ) : (
        <>
          <p role="status">
            {results.data.items.length === 0 ? 'No patient' : results.data.items.length === 1 ? '1 patient' : `${results.data.items.length} patients`} with {what}
            {results.data.nextCursor ? ' (the first 50: narrow the search)' : ''}.
          </p>
          {results.data.items.length > 0 && (
            <ul className="cards search-results">
              {results.data.items.map((p) => (
                <li key={p.patientId} className="card">
                  <Link className="card-link" to={`/patients/${p.patientId}`}>
                    {p.firstName} {p.lastName}
                  </Link>
                  <div className="card-meta">
                    <span>born {calendarDate(p.dateOfBirth)}</span>
                    {p.alumni && <span>alumni</span>}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
