import { given } from '@iop/decider';
import { medicationListDecider, moudOf, type StartMedication } from './medication-list.decide';
import type { AllergyRecorded, MedicationListEvent, MedicationStarted } from './medication-list.events';
import { evolve, initialState } from './medication-list.state';

const metadata = { now: '2025-03-12T19:30:00.000Z', tenantId: 't1', actor: { subject: 'nurse-1', roles: ['nurse'] }, correlationId: 'c1' };
const patientId = '3f1c2a4e-8a1b-4c55-9d0e-0a9b8c7d6e5f';
const M1 = '11111111-1111-4111-8111-111111111111';
const A1 = '22222222-2222-4222-8222-222222222222';
const by = 'nurse-1';

const startData: StartMedication['data'] = {
  patientId, medicationId: M1, name: 'Buprenorphine/naloxone', dose: '8 mg/2 mg', route: 'sublingual', frequency: 'once daily', startDate: '2025-03-01',
};
const start = (over: Partial<StartMedication['data']> = {}): StartMedication => ({ type: 'StartMedication', data: { ...startData, ...over }, metadata });
const started = (over: Partial<MedicationStarted['data']> = {}): MedicationStarted => ({
  type: 'MedicationStarted',
  data: {
    patientId, medicationId: M1, name: 'Buprenorphine/naloxone', dose: '8 mg/2 mg', route: 'sublingual', frequency: 'once daily',
    moud: { ingredient: 'buprenorphine', treats: ['opioid-use-disorder'] }, startDate: '2025-03-01', recordedAt: metadata.now, recordedBy: by, ...over,
  },
});
const allergy: AllergyRecorded = {
  type: 'AllergyRecorded', data: { patientId, allergyId: A1, substance: 'Penicillin', reaction: 'hives', severity: 'moderate', recordedAt: metadata.now, recordedBy: by },
};

describe('the MOUD/MAUD flag', () => {
  it.each([
    ['Suboxone 8/2 film', 'buprenorphine'], ['buprenorphine ER injection (Sublocade)', 'buprenorphine'], ['Methadone oral concentrate', 'methadone'],
    ['Vivitrol', 'naltrexone'], ['Campral', 'acamprosate'], ['DISULFIRAM', 'disulfiram'],
  ])('%s is %s', (name, ingredient) => expect(moudOf(name)?.ingredient).toBe(ingredient));

  it('naltrexone treats both opioid and alcohol use disorder', () => {
    expect(moudOf('naltrexone')?.treats).toEqual(['opioid-use-disorder', 'alcohol-use-disorder']);
  });

  it.each(['Sertraline', 'Gabapentin', 'Naloxone nasal spray'])('%s is not MOUD/MAUD', (name) => expect(moudOf(name)).toBeUndefined());
});

describe('starting a medication', () => {
  it('records it on the list, flagged from its name', () => given(medicationListDecider).when(start()).then([started()]));

  it('leaves the flag off when the clinician says it is not for a use disorder (buprenorphine for pain)', () => {
    const { moud: _, ...unflagged } = started({ name: 'Buprenorphine patch', route: 'transdermal' }).data;
    given(medicationListDecider).when(start({ name: 'Buprenorphine patch', route: 'transdermal', moud: false })).then([{ type: 'MedicationStarted', data: unflagged }]);
  });

  it('refuses the flag on a medication that is none of the five', () => {
    given(medicationListDecider).when(start({ name: 'Sertraline', moud: true })).thenThrows('invalid', 'MOUD/MAUD');
  });

  it('refuses a blank dose, a future start and the same active medication twice', () => {
    given(medicationListDecider).when(start({ dose: '  ' })).thenThrows('invalid');
    given(medicationListDecider).when(start({ startDate: '2025-03-20' })).thenThrows('invalid');
    given(medicationListDecider, [started()]).when(start({ medicationId: A1, name: 'buprenorphine/NALOXONE' })).thenThrows('conflict', 'change its dose');
  });
});

