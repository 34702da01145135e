import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadAll } from 'js-yaml';
import { isSecretVariable, SERVICES, withSecretFiles, type ServiceDefinition, type ServiceName } from '@iop/platform';
import { admissionsService } from '../../apps/admissions/src/service';
import { clinicalNotesService } from '../../apps/clinical-notes/src/service';
import { outcomesService } from '../../apps/outcomes/src/service';
import { schedulingService } from '../../apps/scheduling/src/service';
import { webhooksService } from '../../apps/webhooks/src/service';
import { fhirService } from '../../apps/fhir/src/service';
import { fhirPseudonymizer } from '../../apps/fhir/src/export/deidentify';
import { ensureHelm } from '../../tools/helm/ensure-helm';
import { loadConsoleConfig } from '../../apps/console/server/src/config';

/**
 * The Helm chart, linted and rendered by Helm itself (tools/helm/ensure-helm.ts builds the pinned CLI once), and its
 * manifests checked for what a platform team expects of every workload: probes, resource limits, a non-root and
 * read-only container, no secret value in the chart, migrations as hooks, and an environment each service's own
 * configuration accepts.
 */
const CHART = join(__dirname, 'iop');
const TEST_VALUES = join(CHART, 'ci', 'test-values.yaml');
const exec = promisify(execFile);
/**
 * The cluster version the chart is rendered for: a Helm built by `go install` has no Kubernetes version stamped in and
 * would assume 1.20, older than the chart's kubeVersion.
 */
const KUBE_VERSION = ['--kube-version', '1.30.0'];

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered Kubernetes objects, read by path */
type Manifest = { kind: string; apiVersion: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec: any };
const DEFINITIONS: Record<ServiceName, (env: Record<string, string | undefined>) => ServiceDefinition> = {
  admissions: admissionsService,
  scheduling: schedulingService,
  'clinical-notes': clinicalNotesService,
  outcomes: outcomesService,
  webhooks: webhooksService,
  fhir: fhirService,
};

let helm: string;

async function template(...args: string[]): Promise<Manifest[]> {
  const { stdout } = await exec(helm, ['template', 'iop', CHART, '--namespace', 'clinic', ...KUBE_VERSION, '-f', TEST_VALUES, ...args], { maxBuffer: 32 * 1024 * 1024 });
  return (loadAll(stdout) as (Manifest | null)[]).filter((m): m is Manifest => m !== null);
}

const ofKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
const componentOf = (m: Manifest) => m.metadata.labels?.['app.kubernetes.io/component'];
const envOf = (container: any): Record<string, string> => Object.fromEntries((container.env ?? []).map((e: { name: string; value: string }) => [e.name, e.value]));

beforeAll(async () => {
  helm = await ensureHelm((line) => process.stderr.write(`${line}\n`));
}, 60 * 60_000);

