/**
 * The first import of a service's `main.ts`, by its own path (`@iop/platform/tracing/register`): `@iop/platform`
 * would require pg, kafkajs and Fastify before any of this ran. Starts tracing, when the `OTEL_*` variables enable
 * it, before they are required. The service's name is the directory of the `main` file that runs
 * (`apps/<service>/src/main`), unless `OTEL_SERVICE_NAME` says otherwise.
 */
import { basename, dirname } from 'node:path';
import { startTracing } from './tracing';

const main = require.main?.filename ?? process.argv[1] ?? '';
startTracing(basename(dirname(dirname(main))) || 'iop');
