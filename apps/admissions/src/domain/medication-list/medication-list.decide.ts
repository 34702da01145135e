import { addDays, dateOf } from '@iop/calendar';
import { assertNever, conflict, type CommandMetadata, type Decider, type FieldError, invalid, notFound } from '@iop/decider';
import {
  type AllergySeverity, type Dosing, type MedicationListEvent, type Moud, type MoudIngredient, type StopReason, type UseDisorderTreated,
} from './medication-list.events';
import { evolve, initialState, type Medication, type MedicationListState } from './medication-list.state';

type Command<T extends string, D> = { type: T; data: D; metadata: CommandMetadata };
/** `moud`: the clinician's word on the MOUD/MAUD flag; by default it follows the medication's name. */
export type StartMedication = Command<'StartMedication', Dosing & {
  patientId: string; medicationId: string; name: string; rxnormCode?: string; startDate: string; moud?: boolean;
}>;
export type ChangeMedication = Command<'ChangeMedication', Partial<Dosing> & { medicationId: string; effectiveDate: string }>;
export type StopMedication = Command<'StopMedication', { medicationId: string; stopDate: string; reason: StopReason }>;
export type RecordAllergy = Command<'RecordAllergy', { patientId: string; allergyId: string; substance: string; reaction?: string; severity: AllergySeverity }>;
export type RemoveAllergy = Command<'RemoveAllergy', { allergyId: string; reason: 'entered-in-error' | 'no-longer-allergic' }>;
export type MedicationListCommand = StartMedication | ChangeMedication | StopMedication | RecordAllergy | RemoveAllergy;

/**
 * Generic and brand names of the five medications for opioid and alcohol use disorder, and what each treats (FDA
 * labels; SAMHSA TIP 63 for opioids, TIP 49 for alcohol). Naltrexone treats both.
 */
const MOUD_NAMES: Record<MoudIngredient, { names: string[]; treats: UseDisorderTreated[] }> = {
  buprenorphine: { names: ['buprenorphine', 'suboxone', 'subutex', 'zubsolv', 'sublocade', 'brixadi'], treats: ['opioid-use-disorder'] },
  methadone: { names: ['methadone', 'methadose', 'dolophine', 'diskets'], treats: ['opioid-use-disorder'] },
  naltrexone: { names: ['naltrexone', 'vivitrol', 'revia'], treats: ['opioid-use-disorder', 'alcohol-use-disorder'] },
  acamprosate: { names: ['acamprosate', 'campral'], treats: ['alcohol-use-disorder'] },
  disulfiram: { names: ['disulfiram', 'antabuse'], treats: ['alcohol-use-disorder'] },
};

/** The MOUD/MAUD ingredient a medication's name names, if any (whole words, any case). */
export function moudOf(name: string): Moud | undefined {
  const words = new Set(name.toLowerCase().split(/[^a-z]+/));
  for (const [ingredient, { names, treats }] of Object.entries(MOUD_NAMES)) {
    if (names.some((n) => words.has(n))) return { ingredient: ingredient as MoudIngredient, treats: [...treats] };
  }
  return undefined;
}

const trimmed = (value: string | undefined) => value?.trim() ?? '';
/** The clinic's today may be a day ahead of the server's UTC date. */
const latestDate = (now: string) => addDays(dateOf(now), 1);
const rejectIf = (errors: FieldError[], message: string) => {
  if (errors.length) throw invalid(message, errors);
};

/**
 * The flag follows the name unless the clinician says otherwise: buprenorphine or methadone for pain is not MOUD
 * (false turns it off); a medication that is none of the five cannot be flagged.
 */
function moudFlag(data: StartMedication['data']): Moud | undefined {
  const named = moudOf(data.name);
  if (data.moud === true && !named) {
    throw invalid('Only buprenorphine, methadone, naltrexone, acamprosate or disulfiram is flagged as MOUD/MAUD.', [{ path: 'moud', message: 'the name does not name one of the five' }]);
  }
  return data.moud === false ? undefined : named;
}

function start({ data, metadata }: StartMedication, state: MedicationListState): MedicationListEvent[] {
  if (state.medications.some((m) => m.medicationId === data.medicationId)) throw conflict(`Medication ${data.medicationId} exists already.`);
  rejectIf([
    ...(!trimmed(data.name) ? [{ path: 'name', message: 'must not be blank' }] : []),
    ...(!trimmed(data.dose) ? [{ path: 'dose', message: 'must not be blank' }] : []),
    ...(!trimmed(data.frequency) ? [{ path: 'frequency', message: 'must not be blank' }] : []),
    ...(data.startDate > latestDate(metadata.now) ? [{ path: 'startDate', message: 'must not be in the future: the list records what the patient takes' }] : []),
  ], 'The medication is not valid.');
  const active = state.medications.find((m) => m.status === 'active' && m.name.toLowerCase() === trimmed(data.name).toLowerCase());
  if (active) throw conflict(`${active.name} is on the list already: change its dose instead.`, 'medication-active');
  const moud = moudFlag(data);
  return [{
    type: 'MedicationStarted',
    data: {
      patientId: data.patientId, medicationId: data.medicationId, name: trimmed(data.name), ...(data.rxnormCode ? { rxnormCode: data.rxnormCode } : {}),
      dose: trimmed(data.dose), route: data.route, frequency: trimmed(data.frequency), ...(moud ? { moud } : {}), startDate: data.startDate,
      recordedAt: metadata.now, recordedBy: metadata.actor.subject,
    },
  }];
}