describe('the Helm chart infra/helm/iop', () => {
  let manifests: Manifest[];
  beforeAll(async () => {
    manifests = await template();
  }, 120_000);

  it('passes helm lint --strict with a release\'s values', async () => {
    const { stdout } = await exec(helm, ['lint', '--strict', ...KUBE_VERSION, CHART, '-f', TEST_VALUES]);
    expect(stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  }, 120_000);

  it('refuses to render without the identity provider and the brokers, naming the value', async () => {
    await expect(exec(helm, ['template', 'iop', CHART, ...KUBE_VERSION])).rejects.toMatchObject({ stderr: expect.stringMatching(/is required/) });
    await expect(template('--set', 'auth.jwksUrl=')).rejects.toMatchObject({ stderr: expect.stringMatching(/auth\.jwksUrl is required/) });
    await expect(template('--set', 'kafka.brokers=')).rejects.toMatchObject({ stderr: expect.stringMatching(/kafka\.brokers is required/) });
    // The values' schema: a mechanism the services do not know, a port that is not one.
    await expect(template('--set', 'kafka.sasl.mechanism=gssapi')).rejects.toMatchObject({ stderr: expect.stringMatching(/mechanism/) });
    await expect(template('--set', 'services.admissions.port=http')).rejects.toMatchObject({ stderr: expect.stringMatching(/port/) });
  }, 120_000);

  it('gives every service and the console a Deployment with both probes, resource limits and a non-root, read-only container', () => {
    const deployments = ofKind(manifests, 'Deployment');
    expect(deployments.map(componentOf).sort()).toEqual([...Object.keys(SERVICES), 'console'].sort());
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      expect([d.metadata.name, pod.automountServiceAccountToken]).toEqual([d.metadata.name, false]);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number), seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.containers).toHaveLength(1);
      for (const c of pod.containers) {
        expect(c.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
        expect(c.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
        expect(c.resources.limits).toEqual({ cpu: expect.anything(), memory: expect.anything() });
        expect(c.resources.requests).toEqual({ cpu: expect.anything(), memory: expect.anything() });
        expect(c.securityContext).toMatchObject({
          runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(c.image).toBe(`registry.example.org/iop/iop-${componentOf(d)}:0.1.0`);
      }
    }
  });

  it('gives every Deployment a Service, a PodDisruptionBudget and a HorizontalPodAutoscaler, and a ServiceMonitor when asked', () => {
    const names = ofKind(manifests, 'Deployment').map((d) => d.metadata.name).sort();
    for (const kind of ['Service', 'PodDisruptionBudget', 'ServiceMonitor']) expect([kind, ofKind(manifests, kind).map((m) => m.metadata.name).sort()]).toEqual([kind, names]);
    expect(ofKind(manifests, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name).sort()).toEqual(names);
    for (const d of ofKind(manifests, 'Deployment')) expect(d.spec.replicas).toBeUndefined(); // the autoscaler owns it
    for (const s of ofKind(manifests, 'Service')) {
      const d = ofKind(manifests, 'Deployment').find((x) => x.metadata.name === s.metadata.name)!;
      expect(s.spec.selector).toEqual(d.spec.selector.matchLabels);
      expect(s.spec.ports[0].port).toBe(d.spec.template.spec.containers[0].ports[0].containerPort);
    }
  });

  it('inlines no secret: no Secret object, no secret variable with a value, only files of the referenced Secrets', () => {
    expect(ofKind(manifests, 'Secret')).toEqual([]);
    for (const m of [...ofKind(manifests, 'Deployment'), ...ofKind(manifests, 'Job')]) {
      const pod = m.spec.template.spec;
      for (const c of pod.containers) {
        const secretsInline = Object.keys(envOf(c)).filter(isSecretVariable);
        expect([m.metadata.name, secretsInline]).toEqual([m.metadata.name, []]);
        for (const [name, value] of Object.entries(envOf(c)).filter(([n]) => n.endsWith('_FILE') && isSecretVariable(n.slice(0, -5)))) {
          expect([name, value]).toEqual([name, expect.stringMatching(/^\/var\/run\/secrets\/iop\/[a-z-]+$/)]);
        }
      }
      const secrets = pod.volumes.filter((v: any) => v.secret).map((v: any) => v.secret.secretName);
      const component = componentOf(m)!.replace(/-migrate$/, '');
      expect(secrets).toEqual(expect.arrayContaining([`iop-${component}`]));
    }
  });

  it('runs migrations as a pre-install/pre-upgrade hook Job per service, as the owner; replicas skip them', () => {
    const jobs = ofKind(manifests, 'Job');
    expect(jobs.map((j) => componentOf(j)).sort()).toEqual(Object.keys(SERVICES).map((s) => `${s}-migrate`).sort());
    for (const job of jobs) {
      expect(job.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'pre-install,pre-upgrade', 'helm.sh/hook-delete-policy': expect.stringContaining('before-hook-creation') });
      const [c] = job.spec.template.spec.containers;
      expect(c.command).toEqual(['node', 'dist/service.js', '--migrate-only']);
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
      const prefix = componentOf(job)!.replace(/-migrate$/, '').toUpperCase().replace(/-/g, '_');
      expect(envOf(c)).toHaveProperty(`${prefix}_MIGRATION_DATABASE_URL_FILE`);
      expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true });
      expect(c.resources.limits).toEqual({ cpu: expect.anything(), memory: expect.anything() });
    }
    for (const d of ofKind(manifests, 'Deployment').filter((x) => componentOf(x) !== 'console')) {
      const env = envOf(d.spec.template.spec.containers[0]);
      expect(env.MIGRATE_AT_START).toBe('false');
      // The owner's login stays in the job: a replica mounts neither the variable nor the key.
      expect(Object.keys(env).filter((k) => k.includes('MIGRATION'))).toEqual([]);
      const items = d.spec.template.spec.volumes.find((v: any) => v.name === 'secrets').secret.items.map((i: any) => i.key);
      expect(items).not.toContain('migration-database-url');
    }
    // The jobs' own network policy is in place before them.
    const policies = ofKind(manifests, 'NetworkPolicy').filter((p) => p.metadata.annotations?.['helm.sh/hook']);
    expect(policies.map(componentOf).sort()).toEqual(jobs.map(componentOf).sort());
    for (const p of policies) expect(Number(p.metadata.annotations!['helm.sh/hook-weight'])).toBeLessThan(Number(jobs[0].metadata.annotations!['helm.sh/hook-weight']));
  });

  it.each(Object.keys(SERVICES) as ServiceName[])('gives %s an environment its own configuration accepts in production', (service) => {
    const d = ofKind(manifests, 'Deployment').find((x) => componentOf(x) === service)!;
    const env = envOf(d.spec.template.spec.containers[0]);
    // The files the Secret would hold, with invented values in the formats the operator documentation gives.
    const dir = mkdtempSync(join(tmpdir(), `iop-chart-${service}-`));
    const values: Record<string, string> = {
      'database-url': `postgres://${SERVICES[service].database}:pw@db.example.internal:5432/${SERVICES[service].database}?sslmode=verify-full`,
      'webhooks-secret-key': 'ab'.repeat(32),
      'analytics-pseudonym-keys': 'v1:an-invented-secret-of-some-length',
      'kafka-username': service,
      'kafka-password': 'invented',
    };
    for (const [name, path] of Object.entries(env).filter(([n]) => n.endsWith('_FILE') && isSecretVariable(n.slice(0, -5)))) {
      const key = path.split('/').pop()!;
      expect([name, key in values]).toEqual([name, true]);
      writeFileSync(join(dir, key), `${values[key]}\n`);
      env[name] = join(dir, key);
    }
    const def = DEFINITIONS[service](withSecretFiles(env));
    expect(def.config).toMatchObject({ deployment: 'production', host: '0.0.0.0', port: SERVICES[service].port, migrateAtStart: false, kafkaBrokers: ['b-1.kafka.example.internal:9096', 'b-2.kafka.example.internal:9096'] });
    expect(def.config.auth).toMatchObject({ jwksUrl: 'https://id.example.org/.well-known/jwks.json', issuer: 'https://id.example.org', audience: 'iop-api', rolesClaim: 'realm_access.roles' });
  });

  it('gives fhir the analysts\' pseudonym keys as outcomes has them, so analysts\' exports are not refused (503)', () => {
    const deployment = (service: string) => ofKind(manifests, 'Deployment').find((x) => componentOf(x) === service)!;
    const keyFile = (service: string) => envOf(deployment(service).spec.template.spec.containers[0]).ANALYTICS_PSEUDONYM_KEYS_FILE;
    const items = (service: string) => deployment(service).spec.template.spec.volumes.find((v: any) => v.name === 'secrets').secret.items.map((i: any) => i.key);
    expect(keyFile('fhir')).toBe('/var/run/secrets/iop/analytics-pseudonym-keys');
    expect(keyFile('fhir')).toBe(keyFile('outcomes'));
    expect(items('fhir')).toContain('analytics-pseudonym-keys');
    // With the file read as the service reads it, a production fhir has the keys its analysts' exports need.
    const dir = mkdtempSync(join(tmpdir(), 'iop-chart-fhir-keys-'));
    writeFileSync(join(dir, 'analytics-pseudonym-keys'), 'v1:an-invented-secret-of-some-length\n');
    const env = withSecretFiles({ IOP_ENV: 'production', ANALYTICS_PSEUDONYM_KEYS_FILE: join(dir, 'analytics-pseudonym-keys') });
    expect(fhirPseudonymizer(env)).toBeDefined();
    expect(fhirPseudonymizer({ IOP_ENV: 'production' })).toBeUndefined();
    // Nor does the migration Job, which needs no key, mount it.
    const job = ofKind(manifests, 'Job').find((x) => componentOf(x) === 'fhir-migrate')!;
    expect(Object.keys(envOf(job.spec.template.spec.containers[0]))).toContain('FHIR_DATABASE_URL_FILE');
    expect(Object.keys(envOf(job.spec.template.spec.containers[0]))).not.toContain('ANALYTICS_PSEUDONYM_KEYS_FILE');
  });

  it('lets each service reach PostgreSQL, Kafka and the identity provider but not the other services; the console reaches them all', () => {
    const policies = ofKind(manifests, 'NetworkPolicy');
    const deny = policies.find((p) => p.metadata.name.endsWith('-default-deny'))!;
    expect(deny.spec).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'iop', 'app.kubernetes.io/instance': 'iop' } }, policyTypes: ['Ingress', 'Egress'] });
    const podTargets = (p: Manifest) => p.spec.egress.flatMap((r: any) => (r.to ?? []).map((t: any) => t.podSelector?.matchLabels?.['app.kubernetes.io/component']).filter(Boolean));
    for (const service of Object.keys(SERVICES)) {
      const p = policies.find((x) => componentOf(x) === service && !x.metadata.annotations?.['helm.sh/hook'])!;
      expect([service, podTargets(p)]).toEqual([service, []]);
      const cidrs = p.spec.egress.flatMap((r: any) => (r.to ?? []).map((t: any) => t.ipBlock?.cidr));
      expect(cidrs).toEqual(expect.arrayContaining(['10.20.0.0/16', '10.30.0.0/16']));
      const from = p.spec.ingress.flatMap((r: any) => r.from.map((f: any) => f.podSelector?.matchLabels?.['app.kubernetes.io/component'] ?? 'outside'));
      expect(from).toContain('console');
    }
    const consolePolicy = policies.find((x) => componentOf(x) === 'console')!;
    expect(podTargets(consolePolicy).sort()).toEqual(Object.keys(SERVICES).sort());
    // Its session database, but not Kafka.
    const consoleCidrs = consolePolicy.spec.egress.flatMap((r: any) => (r.to ?? []).map((t: any) => t.ipBlock?.cidr)).filter(Boolean);
    expect(consoleCidrs).toContain('10.20.0.0/16');
    expect(consoleCidrs).not.toContain('10.30.0.0/16');
    // Only webhooks delivers to the outside, and not to private networks.
    const webhooks = policies.find((x) => componentOf(x) === 'webhooks' && !x.metadata.annotations?.['helm.sh/hook'])!;
    expect(webhooks.spec.egress.some((r: any) => (r.to ?? []).some((t: any) => t.ipBlock?.except?.includes('10.0.0.0/8')))).toBe(true);
  });

  it('gives the console an environment its own configuration accepts in production, its sessions in PostgreSQL', () => {
    const d = ofKind(manifests, 'Deployment').find((x) => componentOf(x) === 'console')!;
    const env = envOf(d.spec.template.spec.containers[0]);
    const dir = mkdtempSync(join(tmpdir(), 'iop-chart-console-'));
    const values: Record<string, string> = {
      'database-url': 'postgres://console:pw@db.example.internal:5432/console?sslmode=verify-full',
      'oidc-client-secret': 'an-invented-client-secret',
      'session-secret': 's'.repeat(48),
    };
    for (const [name, path] of Object.entries(env).filter(([n]) => n.endsWith('_FILE') && isSecretVariable(n.slice(0, -5)))) {
      const key = path.split('/').pop()!;
      expect([name, key in values]).toEqual([name, true]);
      writeFileSync(join(dir, key), `${values[key]}\n`);
      env[name] = join(dir, key);
    }
    const config = loadConsoleConfig(env);
    expect(config).toMatchObject({ deployment: 'production', host: '0.0.0.0', port: 3100, publicUrl: 'https://console.example.org', databaseUrl: values['database-url'] });
    expect(config.oidc.issuer).toBe('https://id.example.org');
    expect(d.spec.template.spec.containers[0].volumeMounts).toEqual(expect.arrayContaining([{ name: 'postgresql-ca', mountPath: '/etc/iop/postgresql', readOnly: true }]));
  });

  it('routes the console at its public host and a service given a host, TLS on each, through one Ingress', () => {
    const [ingress] = ofKind(manifests, 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    const rules = Object.fromEntries(ingress.spec.rules.map((r: any) => [r.host, r.http.paths.map((p: any) => [p.path, p.backend.service.name, p.backend.service.port.name])]));
    expect(rules).toEqual({ 'console.example.org': [['/', 'iop-console', 'http']], 'fhir.example.org': [['/', 'iop-fhir', 'http']] });
    expect(ingress.spec.tls).toEqual([
      { secretName: 'console-example-org-tls', hosts: ['console.example.org'] },
      { secretName: 'fhir-example-org-tls', hosts: ['fhir.example.org'] },
    ]);
  });

  it('sends the services\' traces to the collector it is given, and lets them reach it', () => {
    for (const service of Object.keys(SERVICES)) {
      const d = ofKind(manifests, 'Deployment').find((x) => componentOf(x) === service)!;
      expect(envOf(d.spec.template.spec.containers[0])).toMatchObject({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.monitoring:4318', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1',
      });
      const policy = ofKind(manifests, 'NetworkPolicy').find((x) => componentOf(x) === service && !x.metadata.annotations?.['helm.sh/hook'])!;
      expect(policy.spec.egress).toContainEqual({ ports: [{ port: 4318, protocol: 'TCP' }], to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] });
    }
  });

  it('gives the managed Kafka and PostgreSQL settings: TLS with the CA bundles mounted, SASL by name', async () => {
    const d = ofKind(manifests, 'Deployment').find((x) => componentOf(x) === 'admissions')!;
    const pod = d.spec.template.spec;
    const env = envOf(pod.containers[0]);
    expect(env).toMatchObject({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/etc/iop/kafka/ca.crt', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME_FILE: expect.any(String), KAFKA_SASL_PASSWORD_FILE: expect.any(String) });
    expect(pod.volumes).toEqual(expect.arrayContaining([
      { name: 'postgresql-ca', configMap: { name: 'rds-ca-bundle', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { name: 'kafka-ca', secret: { secretName: 'kafka-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    ]));
    expect(pod.containers[0].volumeMounts).toEqual(expect.arrayContaining([{ name: 'postgresql-ca', mountPath: '/etc/iop/postgresql', readOnly: true }]));
    const oauth = await template('--set', 'kafka.sasl.mechanism=oauthbearer', '--set', 'kafka.sasl.oauthbearer.tokenUrl=https://id.example.org/token');
    const oauthEnv = envOf(oauth.find((m) => m.kind === 'Deployment' && componentOf(m) === 'scheduling')!.spec.template.spec.containers[0]);
    expect(oauthEnv).toMatchObject({ KAFKA_SASL_MECHANISM: 'oauthbearer', KAFKA_SASL_OAUTHBEARER_TOKEN_URL: 'https://id.example.org/token', KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE: expect.any(String) });
    expect(oauthEnv).not.toHaveProperty('KAFKA_SASL_PASSWORD_FILE');
    expect(env).toMatchObject({ KAFKA_REPLICATION_FACTOR: '3' });
    expect(env).not.toHaveProperty('KAFKA_ALLOW_PLAINTEXT');
    // A plaintext broker has to be said to be meant, or the services refuse it.
    const plain = await template('--set', 'kafka.tls.enabled=false', '--set', 'kafka.sasl.mechanism=none', '--set', 'kafka.allowPlaintext=true', '--set', 'kafka.replicationFactor=1');
    const plainEnv = envOf(plain.find((m) => m.kind === 'Deployment' && componentOf(m) === 'outcomes')!.spec.template.spec.containers[0]);
    expect(plainEnv).toMatchObject({ KAFKA_ALLOW_PLAINTEXT: 'true', KAFKA_REPLICATION_FACTOR: '1' });
    expect(plainEnv).not.toHaveProperty('KAFKA_SSL');
    await expect(template('--set', 'kafka.replicationFactor=0')).rejects.toMatchObject({ stderr: expect.stringMatching(/replicationFactor/) });
  }, 120_000);

  it('without the hook jobs every replica migrates at start; without policies, autoscaling, the monitor, the ingress or tracing none is rendered', async () => {
    const plain = await template(
      '--set', 'migrations.enabled=false', '--set', 'networkPolicy.enabled=false', '--set', 'defaults.autoscaling.enabled=false', '--set', 'serviceMonitor.enabled=false',
      '--set', 'ingress.enabled=false', '--set', 'tracing.otlpEndpoint=',
    );
    for (const kind of ['Job', 'NetworkPolicy', 'HorizontalPodAutoscaler', 'ServiceMonitor', 'Ingress']) expect([kind, ofKind(plain, kind)]).toEqual([kind, []]);
    for (const d of ofKind(plain, 'Deployment')) {
      expect(envOf(d.spec.template.spec.containers[0])).not.toHaveProperty('MIGRATE_AT_START');
      expect(Object.keys(envOf(d.spec.template.spec.containers[0])).filter((k) => k.startsWith('OTEL_'))).toEqual([]);
      expect(d.spec.replicas).toBe(2);
    }
  }, 120_000);
});
