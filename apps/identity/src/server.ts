/**
 * Starts the local OpenID Connect provider on its own HTTP server (so tests and `npm start` can stop it cleanly).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { demoAccounts } from './accounts';
import type { IdentityConfig } from './config';
import { createProvider } from './provider';

export interface RunningIdentity {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function startIdentity(config: IdentityConfig): Promise<RunningIdentity> {
  const log = pino({ name: 'identity', level: config.logLevel });
  const provider = createProvider(config, demoAccounts(config.tenant), log);
  const server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  log.info({ issuer: config.issuer, port }, `identity (development OpenID Connect provider) listening on http://${config.host}:${port}, issuer ${config.issuer}`);
  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
