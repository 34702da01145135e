/* global process, fetch, AbortSignal -- run by Node in the image, outside the TypeScript build */
// The image's HEALTHCHECK: GET /health/live on the service's own port, with Node's fetch (the image has no curl).
// The port is the service's `<SERVICE>_PORT` when set, else its default (libs/platform/src/config/service-config.ts).
const DEFAULT_PORTS = { identity: 3099, console: 3100, admissions: 3101, scheduling: 3102, 'clinical-notes': 3103, outcomes: 3104, webhooks: 3105 };
const service = process.env.IOP_SERVICE || '';
const port = process.env[`${service.toUpperCase().replace(/-/g, '_')}_PORT`] || DEFAULT_PORTS[service];
fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(2500) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
