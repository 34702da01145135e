/**
 * The chart's clinical record for patients in treatment (docs/DOMAIN.md section 7): a primary substance-use diagnosis
 * with its DSM-5 severity, a co-occurring one for some, the medications they take (medications for opioid and alcohol
 * use disorder among them), an allergy now and then, and a BAM answered through items 7A-7G. All of it invented.
 */
import { api } from '../../e2e/api';
import { day, ok, post, type Tokens, type Url } from './seed-support';

type Profile = {
  primary: { code: string; severity?: 'mild' | 'moderate' | 'severe' };
  medication?: { name: string; dose: string; route: string; frequency: string };
};

/** One substance-use profile per patient in turn: the diagnosis and, where one fits, the MOUD or MAUD. */
const PROFILES: Profile[] = [
  { primary: { code: 'F11.20', severity: 'severe' }, medication: { name: 'Buprenorphine/naloxone', dose: '8 mg/2 mg', route: 'sublingual', frequency: 'once daily' } },
  { primary: { code: 'F10.20', severity: 'moderate' }, medication: { name: 'Naltrexone', dose: '50 mg', route: 'oral', frequency: 'once daily' } },
  { primary: { code: 'F14.20', severity: 'moderate' } },
  { primary: { code: 'F10.20', severity: 'severe' }, medication: { name: 'Acamprosate', dose: '666 mg', route: 'oral', frequency: 'three times daily' } },
  { primary: { code: 'F15.10' } },
  { primary: { code: 'F11.20', severity: 'moderate' }, medication: { name: 'Methadone oral concentrate', dose: '80 mg', route: 'oral', frequency: 'once daily' } },
];
const CO_OCCURRING = ['F41.1', 'F43.10', 'F33.1', 'F32.A'];

/** A BAM of someone cutting down: item 7 left to its sub-items (cannabis on 1-3 days, stimulants on none...). */
const BAM = (i: number): Record<string, number> => ({
  1: 1, 2: 1, 3: 2, 4: i % 2, 5: 0, 6: 1, 8: 2, 9: 3, 10: 2, 11: 1, 12: 2, 13: 3, 14: 2, 15: 1, 16: 3, 17: 2,
  '7A': 1, '7B': 0, '7C': i % 3 === 0 ? 1 : 0, '7D': 0, '7E': 0, '7F': 0, '7G': 0,
});

export async function clinicalRecord(url: Url, t: Tokens, episodeId: string, i: number): Promise<{ diagnoses: number; medications: number; allergies: number }> {
  const episode = ok(await api(url('admissions'), 'GET', `/v1/episodes/${episodeId}`, t.clinician), 'episode');
  const patientId = episode.body.patientId as string;
  const profile = PROFILES[i % PROFILES.length];
  const diagnosis = (body: Record<string, unknown>) => post(url('admissions'), `/v1/episodes/${episodeId}/diagnoses`, t.psychiatrist, { system: 'ICD-10-CM', ...body });
  ok(await diagnosis({ ...profile.primary, kind: 'primary' }), 'primary diagnosis');
  let diagnoses = 1;
  if (i % 2 === 0) {
    ok(await diagnosis({ code: CO_OCCURRING[(i / 2) % CO_OCCURRING.length], kind: 'secondary' }), 'co-occurring diagnosis');
    diagnoses++;
  }
  let medications = 0;
  if (profile.medication) {
    ok(await post(url('admissions'), `/v1/patients/${patientId}/medications`, t.psychiatrist, { ...profile.medication, startDate: day(-(7 + i)) }), 'medication');
    medications++;
  }
  if (i % 4 === 0) {
    ok(await post(url('admissions'), `/v1/patients/${patientId}/medications`, t.nurse, { name: 'Sertraline', dose: '50 mg', route: 'oral', frequency: 'once daily', startDate: day(-60) }), 'medication');
    medications++;
  }
  let allergies = 0;
  if (i % 3 === 1) {
    ok(await post(url('admissions'), `/v1/patients/${patientId}/allergies`, t.nurse, { substance: 'Penicillin', reaction: 'hives', severity: 'moderate' }), 'allergy');
    allergies++;
  }
  ok(await post(url('outcomes'), '/v1/measures', t.clinician, { episodeId, instrument: 'BAM', answers: BAM(i) }), 'BAM');
  return { diagnoses, medications, allergies };
}
