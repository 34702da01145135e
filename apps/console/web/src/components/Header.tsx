import { Button } from 'react-aria-components';
import { NavLink } from 'react-router-dom';
import { getSession } from '../api/client';
import { calendarDate } from '../lib/dates';
import { usePatientInContext } from '../lib/patient-context';
import { useSession } from '../lib/session';

async function signOut(): Promise<void> {
  const { csrfToken } = await getSession();
  await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrfToken } });
  // Whatever the answer, this page's session is over: the console's root signs in again.
  window.location.assign('/');
}

/** On every page: who is signed in, the clinic, the patient in context, sign-out, and the screens of this part. */
export function Header() {
  const session = useSession();
  const patient = usePatientInContext();
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="header-row">
        <span className="brand">IOP console</span>
        <nav aria-label="Main">
          <ul className="nav-list">
            <li>
              <NavLink to="/today">Today</NavLink>
            </li>
            <li>
              <NavLink to="/intake">Intake</NavLink>
            </li>
          </ul>
        </nav>
        <div className="who" aria-label="Signed in">
          {session.data && (
            <>
              <span className="who-name">{session.data.name}</span>
              <span className="who-roles">{session.data.roles.join(', ')}</span>
              <span className="who-tenant">Clinic: {session.data.tenant}</span>
            </>
          )}
          <Button className="button button-quiet" onPress={() => void signOut()}>
            Sign out
          </Button>
        </div>
      </div>
      <div className={`patient-bar ${patient ? 'has-patient' : ''}`} aria-live="polite">
        {patient ? (
          <p>
            <span className="patient-bar-label">Patient:</span> <strong data-testid="patient-in-context">{patient.name}</strong>{' '}
            <span>born {calendarDate(patient.dateOfBirth)}</span>
          </p>
        ) : (
          <p className="muted">No patient selected</p>
        )}
      </div>
    </header>
  );
}
