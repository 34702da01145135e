/** An https endpoint with a self-signed certificate for `localhost`: records the TLS server name clients ask for. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const opensslAvailable = (): boolean => spawnSync('openssl', ['version']).status === 0;

export class TlsReceiver {
  private constructor(private readonly server: Server, readonly port: number, private readonly seen: { serverNames: string[]; requests: number }) {}

  /** TLS server names (SNI) clients asked for. */
  get serverNames(): string[] {
    return this.seen.serverNames;
  }

  /** HTTP requests that got through the handshake. */
  get requests(): number {
    return this.seen.requests;
  }

  static async start(): Promise<TlsReceiver> {
    const dir = mkdtempSync(join(tmpdir(), 'wh-tls-'));
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost']);
    if (made.status !== 0) throw new Error(`openssl: ${made.stderr.toString()}`);
    const seen = { serverNames: [] as string[], requests: 0 };
    const server = createServer({ key: readFileSync(key), cert: readFileSync(cert), SNICallback: (name, cb) => { seen.serverNames.push(name); cb(null); } }, (_req, res) => {
      seen.requests++;
      res.writeHead(204).end();
    });
    rmSync(dir, { recursive: true, force: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new TlsReceiver(server, (server.address() as AddressInfo).port, seen);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
