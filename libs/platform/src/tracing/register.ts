/**
 * The first import of a service's `main.ts` (`import '@iop/platform/tracing/register'` would reach the whole
 * platform first: this file imports only the tracing module). Starts tracing, when the `OTEL_*` variables enable it,
 * before pg, kafkajs and Fastify are required. The service's name is the directory of the `main` file that runs
 * (`apps/<service>/src/main`), unless `OTEL_SERVICE_NAME` says otherwise.
 */
import { basename, dirname } from 'node:path';
import { startTracing } from './tracing';

const main = require.main?.filename ?? process.argv[1] ?? '';
startTracing(basename(dirname(dirname(main))) || 'iop');
