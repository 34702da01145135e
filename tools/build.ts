/**
 * `npm run build`: compiles the services and the libraries they use to plain JavaScript under `dist/` (same layout
 * as the sources), with swc, the compiler the tests already use. `@iop/*` imports become relative paths, so
 * `node dist/apps/<service>/src/main.js` runs without a TypeScript loader in the process: markedly less memory per
 * service than `node -r @swc-node/register` (docs/PERFORMANCE.md, "Measurements behind the code"), and no compiling at start.
 * `tools/build.ts <project root>` compiles one Nx project into `dist/<project root>` alone (each project's `build`
 * target; Nx builds the libraries a service imports first, and caches each output).
 */
import { transformFileSync, type Options } from '@swc/core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
export const DIST = join(ROOT, 'dist');
/** What the services run: their own code, the libraries, and the local-stack defaults the platform reads. */
const SOURCES = ['apps', 'libs', 'infra/local'];
const SKIP = /(\.spec\.ts|\.d\.ts)$|\/(bench|test|testing|test-support)\/|\/apps\/console\/web\//;
/** The console's single-page app: Vite builds it (its own `build` target) into here, which this build leaves alone. */
export const CONSOLE_WEB_DIST = join(DIST, 'apps', 'console', 'web');
export const CONSOLE_WEB_CONFIG = join(ROOT, 'apps', 'console', 'web', 'vite.config.mts');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : tsFiles(path);
    return path.endsWith('.ts') && !SKIP.test(path) ? [path] : [];
  });
}

function swcOptions(): Options {
  const rc = JSON.parse(readFileSync(join(ROOT, '.swcrc'), 'utf8')) as Options;
  const paths = (JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
  return { ...rc, swcrc: false, sourceMaps: true, jsc: { ...rc.jsc, baseUrl: ROOT, paths } };
}

/** Written aside and renamed into place: a service starting meanwhile (or a second build) never reads half a file. */
function writeAtomically(path: string, content: string): void {
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, content);
  renameSync(aside, path);
}

function outputs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? outputs(path) : [path];
  });
}

/** Compiles `sources` (all that services run, by default); stale files are removed from their part of `dist/` only. */
export function build(sources: readonly string[] = SOURCES): number {
  const options = swcOptions();
  const files = sources.flatMap((s) => tsFiles(join(ROOT, s)));
  const written = new Set<string>();
  for (const file of files) {
    const out = join(DIST, relative(ROOT, file)).replace(/\.ts$/, '.js');
    const { code, map } = transformFileSync(file, { ...options, filename: file, sourceFileName: relative(dirname(out), file) });
    mkdirSync(dirname(out), { recursive: true });
    writeAtomically(out, map ? `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n` : code);
    written.add(out);
    if (map) {
      writeAtomically(`${out}.map`, map);
      written.add(`${out}.map`);
    }
  }
  // What a deleted or renamed source left behind (another build's files in flight end in .tmp: left alone).
  const cleaned = sources === SOURCES ? [DIST] : sources.map((s) => join(DIST, s));
  const stales = cleaned.flatMap(outputs).filter((f) => !written.has(f) && !f.endsWith('.tmp') && !f.startsWith(`${CONSOLE_WEB_DIST}/`));
  for (const stale of stales) rmSync(stale, { force: true });
  return files.length;
}

/**
 * Vite's production build of the console's single-page app into dist/apps/console/web, swapped in file by file.
 * Vite empties its output directory before writing, and a console already serving from it (another end-to-end suite's,
 * a developer's `npm start`) would answer 404 for its chunks meanwhile and leave a page blank. So Vite writes aside;
 * each file is then renamed into place (index.html last, once the chunks it names are there), and what the new build
 * no longer has is removed. Chunks are named by their content: a page loaded before the swap keeps working.
 */
export function buildConsoleWeb(): void {
  const aside = `${CONSOLE_WEB_DIST}.${process.pid}.tmp`;
  rmSync(aside, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', CONSOLE_WEB_CONFIG, '--outDir', aside, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 300_000,
    });
    const built = outputs(aside).map((f) => relative(aside, f)).sort((a, b) => Number(a === 'index.html') - Number(b === 'index.html'));
    for (const file of built) {
      mkdirSync(dirname(join(CONSOLE_WEB_DIST, file)), { recursive: true });
      renameSync(join(aside, file), join(CONSOLE_WEB_DIST, file));
    }
    const kept = new Set(built.map((f) => join(CONSOLE_WEB_DIST, f)));
    for (const stale of outputs(CONSOLE_WEB_DIST)) if (!kept.has(stale)) rmSync(stale, { force: true });
  } catch (err) {
    // Vite's own last lines when it failed; else what failed in the swap.
    const { stdout, stderr, message } = err as { stdout?: string; stderr?: string; message: string };
    const output = `${stdout ?? ''}${stderr ?? ''}`.trim().split('\n').slice(-10).join('\n') || message;
    throw new Error(`Building the console's web app failed (npx vite build --config ${relative(ROOT, CONSOLE_WEB_CONFIG)}):\n${output}`);
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
}

