import type { ValidateFunction } from 'ajv';
import { ADMISSIONS_CONTRACTS } from './admissions';
import { ANALYTICS_CONTRACTS } from './analytics';
import { CLINICAL_NOTES_CONTRACTS } from './clinical-notes';
import { FHIR_CONTRACTS } from './fhir';
import type { Contract } from './contract';
import { OUTCOMES_CONTRACTS } from './outcomes';
import { SCHEDULING_CONTRACTS } from './scheduling';
import { WEBHOOKS_CONTRACTS } from './webhooks';
import { ajv, toValidationErrors, type ValidationError } from './validation';

/** Every public event contract, all versions, in topic order. AsyncAPI, validation and the tests all read this list. */
export const CONTRACTS: readonly Contract[] = [
  ...ADMISSIONS_CONTRACTS,
  ...SCHEDULING_CONTRACTS,
  ...CLINICAL_NOTES_CONTRACTS,
  ...OUTCOMES_CONTRACTS,
  ...ANALYTICS_CONTRACTS,
  ...WEBHOOKS_CONTRACTS,
  ...FHIR_CONTRACTS,
] as readonly Contract[];

const byType = new Map(CONTRACTS.map((c) => [c.type, c]));

export const contractFor = (ceType: string): Contract | undefined => byType.get(ceType);

export type ValidationResult = { ok: true } | { ok: false; errors: ValidationError[] };

// Compiled lazily, once per type: a consumer pays only for the contracts it reads.
const validators = new Map<string, ValidateFunction>();

function validatorFor(contract: Contract): ValidateFunction {
  let validate = validators.get(contract.type);
  if (!validate) {
    validate = ajv.compile(contract.schema);
    validators.set(contract.type, validate);
  }
  return validate;
}

/** Checks event data against the schema of its CloudEvents type; an unknown type is an error, never a pass. */
export function validateEvent(ceType: string, data: unknown): ValidationResult {
  const contract = contractFor(ceType);
  if (!contract) return { ok: false, errors: [{ path: '', message: `unknown event type ${ceType}` }] };
  const validate = validatorFor(contract);
  return validate(data) ? { ok: true } : { ok: false, errors: toValidationErrors(validate.errors) };
}
