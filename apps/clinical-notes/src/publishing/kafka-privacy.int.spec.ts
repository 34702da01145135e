/**
 * No note text on Kafka (42 CFR Part 2, HIPAA minimum necessary): the test writes plans, notes of every kind,
 * amendments, a reassessment rationale and a counseling note, all carrying a unique marker, then reads every message
 * of its topic namespace and asserts the marker appears in no key, value or header. It also checks that what was
 * published is exactly the contracts: the expected types, valid payloads, and no field beyond the schema's.
 */
import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { ALL_TOPICS, contractFor, TOPICS, validateEvent } from '@iop/domain-events';
import { testKafka, uniqueId } from '@iop/testing';
import { ClinicalNotesKit, until, type Episode } from '../testing/clinical-notes.test-kit';

const MARKER = `MARKER-${randomUUID()}`;
let kit: ClinicalNotesKit;

async function highWatermarks(topic: string): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

async function readAll(topics: string[]): Promise<{ topic: string; message: KafkaMessage }[]> {
  const expected = (await Promise.all(topics.map(highWatermarks))).reduce((a, b) => a + b, 0);
  const consumer = testKafka().consumer({ groupId: uniqueId('privacy-scan'), maxWaitTimeInMs: 200 });
  const seen: { topic: string; message: KafkaMessage }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ topic, message }) => void seen.push({ topic, message }) });
  try {
    await until(() => seen.length >= expected, 30_000);
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

async function writeEverything(episode: Episode): Promise<void> {
  const alice = await kit.token(['clinician'], 'alice');
  const post = async (path: string, body?: object) => {
    const res = await kit.t.request('POST', path, { token: alice, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const goal = { description: `goal ${MARKER}`, targetDate: '2026-06-01', objectives: [{ description: MARKER, measure: MARKER, targetDate: '2026-05-01' }], interventions: [
    { description: MARKER, frequency: MARKER, responsibleStaff: MARKER },
    { description: MARKER, frequency: MARKER, responsibleStaff: 'alice', service: 'individual-therapy', cadence: 'weekly', durationMinutes: 50, responsibleRole: 'clinician' },
  ] };
  const { planId } = await post(`/v1/episodes/${episode.episodeId}/treatment-plan`, { problems: [{ description: `problem ${MARKER}`, asamDimensions: ['d5'], goals: [goal] }] });
  const plan = await post(`/v1/treatment-plans/${planId}/sign`);
  await post(`/v1/treatment-plans/${planId}/goals/${plan.problems[0].goals[0].goalId}/status`, { status: 'in-progress' });
  const notes = [
    { type: 'individual-session', body: `individual ${MARKER}` },
    { type: 'group-session', body: `section ${MARKER}`, groupSummary: `group ${MARKER}` },
    { type: 'crisis', body: `crisis ${MARKER}`, crisis: { riskLevel: 'high', safetyPlan: MARKER }, onCallContact: { who: MARKER, at: new Date().toISOString(), outcome: MARKER } },
  ];
  for (const note of notes) {
    const { noteId } = await post('/v1/notes', { episodeId: episode.episodeId, sessionId: randomUUID(), ...note });
    await kit.t.request('PATCH', `/v1/notes/${noteId}`, { token: alice, body: { body: `edited ${MARKER}` } });
    await post(`/v1/notes/${noteId}/sign`);
    if (note.type === 'individual-session') await post(`/v1/notes/${noteId}/amendments`, { body: MARKER, reason: MARKER });
  }
  await post(`/v1/episodes/${episode.episodeId}/reassessments`, { criteriaEdition: 3, ratings: { d1: 0, d2: 0, d3: 1, d4: 2, d5: 2, d6: 1 }, rationale: { d5: MARKER } });
  await post('/v1/counseling-notes', { episodeId: episode.episodeId, body: MARKER });
}

beforeAll(async () => {
  kit = await ClinicalNotesKit.start('privacy');
});
afterAll(() => kit?.close());

describe('Kafka carries no note text', () => {
  it('publishes the expected metadata events, and the marker reaches no key, value or header of any topic', async () => {
    await writeEverything(await kit.admit());
    const notesTopic = kit.prefix + TOPICS.clinicalNotes;
    // The crisis note, rated high, comes back from the bus as a safety signal: its alert is the tenth event.
    await until(async () => (await highWatermarks(notesTopic)) >= 10, 30_000);
    const all = await readAll(ALL_TOPICS.map((t) => kit.prefix + t));

    for (const { message } of all) {
      const headers = Object.entries(message.headers ?? {}).map(([k, v]) => `${k}=${String(v)}`).join('\n');
      expect(`${message.key?.toString()}\n${message.value?.toString()}\n${headers}`).not.toContain(MARKER);
    }
    const published = all.filter((m) => m.topic === notesTopic);
    const types = published.map(({ message }) => String(message.headers!.ce_type)).sort();
    expect(types).toEqual([
      'iop.clinical-notes.CrisisDocumented.v1', 'iop.clinical-notes.DimensionalReassessmentRecorded.v1', 'iop.clinical-notes.GoalStatusChanged.v1',
      'iop.clinical-notes.NoteAmended.v1', 'iop.clinical-notes.NoteSigned.v1', 'iop.clinical-notes.NoteSigned.v1', 'iop.clinical-notes.NoteSigned.v1',
      'iop.clinical-notes.SafetyAlertOpened.v1', 'iop.clinical-notes.TreatmentPlanCareSet.v1', 'iop.clinical-notes.TreatmentPlanSigned.v1',
    ]);
    for (const { message } of published) {
      const contract = contractFor(String(message.headers!.ce_type))!;
      const data = JSON.parse(message.value!.toString()) as Record<string, unknown>;
      expect(validateEvent(contract.type, data)).toEqual({ ok: true });
      expect(Object.keys(data).filter((k) => !(k in contract.schema.properties))).toEqual([]);
      expect(message.key!.toString()).toBe(data.episodeId);
    }
  });
});
