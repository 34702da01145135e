/**
 * The Helm CLI for the chart's tests (infra/helm/chart.int.spec.ts) and for operators on this repository: Helm
 * v3.16.4, built from its Go module through the Go module proxy (`go install`, about 5 minutes the first time) into
 * `.stack/tools/bin/`, and reused from there. A `helm` elsewhere on the PATH is not used: the tests pin the version
 * they were written against. `node -r @swc-node/register tools/helm/ensure-helm.ts` prints the binary's path.
 * A Helm built this way has no Kubernetes version stamped in and assumes 1.20: give `helm template` and `helm lint`
 * `--kube-version` (the chart wants 1.25 or later).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const HELM_VERSION = 'v3.16.4';
const ROOT = join(__dirname, '..', '..');
const BIN = join(process.env.IOP_STACK_DIR ?? join(ROOT, '.stack'), 'tools', 'bin');
export const HELM = join(BIN, 'helm');

const run = promisify(execFile);

/** The module version a Go binary was built from (`go version -m`), or undefined when there is none. */
function builtVersion(binary: string): string | undefined {
  if (!existsSync(binary)) return undefined;
  try {
    const info = execFileSync('go', ['version', '-m', binary], { encoding: 'utf8' });
    return /^\s*mod\s+helm\.sh\/helm\/v3\s+(\S+)/m.exec(info)?.[1];
  } catch {
    return undefined;
  }
}

function haveGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The path of Helm v3.16.4, built first when it is not there yet. */
export async function ensureHelm(log: (line: string) => void = () => undefined): Promise<string> {
  if (!haveGo()) {
    throw new Error(`Helm ${HELM_VERSION} is built with Go, which is not installed: install Go 1.22 or later (https://go.dev/dl/) and run again`);
  }
  if (builtVersion(HELM) === HELM_VERSION) return HELM;
  log(`building Helm ${HELM_VERSION} into ${BIN} (go install; about 5 minutes the first time)…`);
  mkdirSync(BIN, { recursive: true });
  // Built aside and renamed into place: a concurrent build, or a test reading the binary meanwhile, never sees half a file.
  const aside = mkdtempSync(join(BIN, '.helm-build-'));
  try {
    await run('go', ['install', `helm.sh/helm/v3/cmd/helm@${HELM_VERSION}`], {
      env: { ...process.env, GOBIN: aside, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 60 * 60_000,
    });
    renameSync(join(aside, 'helm'), HELM);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`go install helm.sh/helm/v3/cmd/helm@${HELM_VERSION} failed: ${(err as Error).message}\n${stderr.slice(-2000)}`);
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
  if (builtVersion(HELM) !== HELM_VERSION) throw new Error(`${HELM} is not Helm ${HELM_VERSION} after the build`);
  return HELM;
}

if (require.main === module) {
  ensureHelm((line) => process.stderr.write(`${line}\n`)).then(
    (path) => process.stdout.write(`${path}\n`),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
