/**
 * Schemathesis (a Python CLI) for the OpenAPI fuzz test, installed on first use into a virtual environment under
 * `.stack/tools/` (git-ignored, like the rest of the local stack), from the pinned `requirements.txt` next to this
 * file. The environment is named by that file's hash: a change of pins installs afresh beside the old one.
 *
 * Needs `python3` (3.9 or newer; `PYTHON` names another interpreter) and the Python package index, the first time only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STACK_DIR } from '../../infra/local/stack';

const REQUIREMENTS = join(__dirname, 'requirements.txt');

function run(command: string, args: string[]): void {
  const res = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (res.error) throw new Error(`${command} could not be run (${res.error.message}); install Python 3 or set PYTHON`);
  if (res.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${res.status}):\n${res.stdout}${res.stderr}`);
}

/** The Python interpreter of an environment with Schemathesis in it (`<python> -m schemathesis.cli ...`). */
export function ensureSchemathesis(): string {
  const pins = readFileSync(REQUIREMENTS);
  const dir = join(STACK_DIR, 'tools', `schemathesis-${createHash('sha256').update(pins).digest('hex').slice(0, 12)}`);
  const python = join(dir, 'bin', 'python');
  if (existsSync(python)) return python;
  // Built aside and renamed into place, so a second test run at the same time never finds half an environment (a
  // venv's interpreter finds its packages relative to itself, so the move does not break it).
  const aside = `${dir}.${process.pid}.tmp`;
  mkdirSync(join(STACK_DIR, 'tools'), { recursive: true });
  rmSync(aside, { recursive: true, force: true });
  try {
    run(process.env.PYTHON ?? 'python3', ['-m', 'venv', aside]);
    run(join(aside, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '-r', REQUIREMENTS]);
    if (!existsSync(python)) renameSync(aside, dir);
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
  return python;
}

export interface SchemathesisResult {
  code: number | null;
  output: string;
}

/** Runs `schemathesis.cli <args>` (paths in them absolute) without blocking this process, which may serve the API under test. */
export function schemathesis(python: string, args: string[], env: Record<string, string> = {}): Promise<SchemathesisResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-m', 'schemathesis.cli', ...args], {
      // Whatever it might write beside itself goes to a scratch directory, not into the checkout.
      cwd: tmpdir(),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', COLUMNS: '160', ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
