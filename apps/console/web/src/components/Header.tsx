import { Button } from 'react-aria-components';
import { useState, type FormEvent } from 'react';
import { NavLink, useNavigate } from 'react-router-dom';
import { getSession } from '../api/client';
import { calendarDate } from '../lib/dates';
import { usePatientInContext } from '../lib/patient-context';
import { hasRole, useSession } from '../lib/session';

/**
 * POST /auth/logout ends the console's session and answers `{ logoutUrl }`: the identity provider's end-session page
 * (which comes back to the console), so that the provider's own sign-in ends too. Without one, the console's root
 * signs in again.
 */
async function signOut(): Promise<void> {
  const { csrfToken } = await getSession();
  let logoutUrl = '/';
  try {
    const res = await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrfToken, accept: 'application/json' } });
    const body: unknown = res.ok ? await res.json() : undefined;
    if (body && typeof body === 'object' && typeof (body as { logoutUrl?: unknown }).logoutUrl === 'string') logoutUrl = (body as { logoutUrl: string }).logoutUrl;
  } catch {
    // the server did not answer: leaving for the root still asks it whether a session is left
  }
  window.location.assign(logoutUrl);
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
            <li>
              <NavLink to="/documentation">Documentation</NavLink>
            </li>
            {hasRole(session.data, 'admin', 'supervisor', 'medical-director', 'analyst') && (
              <li>
                <NavLink to="/dashboard">Dashboard</NavLink>
              </li>
            )}
            {hasRole(session.data, 'admin', 'supervisor', 'medical-director') && (
              <li>
                <NavLink to="/admin" end>
                  Administration
                </NavLink>
              </li>
            )}
            {hasRole(session.data, 'admin', 'integrator') && (
              <li>
                <NavLink to="/admin/integrations">Integrations</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <PatientSearchBox />
        <div className="who">
          {session.data && (
            <>
              <span className="who-name">
                <span className="visually-hidden">Signed in as </span>
                {session.data.name}
              </span>
              <span className="who-roles">{session.data.roles.join(', ')}</span>
              <span className="who-tenant">Clinic: {session.data.tenant}</span>
            </>
          )}
          <Button className="button button-quiet" onPress={() => void signOut()}>
            Sign out
          </Button>
        </div>
      </div>
      <div className={`patient-bar ${patient ? 'has-patient' : ''}`} role="region" aria-label="Patient in context" aria-live="polite">
        {patient ? (
          <p>
            <span className="patient-bar-label">Patient:</span> <strong>{patient.name}</strong>{' '}
            <span>born {calendarDate(patient.dateOfBirth)}</span>
          </p>
        ) : (
          <p className="muted">No patient selected</p>
        )}
      </div>
    </header>
  );
}

/**
 * Find a patient from anywhere: by last name, date of birth or both (admissions' search, which audits every search).
 * Plain form fields: the header is on the first load of every screen, so it stays light; the results are a screen.
 */
function PatientSearchBox() {
  const navigate = useNavigate();
  const [lastName, setLastName] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (lastName.trim()) q.set('lastName', lastName.trim());
    if (dateOfBirth) q.set('dateOfBirth', dateOfBirth);
    void navigate(`/patients?${q.toString()}`);
  };
  return (
    <form role="search" aria-label="Find a patient" className="patient-search" onSubmit={submit}>
      <label>
        <span className="visually-hidden">Patient surname</span>
        <input type="search" name="lastName" placeholder="Surname" value={lastName} onChange={(e) => setLastName(e.target.value)} maxLength={100} autoComplete="off" />
      </label>
      <label>
        <span className="visually-hidden">Patient birth date</span>
        <input type="date" name="dateOfBirth" value={dateOfBirth} onChange={(e) => setDateOfBirth(e.target.value)} />
      </label>
      <button type="submit" className="button button-secondary" disabled={!lastName.trim() && !dateOfBirth}>
        Find patient
      </button>
    </form>
  );
}
