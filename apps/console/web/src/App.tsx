import { lazy, Suspense, useEffect, useRef } from 'react';
import { RouterProvider as AriaRouterProvider } from 'react-aria-components';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useHref, useLocation, useNavigate } from 'react-router-dom';
import { Header } from './components/Header';
import { Loading, ProblemMessage } from './components/feedback';
import { PatientContextProvider } from './lib/patient-context';
import { useSession } from './lib/session';
import { useTitle } from './lib/title';

// One chunk per screen: the first load carries the shell and the screen asked for only. (The `.js` is for the root
// tsconfig's node16 resolution, which this CommonJS-format file is also checked with; Vite resolves it to the .tsx.)
const Today = lazy(() => import('./routes/Today.js').then((m) => ({ default: m.Today })));
const SessionPage = lazy(() => import('./routes/SessionPage.js').then((m) => ({ default: m.SessionPage })));
const Intake = lazy(() => import('./routes/Intake.js').then((m) => ({ default: m.Intake })));
const PatientSearch = lazy(() => import('./routes/PatientSearch.js').then((m) => ({ default: m.PatientSearch })));
const PatientChart = lazy(() => import('./routes/PatientChart.js').then((m) => ({ default: m.PatientChart })));
const Dashboard = lazy(() => import('./routes/Dashboard.js').then((m) => ({ default: m.Dashboard })));
const Documentation = lazy(() => import('./routes/Documentation.js').then((m) => ({ default: m.Documentation })));
const Admin = lazy(() => import('./routes/Admin.js').then((m) => ({ default: m.Admin })));
const AdminIntegrations = lazy(() => import('./routes/AdminIntegrations.js').then((m) => ({ default: m.AdminIntegrations })));
const AdminDeadLetters = lazy(() => import('./routes/AdminDeadLetters.js').then((m) => ({ default: m.AdminDeadLetters })));

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

const router = createBrowserRouter([
  {
    path: '/',
    element: <Layout />,
    children: [
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
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
