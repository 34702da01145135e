/**
 * HL7's validator (HAPI FHIR's validation module, tools/fhir-validator) from a test: built with Maven once per content
 * of its sources, the classes and dependency jars cached under .stack/tools/fhir-validator-<hash>, then run on a
 * directory of resources. Maven fetches the jars from Maven Central on the first build only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const SOURCES = join(ROOT, 'tools', 'fhir-validator');
const FILES = ['pom.xml', 'src/main/java/org/iop/fhir/ValidateDirectory.java'];

export interface Issue { severity: string; code: string; diagnostics?: string; location?: string[]; expression?: string[] }
export interface FileOutcome { file: string; outcome: { resourceType: 'OperationOutcome'; issue?: Issue[] } }

export function buildValidator(): string {
  const hash = createHash('sha256');
  for (const f of FILES) hash.update(f).update(readFileSync(join(SOURCES, f)));
  const dir = join(ROOT, '.stack', 'tools', `fhir-validator-${hash.digest('hex').slice(0, 12)}`);
  if (!existsSync(join(dir, 'classes', 'org', 'iop', 'fhir', 'ValidateDirectory.class')) || !existsSync(join(dir, 'dependency'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('mvn', ['-q', '-B', '-f', join(SOURCES, 'pom.xml'), 'package', `-Dfhir.validator.buildDir=${dir}`], { stdio: 'inherit', timeout: 600_000 });
  }
  return dir;
}

/** Validates the resources (file names: `<type>-<id>.json`) and returns one OperationOutcome per file. */
export function validate(buildDir: string, resources: { resourceType: string; id?: string }[]): FileOutcome[] {
  const dir = mkdtempSync(join(tmpdir(), 'fhir-validate-'));
  try {
    resources.forEach((r, i) => writeFileSync(join(dir, `${r.resourceType}-${r.id ?? i}.json`), JSON.stringify(r)));
    const run = spawnSync('java', ['-cp', `${join(buildDir, 'classes')}:${join(buildDir, 'dependency', '*')}`, 'org.iop.fhir.ValidateDirectory', dir], {
      encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000,
    });
    if (run.status !== 0 && run.status !== 1) throw new Error(`the validator failed (${run.status}): ${run.stderr.slice(0, 4000)}`);
    return run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as FileOutcome);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Errors and fatal issues, one line each (`file: location: diagnostics`). */
export const errorsOf = (outcomes: FileOutcome[]): string[] => outcomes.flatMap((o) => (o.outcome.issue ?? [])
  .filter((i) => i.severity === 'error' || i.severity === 'fatal')
  .map((i) => `${o.file}: ${(i.expression ?? i.location ?? []).join(',')}: ${i.diagnostics}`));
