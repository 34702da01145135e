/** A patient's medication list and allergies through HTTP, against real PostgreSQL and Kafka: MOUD flag, changes, stops, roles, tenants, audit, nothing on the bus. */
import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { TOPICS } from '@iop/domain-events';
import { testKafka, uniqueId } from '@iop/testing';
import { daysFromToday, type Harness, startAdmissions, today } from '../testing/admissions-test-app';

describe('medications and allergies', () => {
  let h: Harness;
  let patientId: string;
  beforeAll(async () => {
    h = await startAdmissions('medications');
    ({ patientId } = await h.refer());
  });
  afterAll(async () => h?.close());

  const start = (body: Record<string, unknown>, role = 'psychiatrist', pid = patientId) =>
    h.call('POST', `/v1/patients/${pid}/medications`, role, { dose: '50 mg', route: 'oral', frequency: 'once daily', startDate: daysFromToday(-3), ...body });
  const meds = async () => (await h.call('GET', `/v1/patients/${patientId}/medications`, 'clinician')).body.items;

  it('adds medications, flagging MOUD and MAUD from the name unless the clinician turns it off', async () => {
    const bup = await start({ name: 'Suboxone', rxnormCode: '1597', dose: '8 mg/2 mg', route: 'sublingual' });
    expect(bup.status).toBe(201);
    expect(bup.body).toMatchObject({ medicationId: expect.any(String), name: 'Suboxone', rxnormCode: '1597', status: 'active', moud: { ingredient: 'buprenorphine', treats: ['opioid-use-disorder'] }, recordedBy: 'psychiatrist-user' });
    const naltrexone = await start({ name: 'Naltrexone' }, 'nurse');
    expect(naltrexone.body.moud).toEqual({ ingredient: 'naltrexone', treats: ['opioid-use-disorder', 'alcohol-use-disorder'] });
    const forPain = await start({ name: 'Buprenorphine transdermal patch', route: 'transdermal', moud: false });
    expect(forPain.body).not.toHaveProperty('moud');
    const sertraline = await start({ name: 'Sertraline' });
    expect(sertraline.body).not.toHaveProperty('moud');
    expect((await start({ name: 'Gabapentin', moud: true })).status).toBe(400);
    expect((await start({ name: 'suboxone' })).status).toBe(409);
    expect((await meds()).map((m: { name: string }) => m.name)).toEqual(['Suboxone', 'Naltrexone', 'Buprenorphine transdermal patch', 'Sertraline']);
  });

  it('changes a dose from a date, stops a medication once, and keeps the history', async () => {
    const med = (await start({ name: 'Acamprosate', dose: '333 mg', frequency: 'three times daily', startDate: daysFromToday(-10) })).body;
    const changed = await h.call('PATCH', `/v1/patients/${patientId}/medications/${med.medicationId}`, 'nurse', { dose: '666 mg', effectiveDate: daysFromToday(-2) });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ dose: '666 mg', frequency: 'three times daily', changes: [{ dose: '666 mg', effectiveDate: daysFromToday(-2), recordedBy: 'nurse-user' }] });
    expect((await h.call('PATCH', `/v1/patients/${patientId}/medications/${med.medicationId}`, 'nurse', { dose: '666 mg', effectiveDate: today() })).status).toBe(400);
    const stopped = await h.call('POST', `/v1/patients/${patientId}/medications/${med.medicationId}/stop`, 'psychiatrist', { stopDate: today(), reason: 'adverse-effect' });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ status: 'stopped', stopDate: today(), stopReason: 'adverse-effect' });
    expect((await h.call('POST', `/v1/patients/${patientId}/medications/${med.medicationId}/stop`, 'psychiatrist', { stopDate: today(), reason: 'completed' })).status).toBe(409);
    expect((await h.call('POST', `/v1/patients/${patientId}/medications/${randomUUID()}/stop`, 'psychiatrist', { stopDate: today(), reason: 'completed' })).status).toBe(404);
    expect((await meds()).find((m: { medicationId: string }) => m.medicationId === med.medicationId)).toMatchObject({ status: 'stopped', moud: { ingredient: 'acamprosate' } });
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const before = await h.eventCount(`medications-${patientId}`);
    for (const body of [
      { name: ' ' }, { name: 'Sertraline 2', route: 'by mouth' }, { name: 'Sertraline 2', startDate: '2025-02-30' }, { name: 'Sertraline 2', startDate: daysFromToday(5) },
      { name: 'Sertraline 2', rxnormCode: 'abc' }, { name: 'Sertraline 2', prescribe: true },
    ]) {
      const res = await start(body);
      expect([JSON.stringify(body), res.status, res.headers['content-type']]).toEqual([JSON.stringify(body), 400, expect.stringContaining('application/problem+json')]);
    }
    expect(await h.eventCount(`medications-${patientId}`)).toBe(before);
  });

  it('records allergies once per substance and removes them', async () => {
    const allergy = await h.call('POST', `/v1/patients/${patientId}/allergies`, 'nurse', { substance: 'Penicillin', reaction: 'hives', severity: 'moderate' });
    expect(allergy.status).toBe(201);
    expect(allergy.body).toMatchObject({ allergyId: expect.any(String), substance: 'Penicillin', reaction: 'hives', severity: 'moderate' });
    expect((await h.call('POST', `/v1/patients/${patientId}/allergies`, 'psychiatrist', { substance: 'penicillin', severity: 'mild' })).status).toBe(409);
    expect((await h.call('POST', `/v1/patients/${patientId}/allergies`, 'nurse', { substance: 'Latex', severity: 'awful' })).status).toBe(400);
    const read = async () => (await h.call('GET', `/v1/patients/${patientId}/allergies`, 'supervisor')).body.items;
    expect((await read()).map((a: { substance: string }) => a.substance)).toEqual(['Penicillin']);
    expect((await h.call('POST', `/v1/patients/${patientId}/allergies/${allergy.body.allergyId}/remove`, 'nurse', { reason: 'entered-in-error' })).status).toBe(204);
    expect(await read()).toEqual([]);
    expect((await h.call('POST', `/v1/patients/${patientId}/allergies/${allergy.body.allergyId}/remove`, 'nurse', { reason: 'entered-in-error' })).status).toBe(404);
  });

  it('is kept by psychiatrists and nurses, read by the clinical roles; others 403; another tenant and an unknown patient 404', async () => {
    for (const role of ['clinician', 'supervisor', 'intake', 'admin', 'front-desk', 'analyst']) expect([role, (await start({ name: 'Lithium' }, role)).status]).toEqual([role, 403]);
    for (const role of ['intake', 'admin', 'front-desk', 'analyst', 'integrator']) {
      expect([role, (await h.call('GET', `/v1/patients/${patientId}/medications`, role)).status]).toEqual([role, 403]);
      expect([role, (await h.call('GET', `/v1/patients/${patientId}/allergies`, role)).status]).toEqual([role, 403]);
    }
    const other = `${h.tenant}-other`;
    expect((await h.call('GET', `/v1/patients/${patientId}/medications`, 'nurse', undefined, other)).status).toBe(404);
    expect((await h.call('POST', `/v1/patients/${patientId}/medications`, 'nurse', { name: 'Lithium', dose: '300 mg', route: 'oral', frequency: 'daily', startDate: today() }, other)).status).toBe(404);
    expect((await start({ name: 'Lithium' }, 'nurse', randomUUID())).status).toBe(404);
  });

  it('audits reads and changes against the patient', async () => {
    await meds();
    const { rows } = await h.pool.query('SELECT DISTINCT action FROM audit_log WHERE patient_id = $1 AND resource LIKE $2', [patientId, `patient/${patientId}/%`]);
    expect(rows.map((r) => r.action).sort()).toEqual(expect.arrayContaining(['create', 'read', 'update']));
  });

  it('publishes nothing about medications or allergies: names, doses and reactions stay in admissions', async () => {
    const marker = await h.refer();
    const seen: KafkaMessage[] = [];
    const consumer = testKafka().consumer({ groupId: uniqueId('medications-reader'), maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: h.prefix + TOPICS.admissions, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
    try {
      // The marker's referral comes after every medication of this file: once it is seen, so would they be.
      const deadline = Date.now() + 30_000;
      while (!seen.some((m) => m.key?.toString() === marker.patientId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(seen.some((m) => m.key?.toString() === marker.patientId)).toBe(true);
      const text = seen.map((m) => `${m.headers?.ce_type?.toString()} ${m.value?.toString()}`).join('\n');
      expect(text).not.toMatch(/Medication|Allergy|Suboxone|Naltrexone|Penicillin|hives/);
    } finally {
      await consumer.disconnect();
    }
  });
});
