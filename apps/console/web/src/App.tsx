import { type ComponentType, lazy, Suspense, useEffect, useRef } from 'react';
import { RouterProvider as AriaRouterProvider } from 'react-aria-components';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useHref, useLocation, useNavigate, useRouteError } from 'react-router-dom';
import { Header } from './components/Header';
import { Loading, ProblemMessage } from './components/feedback';
import { PatientContextProvider } from './lib/patient-context';
import { useSession } from './lib/session';
import { useTitle } from './lib/title';

/**
 * A screen in its own chunk, and a way to fetch that chunk early. Once fetched, the screen renders at once: a lazy
 * component suspends on its first render even when its code is there, and React then holds the screen back for its
 * fallback's minimum showing time (about 300 ms) before the screen may even start asking for its data.
 */
function screen<M>(load: () => Promise<M>, pick: (m: M) => ComponentType) {
  let loaded: ComponentType | undefined;
  const preload = () => load().then((m) => (loaded = pick(m)));
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));
  function Screen() {
    const Loaded = loaded;
    return Loaded ? <Loaded /> : <Lazy />;
  }
  return { Screen, preload };
}

// One chunk per screen: the first load carries the shell and the screen asked for only. (The `.js` is for the root
// tsconfig's node16 resolution, which this CommonJS-format file is also checked with; Vite resolves it to the .tsx.)
const screens = {
  today: screen(() => import('./routes/Today.js'), (m) => m.Today),
  session: screen(() => import('./routes/SessionPage.js'), (m) => m.SessionPage),
  intake: screen(() => import('./routes/Intake.js'), (m) => m.Intake),
  patients: screen(() => import('./routes/PatientSearch.js'), (m) => m.PatientSearch),
  chart: screen(() => import('./routes/PatientChart.js'), (m) => m.PatientChart),
  dashboard: screen(() => import('./routes/Dashboard.js'), (m) => m.Dashboard),
  documentation: screen(() => import('./routes/Documentation.js'), (m) => m.Documentation),
  admin: screen(() => import('./routes/Admin.js'), (m) => m.Admin),
  integrations: screen(() => import('./routes/AdminIntegrations.js'), (m) => m.AdminIntegrations),
  deadLetters: screen(() => import('./routes/AdminDeadLetters.js'), (m) => m.AdminDeadLetters),
};
const { Screen: Today } = screens.today;
const { Screen: SessionPage } = screens.session;
const { Screen: Intake } = screens.intake;
const { Screen: PatientSearch } = screens.patients;
const { Screen: PatientChart } = screens.chart;
const { Screen: Dashboard } = screens.dashboard;
const { Screen: Documentation } = screens.documentation;
const { Screen: Admin } = screens.admin;
const { Screen: AdminIntegrations } = screens.integrations;
const { Screen: AdminDeadLetters } = screens.deadLetters;

/** The screen a page load opens, fetched while the session is asked for (the screens render once it is known). */
function preloadScreen(path: string): void {
  const [first, second] = path.split('/').filter(Boolean);
  const chosen =
    first === 'sessions' ? screens.session
      : first === 'patients' ? (second ? screens.chart : screens.patients)
        : first === 'admin' ? (second === 'integrations' ? screens.integrations : second === 'dead-letters' ? screens.deadLetters : screens.admin)
          : first === 'intake' || first === 'dashboard' || first === 'documentation' ? screens[first]
            : screens.today;
  // A failed preload is the screen's own load failing, reported there when it renders.
  chosen.preload().catch(() => undefined);
}
preloadScreen(window.location.pathname);

function Layout() {
  const navigate = useNavigate();
  const location = useLocation();
  const session = useSession();
  const main = useRef<HTMLElement>(null);
  // A route change moves focus to the new screen's content, as a page load would for a screen reader (not the first
  // render: the page starts at the top, with the skip link first).
  const shown = useRef(location.pathname);
  useEffect(() => {
    if (shown.current === location.pathname) return;
    shown.current = location.pathname;
    main.current?.focus();
  }, [location.pathname]);
  return (
    <AriaRouterProvider navigate={(to) => void navigate(to)} useHref={useHref}>
      <PatientContextProvider>
        <Header />
        <main id="main" ref={main} tabIndex={-1}>
          {session.isPending ? (
            <Loading what="your session" />
          ) : session.isError ? (
            <ProblemMessage error={session.error} />
          ) : (
            <Suspense fallback={<Loading what="the screen" />}>
              <Outlet />
            </Suspense>
          )}
        </main>
      </PatientContextProvider>
    </AriaRouterProvider>
  );
}

function NotFound() {
  useTitle('Not found');
  return (
    <section>
      <h1>Not found</h1>
      <p>There is no such screen in the console.</p>
    </section>
  );
}

/**
 * A screen that failed while it rendered, in place of the screen (the header stays). Most often its code could not be
 * fetched: the connection dropped, or the console was updated since the page was loaded and the old chunk is gone.
 * Reloading the page fetches the current one.
 */
function ScreenError() {
  const error = useRouteError();
  useTitle('Something went wrong');
  const fetching = error instanceof TypeError && /dynamically imported module|importing a module script/i.test(error.message);
  return (
    <section role="alert" className="problem">
      <h1>{fetching ? 'This screen could not be loaded' : 'Something went wrong on this screen'}</h1>
      <p>{fetching ? 'The connection may have dropped, or the console was updated since this page was opened.' : 'The console met an error it did not expect.'} Reloading the page usually mends it.</p>
      <button type="button" className="button button-secondary" onClick={() => window.location.reload()}>Reload the page</button>
    </section>
  );
}

const router = createBrowserRouter([
  {
    path: '/',
    element: <Layout />,
    children: [{ errorElement: <ScreenError />, children: [
      { index: true, element: <Navigate to="/today" replace /> },
      { path: 'today', element: <Today /> },
      { path: 'sessions/:sessionId', element: <SessionPage /> },
      { path: 'intake', element: <Intake /> },
      { path: 'patients', element: <PatientSearch /> },
      { path: 'patients/:patientId', element: <PatientChart /> },
      { path: 'dashboard', element: <Dashboard /> },
      { path: 'documentation', element: <Documentation /> },
      { path: 'admin', element: <Admin /> },
      { path: 'admin/integrations', element: <AdminIntegrations /> },
      { path: 'admin/dead-letters', element: <AdminDeadLetters /> },
      { path: '*', element: <NotFound /> },
    ] }],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