/** A project root given on the command line, checked: a directory of the sources that services run. */
function projectRoot(arg: string): string {
  const root = relative(ROOT, join(ROOT, arg)).replace(/\\/g, '/');
  if (!SOURCES.some((s) => root === s || root.startsWith(`${s}/`)) || !existsSync(join(ROOT, root)) || !statSync(join(ROOT, root)).isDirectory()) {
    throw new Error(`tools/build.ts: "${arg}" is not a project directory under ${SOURCES.join(', ')}`);
  }
  return root;
}

if (require.main === module) {
  const started = Date.now();
  const roots = process.argv.slice(2).map(projectRoot);
  const n = roots.length ? build(roots) : build();
  const into = roots.length ? roots.map((r) => `dist/${r}`).join(', ') : 'dist/';
  process.stdout.write(`compiled ${n} files into ${into} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/**
 * Node flags every service runs with, for the budget of 250 MB of memory per service:
 * - the old generation capped at 200 MB: under an admissions overload the live heap stays well below that, but
 *   uncapped V8 let the process grow past the budget; with the cap it collects sooner and stays inside it, for a
 *   little more CPU per admission;
 * - young-generation semi-spaces of 16 MB from the start (`--min-semi-space-size` too: V8 otherwise starts at 1 MB and
 *   grows them under load, and the first seconds of a burst paid for the growth): fewer scavenges, each promoting
 *   less, so less CPU per admission and a steadier first second, for a little more memory per service.
 *   The journey-benchmark runs behind both choices are in docs/PERFORMANCE.md, "Measurements behind the code".
 * A service whose live heap really outgrew the cap would stop with an out-of-memory error and be restarted; what it
 * had accepted is in PostgreSQL, and consumers resume from their committed offsets.
 */
export const SERVICE_NODE_FLAGS = ['--max-old-space-size=200', '--min-semi-space-size=16', '--max-semi-space-size=16'];

/**
 * CPU priority by role, where the services share one machine (`npm start`, the end-to-end cluster, the benchmark).
 * Admissions and scheduling carry an admission to its enrollment while the patient is at the front desk; clinical
 * notes, outcomes, webhooks and fhir follow the bus asynchronously (a chart opened, a measurement schedule started, an
 * integrator notified, a FHIR resource written, each a moment later). Those four run at nice 10: when the cores are contended the kernel gives
 * the pipeline the CPU first, and their consumers, not the admission, absorb the queueing. They keep up (the
 * benchmark reports how soon after the last admission they had applied every one). Where each service has its own
 * CPU allowance (docker-compose `cpu_shares`, Kubernetes requests) that allowance plays this part.
 * `IOP_BACKGROUND_NICE` sets the niceness (0 runs every service alike).
 */
export const BACKGROUND_SERVICES = ['clinical-notes', 'outcomes', 'webhooks', 'fhir'] as const;
export type BackgroundService = (typeof BACKGROUND_SERVICES)[number];

/** The niceness a service runs at (checked before anything is started: a bad value stops the launch). */
export function serviceNice(name: string): number {
  const raw = process.env.IOP_BACKGROUND_NICE ?? '10';
  const nice = Number(raw);
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) throw new Error(`IOP_BACKGROUND_NICE must be a whole number from 0 to 19 (got "${raw}")`);
  return (BACKGROUND_SERVICES as readonly string[]).includes(name) ? nice : 0;
}

export function prioritise(pid: number | undefined, nice: number): void {
  if (pid === undefined || nice === 0) return;
  try {
    setPriority(pid, nice);
  } catch {
    // A process that already exited, or a system that refuses: the service runs at the normal priority.
  }
}

/** The compiled entry point of a service; compiled first when there is none yet. */
export function serviceMain(name: string): string {
  const main = join(DIST, 'apps', name, 'src', 'main.js');
  if (!existsSync(main)) build();
  return main;
}
