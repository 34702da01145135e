import type { StoredEvent } from '@iop/event-store';
import { validateEvent } from '@iop/domain-events';
import { clinicalNotesPublicMapping } from './clinical-notes.publishing';

const MARKER = 'SECRET-MARKER-7f3a';
const stored = (type: string, data: object): StoredEvent => ({
  id: 'x', type, data, metadata: { tenantId: 't', actor: { subject: 'a' }, correlationId: 'c' }, schemaVersion: 1,
  streamId: 's', streamType: 'note', streamVersion: 1, globalPosition: '1', transactionId: '1', recordedAt: new Date(),
});
const ids = { noteId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', episodeId: '9c4e2a7d-3b61-4f0a-8e5d-1a2b3c4d5e6f', patientId: '5b1f0c0e-8d2a-4f57-9a51-2f7c3e9d6a10' };
const content = { body: MARKER, crisis: { riskLevel: 'high', safetyPlan: MARKER }, onCallContact: { who: MARKER, at: '2026-03-10T23:00:00Z', outcome: MARKER } };

const cases: [string, object][] = [
  ['NoteSigned', { ...ids, noteType: 'crisis', author: MARKER, content, signedAt: '2026-03-11T00:00:00Z', late: false, cosignRequired: true }],
  ['NoteAmended', { ...ids, amendmentId: '3e4f5a6b-7c8d-4e9f-8a0b-2c3d4e5f6a7b', author: MARKER, body: MARKER, reason: MARKER, amendedAt: '2026-03-11T00:00:00Z' }],
  ['ReassessmentRecorded', {
    reassessmentId: '4f5a6b7c-8d9e-4f0a-9b1c-3d4e5f6a7b8c', episodeId: ids.episodeId, patientId: ids.patientId, criteriaEdition: 4,
    ratings: { d1: 0, d2: 1, d3: 2, d4: 3, d5: 4, d6: 0 }, rationale: { d1: MARKER }, recordedBy: MARKER, recordedAt: '2026-03-11T00:00:00Z',
  }],
];

describe('public mapping', () => {
  it.each(cases)('%s publishes a valid contract with no text, author or rationale', (type, data) => {
    const out = clinicalNotesPublicMapping(stored(type, data));
    expect(out).toHaveLength(1);
    expect(validateEvent(out[0].contract.type, out[0].data)).toEqual({ ok: true });
    expect(JSON.stringify(out)).not.toContain(MARKER);
  });

  it('keeps drafts, edits, co-signatures and group notes internal', () => {
    for (const type of ['NoteDrafted', 'NoteDraftEdited', 'NoteCosigned', 'TreatmentPlanDrafted', 'ChartOpened', 'GroupNoteWritten']) {
      expect(clinicalNotesPublicMapping(stored(type, { body: MARKER }))).toEqual([]);
    }
  });

  it('a signed plan version publishes its structured care as codes, and a version signed before structured care publishes none', () => {
    const plan = { planId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', episodeId: ids.episodeId, patientId: ids.patientId, version: 2, goalCount: 1, signedBy: MARKER, signedAt: '2026-03-11T00:00:00Z' };
    const care = [{ goalId: '8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e', service: 'individual-therapy', cadence: 'weekly', durationMinutes: 50, staffId: 'clinician-alice', staffRole: 'clinician', description: MARKER }];
    const out = clinicalNotesPublicMapping(stored('TreatmentPlanSigned', { ...plan, care }));
    expect(out.map((m) => m.contract.name)).toEqual(['TreatmentPlanSigned', 'TreatmentPlanCareSet']);
    for (const m of out) expect(validateEvent(m.contract.type, m.data)).toEqual({ ok: true });
    expect(out[1].data).toMatchObject({ version: 2, effectiveFrom: '2026-03-11T00:00:00Z', interventions: [{ service: 'individual-therapy', cadence: 'weekly', staffId: 'clinician-alice' }] });
    expect(JSON.stringify(out)).not.toContain(MARKER);
    expect(clinicalNotesPublicMapping(stored('TreatmentPlanSigned', plan)).map((m) => m.contract.name)).toEqual(['TreatmentPlanSigned']);
  });
});
