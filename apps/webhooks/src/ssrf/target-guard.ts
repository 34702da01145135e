/**
 * Checks a webhook URL when it is subscribed and again before every delivery, after DNS resolution: a name that
 * resolved to a public address yesterday and to 10.0.0.5 today is refused today (DNS rebinding). The sender then
 * connects to the address checked here, never to a second, unchecked resolution of the name.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { AddressPolicy } from './address-policy';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

/** A target the policy forbids: not retried into success by waiting, shown to the admin as is. */
export class TargetRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TargetRefused';
  }
}

/** The name did not resolve (now): a network failure like any other, retried on the schedule. */
export class TargetUnresolved extends Error {
  constructor(hostname: string, cause: string) {
    super(`${hostname} did not resolve: ${cause}`);
    this.name = 'TargetUnresolved';
  }
}

export interface Target {
  url: URL;
  /** The checked address to connect to. */
  address: string;
  family: 4 | 6;
  port: number;
  tls: boolean;
  /** The name for TLS SNI and certificate checks (absent for IP literals). */
  servername?: string;
}

export interface TargetGuardOptions {
  allowHttp: boolean;
  dnsCacheMs: number;
  resolve?: Resolve;
  now?: () => number;
}

const DNS_TIMEOUT_MS = 5_000;

const systemResolve: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

export class TargetGuard {
  private readonly cache = new Map<string, { addresses: ResolvedAddress[]; until: number }>();
  private readonly resolveName: Resolve;
  private readonly now: () => number;

  constructor(private readonly policy: AddressPolicy, private readonly options: TargetGuardOptions) {
    this.resolveName = options.resolve ?? systemResolve;
    this.now = options.now ?? Date.now;
  }

  /** Syntax and scheme only: https (http when allowed), no credentials, no fragment. */
  parse(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new TargetRefused('is not an absolute URL');
    }
    const schemes = this.options.allowHttp ? ['https:', 'http:'] : ['https:'];
    if (!schemes.includes(url.protocol)) throw new TargetRefused(`must use ${schemes.map((s) => s.slice(0, -1)).join(' or ')}`);
    if (url.username || url.password) throw new TargetRefused('must not carry credentials (the signature authenticates deliveries)');
    if (url.hash) throw new TargetRefused('must not have a fragment');
    if (!url.hostname) throw new TargetRefused('has no host');
    return url;
  }

  /** Before a delivery: every address the name resolves to must be allowed; the first one is used. */
  async resolve(url: URL): Promise<Target> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const literal = isIP(host);
    const addresses: ResolvedAddress[] = literal ? [{ address: host, family: literal === 6 ? 6 : 4 }] : await this.lookup(host);
    for (const a of addresses) {
      const verdict = this.policy.check(a.address);
      if (!verdict.allowed) throw new TargetRefused(literal ? `is ${verdict.reason}` : `resolves to ${verdict.reason}`);
    }
    const tls = url.protocol === 'https:';
    const port = url.port ? Number(url.port) : tls ? 443 : 80;
    return { url, address: addresses[0].address, family: addresses[0].family, port, tls, ...(literal ? {} : { servername: host }) };
  }

  /** When subscribing: a name that does not resolve yet is accepted, since every delivery checks it again. */
  async vet(raw: string): Promise<URL> {
    const url = this.parse(raw);
    try {
      await this.resolve(url);
    } catch (err) {
      if (!(err instanceof TargetUnresolved)) throw err;
    }
    return url;
  }

  private async lookup(hostname: string): Promise<ResolvedAddress[]> {
    const cached = this.cache.get(hostname);
    if (cached && cached.until > this.now()) return cached.addresses;
    let addresses: ResolvedAddress[];
    try {
      addresses = await withTimeout(this.resolveName(hostname), DNS_TIMEOUT_MS);
    } catch (err) {
      throw new TargetUnresolved(hostname, (err as { code?: string }).code ?? (err as Error).message);
    }
    if (addresses.length === 0) throw new TargetUnresolved(hostname, 'no addresses');
    if (this.cache.size > 10_000) this.cache.clear();
    if (this.options.dnsCacheMs > 0) this.cache.set(hostname, { addresses, until: this.now() + this.options.dnsCacheMs });
    return addresses;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
