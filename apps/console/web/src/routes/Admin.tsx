/**
 * Administration (`/admin`): the signed-in user's roles as the token carries them, locations with their session blocks,
 * curriculum and on-call roster, and the clinic's settings in each service. Each part shows to the roles its API
 * serves: the admin sees all of it, a supervisor the on-call roster, the medical director the curriculum; an integrator
 * is sent to the integrations portal, the one part that is theirs.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { scheduling, unwrap } from '../api/client';
import { Loading, ProblemMessage } from '../components/feedback';
import { hasRole, useSession } from '../lib/session';
import { useTitle } from '../lib/title';
import { AdminNav } from './admin/AdminNav';
import { Locations } from './admin/Locations';
import { AdmissionsSettingsPanel, DocumentationSettingsPanel, OutcomeSettingsPanel, ProgramSettingsPanel, SafetyAlertSettingsPanel } from './admin/Settings';

export function Admin() {
  useTitle('Administration');
  const session = useSession();
  const isAdmin = hasRole(session.data, 'admin');
  const readsLocations = hasRole(session.data, 'admin', 'supervisor', 'medical-director');
  return (
    <section aria-labelledby="admin-heading">
      <h1 id="admin-heading">Administration</h1>
      {isAdmin && <AdminNav />}
      {!readsLocations && (
        <p>
          Administration is for the clinic's admin.
          {hasRole(session.data, 'integrator') && (
            <>
              {' '}
              Your webhook subscriptions and their deliveries are in the <Link to="/admin/integrations">integrations portal</Link>.
            </>
          )}
        </p>
      )}
      <YourAccess />
      {readsLocations && <Locations />}
      {isAdmin && (
        <section aria-labelledby="settings-heading">
          <h2 id="settings-heading">Program settings</h2>
          <ProgramSettingsPanel />
          <AdmissionsSettingsPanel />
          <OutcomeSettingsPanel />
          <SafetyAlertSettingsPanel />
          <DocumentationSettingsPanel />
        </section>
      )}
    </section>
  );
}

/** GET /v1/me: what the services read from the token. The platform keeps no staff directory of its own. */
function YourAccess() {
  const me = useQuery({ queryKey: ['me'], queryFn: () => unwrap(scheduling.GET('/v1/me')) });
  return (
    <section className="panel" aria-labelledby="access-heading">
      <h2 id="access-heading">Your access</h2>
      {me.isPending && <Loading what="your access" />}
      <ProblemMessage error={me.error} />
      {me.data && (
        <dl className="facts">
          <div>
            <dt>Name</dt>
            <dd>{me.data.name ?? '—'}</dd>
          </div>
          <div>
            <dt>Staff id (token subject)</dt>
            <dd>
              <code>{me.data.subject}</code>
            </dd>
          </div>
          <div>
            <dt>Clinic</dt>
            <dd>{me.data.tenantId}</dd>
          </div>
          <div>
            <dt>Roles</dt>
            <dd>{me.data.roles.length ? me.data.roles.join(', ') : 'None of the platform\'s roles'}</dd>
          </div>
        </dl>
      )}
      <p className="subtle">
        These are the roles your sign-in token carries, as the services read them. There is no staff directory in the platform: staff, their roles and
        their credentials are kept in the clinic's identity provider, and a change there shows here at the next sign-in.
      </p>
    </section>
  );
}
