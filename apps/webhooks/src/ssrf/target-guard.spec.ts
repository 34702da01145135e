import { AddressPolicy } from './address-policy';
import { type ResolvedAddress, TargetGuard, TargetRefused, TargetUnresolved } from './target-guard';

/** A resolver the test controls: no DNS traffic, no connection anywhere. */
function fakeDns(answers: Record<string, ResolvedAddress[] | Error>) {
  const calls: string[] = [];
  const resolve = async (name: string) => {
    calls.push(name);
    const answer = answers[name];
    if (!answer) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { resolve, calls, answers };
}

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const guard = (dns: ReturnType<typeof fakeDns>, allowHttp = false, dnsCacheMs = 0) => new TargetGuard(new AddressPolicy(), { allowHttp, dnsCacheMs, resolve: dns.resolve });
const refusal = async (p: Promise<unknown>) => p.then(() => 'accepted', (e: Error) => (e instanceof TargetRefused ? `refused: ${e.reason}` : e.name));

describe('the target guard', () => {
  it('refuses a name that resolves to a private address on a later delivery (DNS rebinding)', async () => {
    const dns = fakeDns({ 'hooks.example.com': [v4('93.184.216.34')] });
    const g = guard(dns);
    const url = g.parse('https://hooks.example.com/iop');
    await expect(g.resolve(url)).resolves.toMatchObject({ address: '93.184.216.34', port: 443, tls: true, servername: 'hooks.example.com' });
    dns.answers['hooks.example.com'] = [v4('10.0.0.5')];
    expect(await refusal(g.resolve(url))).toMatch(/refused: resolves to a private/);
  });

  it('refuses a name when any of its addresses is private, and pins the checked one', async () => {
    const dns = fakeDns({ 'mixed.example.com': [v4('93.184.216.34'), v4('169.254.169.254')], 'two.example.com': [v4('93.184.216.34'), v4('93.184.216.35')] });
    expect(await refusal(guard(dns).resolve(new URL('https://mixed.example.com/')))).toMatch(/refused/);
    await expect(guard(dns).resolve(new URL('https://two.example.com:8443/x'))).resolves.toMatchObject({ address: '93.184.216.34', port: 8443 });
  });

  it.each(['https://10.0.0.5/x', 'https://169.254.169.254/latest', 'https://[::1]/x', 'https://[fd00::1]/x', 'https://[::ffff:127.0.0.1]/x', 'https://2130706433/x', 'https://0x7f.1/x'])(
    'refuses the literal %s without any lookup',
    async (raw) => {
      const dns = fakeDns({});
      expect(await refusal(guard(dns).vet(raw))).toMatch(/refused: is a private/);
      expect(dns.calls).toEqual([]);
    },
  );

  it('refuses localhost and loopback names', async () => {
    const dns = fakeDns({ localhost: [v4('127.0.0.1'), { address: '::1', family: 6 }] });
    expect(await refusal(guard(dns).vet('https://localhost:8443/'))).toMatch(/refused: resolves to/);
  });

  it('accepts a name that does not resolve yet when subscribing, but not at delivery', async () => {
    const dns = fakeDns({});
    await expect(guard(dns).vet('https://not-yet.example.com/hook')).resolves.toBeInstanceOf(URL);
    await expect(guard(dns).resolve(new URL('https://not-yet.example.com/hook'))).rejects.toBeInstanceOf(TargetUnresolved);
  });

  it('allows https only (http when configured), no credentials, no fragment', () => {
    const g = guard(fakeDns({}));
    for (const bad of ['http://hooks.example.com/', 'ftp://hooks.example.com/', 'https://user:pw@hooks.example.com/', 'https://hooks.example.com/#x', 'hooks.example.com', 'file:///etc/passwd']) {
      expect(() => g.parse(bad)).toThrow(TargetRefused);
    }
    expect(guard(fakeDns({}), true).parse('http://hooks.example.com/').protocol).toBe('http:');
  });

  it('caches answers for the configured time only', async () => {
    let now = 0;
    const dns = fakeDns({ 'c.example.com': [v4('93.184.216.34')] });
    const g = new TargetGuard(new AddressPolicy(), { allowHttp: false, dnsCacheMs: 1_000, resolve: dns.resolve, now: () => now });
    const url = new URL('https://c.example.com/');
    await g.resolve(url);
    await g.resolve(url);
    now = 1_001;
    await g.resolve(url);
    expect(dns.calls).toHaveLength(2);
  });
});
