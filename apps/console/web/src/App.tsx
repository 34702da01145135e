import { type ComponentType, lazy, Suspense, useEffect, useRef } from 'react';
import { RouterProvider as AriaRouterProvider } from 'react-aria-components';
import { createBrowserRouter, type LoaderFunction, matchRoutes, Navigate, Outlet, type RouteObject, RouterProvider, useHref, useLocation, useNavigate, useRouteError } from 'react-router-dom';
import { Header } from './components/Header';
import { Loading, ProblemMessage } from './components/feedback';
import { PatientContextProvider } from './lib/patient-context';
import { queryClient } from './lib/query-client';
import { useSession } from './lib/session';
import { prefetchChart } from './routes/chart/queries';
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
const today = screen(() => import('./routes/Today.js'), (m) => m.Today);
const screenRoutes: { path: string; screen: ReturnType<typeof screen>; loader?: LoaderFunction }[] = [
  { path: 'today', screen: today },
  { path: 'sessions/:sessionId', screen: screen(() => import('./routes/SessionPage.js'), (m) => m.SessionPage) },
  { path: 'intake', screen: screen(() => import('./routes/Intake.js'), (m) => m.Intake) },
  { path: 'patients', screen: screen(() => import('./routes/PatientSearch.js'), (m) => m.PatientSearch) },
  {
    path: 'patients/:patientId', screen: screen(() => import('./routes/PatientChart.js'), (m) => m.PatientChart),
    // The chart's reads are asked for as the route opens, with the screen's code, not once the screen has rendered
    // (routes/chart/queries.ts). The route does not wait for them: each part shows as its read answers.
    loader: ({ params, request }) => {
      void prefetchChart(queryClient, params.patientId ?? '', new URL(request.url).searchParams.get('episode'));
      return null;
    },
  },
  { path: 'dashboard', screen: screen(() => import('./routes/Dashboard.js'), (m) => m.Dashboard) },
  { path: 'documentation', screen: screen(() => import('./routes/Documentation.js'), (m) => m.Documentation) },
  { path: 'admin', screen: screen(() => import('./routes/Admin.js'), (m) => m.Admin) },
  { path: 'admin/integrations', screen: screen(() => import('./routes/AdminIntegrations.js'), (m) => m.AdminIntegrations) },
  { path: 'admin/dead-letters', screen: screen(() => import('./routes/AdminDeadLetters.js'), (m) => m.AdminDeadLetters) },
];

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

const routes: RouteObject[] = [
  {
    path: '/',
    element: <Layout />,
    children: [{ errorElement: <ScreenError />, children: [
      { index: true, element: <Navigate to="/today" replace />, handle: today },
      ...screenRoutes.map(({ path, screen: s, loader }) => ({ path, element: <s.Screen />, handle: s, loader })),
      { path: '*', element: <NotFound /> },
    ] }],
  },
];

// The screen a page load opens is fetched while the session is asked for (screens render once it is known). A failed
// preload is the screen's own load failing, reported where it renders.
(matchRoutes(routes, window.location.pathname)?.at(-1)?.route.handle as ReturnType<typeof screen> | undefined)?.preload().catch(() => undefined);

const router = createBrowserRouter(routes);

export function App() {
  return <RouterProvider router={router} />;
}