function activeMedication(state: MedicationListState, medicationId: string): Medication {
  const m = state.medications.find((x) => x.medicationId === medicationId);
  if (!m) throw notFound(`No medication ${medicationId} on the patient's list.`);
  if (m.status === 'stopped') throw conflict(`${m.name} was stopped on ${m.stopDate}: start it again as a new entry.`, 'medication-stopped');
  return m;
}

const lastDate = (m: Medication) => m.changes[m.changes.length - 1]?.effectiveDate ?? m.startDate;

function change({ data, metadata }: ChangeMedication, state: MedicationListState): MedicationListEvent[] {
  const m = activeMedication(state, data.medicationId);
  const next: Dosing = { dose: trimmed(data.dose) || m.dose, route: data.route ?? m.route, frequency: trimmed(data.frequency) || m.frequency };
  rejectIf([
    ...(next.dose === m.dose && next.route === m.route && next.frequency === m.frequency ? [{ path: '', message: 'must change the dose, the route or the frequency' }] : []),
    ...(data.effectiveDate < lastDate(m) ? [{ path: 'effectiveDate', message: `must not be before ${lastDate(m)}, the current dosing's date` }] : []),
    ...(data.effectiveDate > latestDate(metadata.now) ? [{ path: 'effectiveDate', message: 'must not be in the future' }] : []),
  ], 'The change is not valid.');
  return [{
    type: 'MedicationChanged',
    data: { patientId: state.patientId!, medicationId: m.medicationId, ...next, effectiveDate: data.effectiveDate, recordedAt: metadata.now, recordedBy: metadata.actor.subject },
  }];
}

function stop({ data, metadata }: StopMedication, state: MedicationListState): MedicationListEvent[] {
  const m = activeMedication(state, data.medicationId);
  rejectIf([
    ...(data.stopDate < lastDate(m) ? [{ path: 'stopDate', message: `must not be before ${lastDate(m)}` }] : []),
    ...(data.stopDate > latestDate(metadata.now) ? [{ path: 'stopDate', message: 'must not be in the future' }] : []),
  ], 'The stop is not valid.');
  return [{
    type: 'MedicationStopped',
    data: { patientId: state.patientId!, medicationId: m.medicationId, stopDate: data.stopDate, reason: data.reason, recordedAt: metadata.now, recordedBy: metadata.actor.subject },
  }];
}

function recordAllergy({ data, metadata }: RecordAllergy, state: MedicationListState): MedicationListEvent[] {
  const substance = trimmed(data.substance);
  rejectIf(substance ? [] : [{ path: 'substance', message: 'must not be blank' }], 'The allergy is not valid.');
  const known = state.allergies.find((a) => a.substance.toLowerCase() === substance.toLowerCase());
  if (known) throw conflict(`An allergy to ${known.substance} is recorded already.`, 'allergy-exists');
  const reaction = trimmed(data.reaction);
  return [{
    type: 'AllergyRecorded',
    data: {
      patientId: data.patientId, allergyId: data.allergyId, substance, ...(reaction ? { reaction } : {}), severity: data.severity,
      recordedAt: metadata.now, recordedBy: metadata.actor.subject,
    },
  }];
}

function removeAllergy({ data, metadata }: RemoveAllergy, state: MedicationListState): MedicationListEvent[] {
  if (!state.allergies.some((a) => a.allergyId === data.allergyId)) throw notFound(`No allergy ${data.allergyId} on the patient's list.`);
  return [{ type: 'AllergyRemoved', data: { patientId: state.patientId!, allergyId: data.allergyId, reason: data.reason, removedAt: metadata.now, removedBy: metadata.actor.subject } }];
}

export function decide(command: MedicationListCommand, state: MedicationListState): MedicationListEvent[] {
  switch (command.type) {
    case 'StartMedication': return start(command, state);
    case 'ChangeMedication': return change(command, state);
    case 'StopMedication': return stop(command, state);
    case 'RecordAllergy': return recordAllergy(command, state);
    case 'RemoveAllergy': return removeAllergy(command, state);
    default: return assertNever(command);
  }
}

export const medicationListDecider: Decider<MedicationListCommand, MedicationListEvent, MedicationListState> = { decide, evolve, initialState };
