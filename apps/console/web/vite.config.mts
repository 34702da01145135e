/**
 * The console's single-page app. `vite build --config apps/console/web/vite.config.mts` writes dist/apps/console/web,
 * which the BFF serves under a CSP of script-src 'self'; style-src 'self': so nothing is inlined (no inline scripts or
 * styles in index.html, no data: assets). `vite --config ...` is a development server only: it proxies
 * `/api/<service>` to the local services with a development token and answers `/auth/session` itself, standing in for
 * the BFF; neither the token nor the stub is part of the build.
 */
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const workspace = resolve(here, '..', '..', '..');

/** The services' default ports (libs/platform/src/config/service-config.ts); `<SERVICE>_PORT` moves one, as it does the service. */
const SERVICE_PORTS = { admissions: 3101, scheduling: 3102, 'clinical-notes': 3103, outcomes: 3104, webhooks: 3105 } as const;

const DEV_TENANT = process.env.CONSOLE_DEV_TENANT ?? 'demo-clinic';
const DEV_ROLES = (process.env.CONSOLE_DEV_ROLES ?? 'intake,clinician,supervisor,front-desk').split(',');
const DEV_SUBJECT = 'console-dev';
const DEV_NAME = 'Dev Console User';

/** A token of the local identity for the dev proxy (`CONSOLE_DEV_TOKEN` to bring one), minted once per dev server. */
function devToken(): string {
  if (process.env.CONSOLE_DEV_TOKEN) return process.env.CONSOLE_DEV_TOKEN;
  const out = execFileSync('npm', ['run', '-s', 'token', '--', '--tenant', DEV_TENANT, '--roles', DEV_ROLES.join(','), '--subject', DEV_SUBJECT, '--name', DEV_NAME], { cwd: workspace, encoding: 'utf8' });
  return out.trim().split('\n').pop()!;
}

function devProxy(): Record<string, ProxyOptions> {
  const token = devToken();
  return Object.fromEntries(Object.entries(SERVICE_PORTS).map(([name, port]) => {
    const envPort = process.env[`${name.toUpperCase().replace(/-/g, '_')}_PORT`];
    return [`/api/${name}/`, {
      target: `http://127.0.0.1:${envPort ?? port}`,
      changeOrigin: true,
      rewrite: (path: string) => path.slice(`/api/${name}`.length),
      headers: { authorization: `Bearer ${token}` },
    } satisfies ProxyOptions];
  }));
}

/** Stands in for the BFF's session routes on the dev server only (the BFF is apps/console/server). */
function devSession(): Plugin {
  return {
    name: 'console-dev-session',
    configureServer(server) {
      server.middlewares.use('/auth/session', (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ subject: DEV_SUBJECT, name: DEV_NAME, tenant: DEV_TENANT, roles: DEV_ROLES, csrfToken: 'dev-csrf' }));
      });
      server.middlewares.use('/auth/logout', (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ logoutUrl: '/' }));
      });
      server.middlewares.use('/auth/login', (req, res) => {
        const returnTo = new URL(req.url ?? '/', 'http://dev').searchParams.get('returnTo') ?? '/today';
        res.statusCode = 302;
        res.setHeader('location', returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/today');
        res.end();
      });
    },
  };
}

export default defineConfig(({ command }) => ({
  root: here,
  base: '/',
  publicDir: resolve(here, 'public'),
  plugins: [react(), ...(command === 'serve' ? [devSession()] : [])],
  resolve: {
    // Pure constants shared with the services (the ASAM dimensions and levels); no framework comes with them.
    alias: { '@iop/asam-criteria': resolve(workspace, 'libs/asam-criteria/src/index.ts') },
  },
  build: {
    outDir: resolve(workspace, 'dist/apps/console/web'),
    emptyOutDir: true,
    sourcemap: true,
    // No data: URIs and no inline module-preload polyfill: the CSP allows files from the console's origin only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // The plumbing every screen uses (the API clients, the form fields over React Aria, the labels, the query
            // hooks), in one chunk with the framework it needs rather than a chunk each: a chart opened cold fetched
            // seven more files of a few hundred bytes to a few kB, queued behind the browser's six connections to the
            // origin, before it could ask for its data. Today's first load then carries form code it does not use
            // (about 60 kB gzipped). Screens (routes/) stay out of it: a screen's stylesheet must follow the global one.
            { name: 'shared', test: /apps[\\/]console[\\/]web[\\/]src[\\/](api|components|lib)[\\/]|node_modules[\\/]@tanstack[\\/]/, minShareCount: 2 },
          ],
        },
      },
    },
  },
  server: command === 'serve' ? { host: '127.0.0.1', port: Number(process.env.CONSOLE_DEV_PORT ?? 5173), proxy: devProxy() } : undefined,
}));