describe('changing and stopping', () => {
  const change = (data: Record<string, unknown>) => ({ type: 'ChangeMedication' as const, data: { medicationId: M1, effectiveDate: '2025-03-10', ...data }, metadata });
  const stop = (stopDate = '2025-03-11') => ({ type: 'StopMedication' as const, data: { medicationId: M1, stopDate, reason: 'completed' as const }, metadata });
  const stopped: MedicationListEvent = { type: 'MedicationStopped', data: { patientId, medicationId: M1, stopDate: '2025-03-11', reason: 'completed', recordedAt: metadata.now, recordedBy: by } };

  it('changes the dose, keeping what did not change', () => {
    given(medicationListDecider, [started()]).when(change({ dose: '12 mg/3 mg' })).then([{
      type: 'MedicationChanged',
      data: { patientId, medicationId: M1, dose: '12 mg/3 mg', route: 'sublingual', frequency: 'once daily', effectiveDate: '2025-03-10', recordedAt: metadata.now, recordedBy: by },
    }]);
  });

  it('refuses a change that changes nothing, or dated before the current dosing', () => {
    given(medicationListDecider, [started()]).when(change({ dose: '8 mg/2 mg' })).thenThrows('invalid');
    given(medicationListDecider, [started()]).when(change({ dose: '4 mg', effectiveDate: '2025-02-01' })).thenThrows('invalid');
  });

  it('stops once; a stopped medication neither changes nor stops again', () => {
    given(medicationListDecider, [started()]).when(stop()).then([stopped]);
    given(medicationListDecider, [started(), stopped]).when(stop()).thenThrows('conflict', 'stopped');
    given(medicationListDecider, [started(), stopped]).when(change({ dose: '4 mg' })).thenThrows('conflict');
    given(medicationListDecider, [started()]).when(stop('2025-02-01')).thenThrows('invalid');
  });

  it('answers not found for a medication not on the list', () => given(medicationListDecider).when(stop()).thenThrows('not-found'));

  it('folds into the list the chart shows, with the dosing history', () => {
    const changed: MedicationListEvent = { type: 'MedicationChanged', data: { patientId, medicationId: M1, dose: '12 mg/3 mg', route: 'sublingual', frequency: 'once daily', effectiveDate: '2025-03-10', recordedAt: metadata.now, recordedBy: by } };
    const state = [started(), changed, stopped].reduce(evolve, initialState());
    expect(state.medications).toEqual([expect.objectContaining({ dose: '12 mg/3 mg', status: 'stopped', stopDate: '2025-03-11', changes: [expect.objectContaining({ effectiveDate: '2025-03-10' })] })]);
  });
});

describe('allergies', () => {
  const record = (substance = 'Penicillin') => ({ type: 'RecordAllergy' as const, data: { patientId, allergyId: A1, substance, reaction: 'hives', severity: 'moderate' as const }, metadata });

  it('records an allergy once per substance', () => {
    given(medicationListDecider).when(record()).then([allergy]);
    given(medicationListDecider, [allergy]).when(record('penicillin')).thenThrows('conflict', 'recorded already');
  });

  it('removes one, which leaves the list', () => {
    const removed: MedicationListEvent = { type: 'AllergyRemoved', data: { patientId, allergyId: A1, reason: 'entered-in-error', removedAt: metadata.now, removedBy: by } };
    given(medicationListDecider, [allergy]).when({ type: 'RemoveAllergy', data: { allergyId: A1, reason: 'entered-in-error' }, metadata }).then([removed]);
    expect([allergy, removed].reduce(evolve, initialState()).allergies).toEqual([]);
    given(medicationListDecider, [allergy, removed]).when({ type: 'RemoveAllergy', data: { allergyId: A1, reason: 'entered-in-error' }, metadata }).thenThrows('not-found');
  });
});
