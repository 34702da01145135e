import type { StoredEvent } from '@iop/event-store';
import { validateEvent } from '@iop/domain-events';
import { clinicalNotesPublicMapping } from './clinical-notes.publishing';

const MARKER = 'SECRET-MARKER-5c1d';
const stored = (type: string, data: object): StoredEvent => ({
  id: 'x', type, data, metadata: { tenantId: 't', actor: { subject: 'a' }, correlationId: 'c' }, schemaVersion: 1,
  streamId: 's', streamType: 'safety-alerts', streamVersion: 1, globalPosition: '1', transactionId: '1', recordedAt: new Date(),
});
const base = {
  alertId: '8d9e0f1a-2b3c-4d4e-9f5a-7b8c9d0e1f2a', episodeId: '9c4e2a7d-3b61-4f0a-8e5d-1a2b3c4d5e6f', patientId: '5b1f0c0e-8d2a-4f57-9a51-2f7c3e9d6a10',
  signal: 'phq9-item9-positive', openedAt: '2026-03-08T03:00:01.000Z',
};

describe('safety alerts on the bus', () => {
  it.each([
    ['SafetyAlertOpened', { ...base, sourceId: 'm1', signalAt: '2026-03-08T03:00:00.000Z', routedTo: 'on-call-clinician', routedToStaffId: 'auth0|dr-lee' }],
    ['SafetyAlertOpened', { ...base, sourceId: 'm1', signalAt: '2026-03-08T03:00:00.000Z', routedTo: 'supervisor' }],
    ['SafetyAlertAcknowledged', { ...base, acknowledgedBy: 'auth0|dr-lee', acknowledgedAt: '2026-03-08T03:10:00.000Z' }],
    ['SafetyAlertResolved', { ...base, noteId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', summary: MARKER, resolvedBy: 'auth0|dr-lee', resolvedAt: '2026-03-08T04:00:00.000Z' }],
    ['SafetyAlertEscalated', { ...base, escalatedTo: 'supervisor', escalatedAt: '2026-03-08T03:30:01.000Z' }],
  ])('%s publishes a valid contract without the summary', (type, data) => {
    const out = clinicalNotesPublicMapping(stored(type, data));
    expect(out).toHaveLength(1);
    expect(validateEvent(out[0].contract.type, out[0].data)).toEqual({ ok: true });
    expect(JSON.stringify(out)).not.toContain(MARKER);
    expect(out[0].data).not.toHaveProperty('sourceId');
  });

  it('says whether a summary was written, not what', () => {
    const [out] = clinicalNotesPublicMapping(stored('SafetyAlertResolved', { ...base, summary: MARKER, resolvedBy: 'x', resolvedAt: '2026-03-08T04:00:00.000Z' }));
    expect(out.data).toMatchObject({ summaryDocumented: true });
    const [bare] = clinicalNotesPublicMapping(stored('SafetyAlertResolved', { ...base, noteId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', resolvedBy: 'x', resolvedAt: '2026-03-08T04:00:00.000Z' }));
    expect(bare.data).toMatchObject({ summaryDocumented: false });
  });
});
