import { given, type CommandMetadata } from '@iop/decider';
import { noteDecider, type NoteCommand } from './note.decide';
import type { NoteEvent } from './note.events';

const meta = (subject: string, now = '2026-03-10T22:00:00.000Z', roles = ['clinician']): CommandMetadata => ({ now, tenantId: 't1', actor: { subject, roles }, correlationId: 'c1' });
const ids = { noteId: 'n1', episodeId: 'e1', patientId: 'p1', sessionId: 's1' };
const content = { body: 'Patient engaged in relapse-prevention work.' };

const drafted: NoteEvent = { type: 'NoteDrafted', data: { ...ids, noteType: 'individual-session', author: 'alice', content, draftedAt: '2026-03-10T21:00:00.000Z' } };
const signedEvent = (late = false, cosignRequired = false): NoteEvent => ({
  type: 'NoteSigned',
  data: { ...ids, noteType: 'individual-session', author: 'alice', content, signedAt: '2026-03-10T22:00:00.000Z', late, cosignRequired },
});
const sign = (subject = 'alice', now?: string, cosignRequired = false): NoteCommand => ({
  type: 'SignNote', data: { lateAfterHours: 72, cosignRequired, sessionStartsAt: '2026-03-10T18:00:00.000Z' }, metadata: meta(subject, now),
});
const amend = (subject: string, body = 'Correction: dose was 8 mg.', reason = 'transcription error'): NoteCommand => ({
  type: 'AmendNote', data: { amendmentId: 'a1', body, reason }, metadata: meta(subject, '2026-03-11T09:00:00.000Z'),
});
const cosign = (subject: string, roles = ['supervisor']): NoteCommand => ({ type: 'CosignNote', data: {}, metadata: meta(subject, '2026-03-11T10:00:00.000Z', roles) });

describe('no note yet', () => {
  const draft = (noteType: 'individual-session' | 'crisis' | 'group-session', c: object): NoteCommand => ({
    type: 'DraftNote', data: { ...ids, noteType, content: c as typeof content }, metadata: meta('alice', '2026-03-10T21:00:00.000Z'),
  });
  it('drafts a note authored by the actor', () => given(noteDecider).when(draft('individual-session', content)).then([drafted]));
  it('refuses an empty body', () => given(noteDecider).when(draft('individual-session', { body: '   ' })).thenThrows('invalid', 'not valid'));
  it('refuses a crisis note without a risk level', () => given(noteDecider).when(draft('crisis', content)).thenThrows('invalid'));
  it('refuses a group note without the group summary', () => given(noteDecider).when(draft('group-session', content)).thenThrows('invalid'));
  it('cannot sign what does not exist', () => given(noteDecider).when(sign()).thenThrows('not-found'));
});

describe('draft', () => {
  it('the author edits it', () => {
    const edit: NoteCommand = { type: 'EditNote', data: { content: { body: 'Revised.' } }, metadata: meta('alice') };
    given(noteDecider, [drafted]).when(edit).then([{ type: 'NoteDraftEdited', data: { noteId: 'n1', content: { body: 'Revised.' }, editedAt: '2026-03-10T22:00:00.000Z' } }]);
  });
  it('nobody else edits it', () => given(noteDecider, [drafted]).when({ type: 'EditNote', data: { content: { body: 'x' } }, metadata: meta('bob') }).thenThrows('forbidden'));
  it('an edit against a stale revision is a conflict', () =>
    given(noteDecider, [drafted]).when({ type: 'EditNote', data: { content: { body: 'x' }, expectedRevision: 7 }, metadata: meta('alice') }).thenThrows('conflict', 'If-Match'));
  it('the author signs it, on time', () => given(noteDecider, [drafted]).when(sign()).then([signedEvent()]));
  it('a signature more than 72 h after the session is a late entry', () => {
    const events = given(noteDecider, [drafted]).when(sign('alice', '2026-03-13T18:00:01.000Z')).events();
    expect(events[0]).toMatchObject({ type: 'NoteSigned', data: { late: true } });
  });
  it("signing someone else's draft is forbidden", () => given(noteDecider, [drafted]).when(sign('bob')).thenThrows('forbidden', 'author'));
  it('amending a draft is a conflict: edit it instead', () => given(noteDecider, [drafted]).when(amend('alice')).thenThrows('conflict', 'edit it instead'));
  it('co-signing a draft is a conflict', () => given(noteDecider, [drafted]).when(cosign('sam')).thenThrows('conflict', 'draft'));
});

describe('signed', () => {
  it('never changes: an edit is a conflict', () =>
    given(noteDecider, [drafted, signedEvent()]).when({ type: 'EditNote', data: { content: { body: 'x' } }, metadata: meta('alice') }).thenThrows('conflict', 'amendment'));
  it('takes an amendment with reason, author and time', () =>
    given(noteDecider, [drafted, signedEvent()]).when(amend('bob')).then([{
      type: 'NoteAmended',
      data: { noteId: 'n1', amendmentId: 'a1', episodeId: 'e1', patientId: 'p1', author: 'bob', body: 'Correction: dose was 8 mg.', reason: 'transcription error', amendedAt: '2026-03-11T09:00:00.000Z' },
    }]));
  it('refuses an amendment without a reason', () => given(noteDecider, [drafted, signedEvent()]).when(amend('alice', 'x', ' ')).thenThrows('invalid'));
  it('is not signed twice', () => given(noteDecider, [drafted, signedEvent()]).when(sign()).thenThrows('conflict'));
  it('a supervisor co-signs when the credential requires it', () =>
    given(noteDecider, [drafted, signedEvent(false, true)]).when(cosign('sam')).then([{ type: 'NoteCosigned', data: { noteId: 'n1', cosignedBy: 'sam', cosignedAt: '2026-03-11T10:00:00.000Z' } }]));
  it('nobody co-signs their own note', () => given(noteDecider, [drafted, signedEvent(false, true)]).when(cosign('alice')).thenThrows('forbidden', 'own'));
  it('only a supervisor co-signs', () => given(noteDecider, [drafted, signedEvent(false, true)]).when(cosign('bob', ['clinician'])).thenThrows('forbidden'));
  it('a co-signature nobody requires is a conflict', () => given(noteDecider, [drafted, signedEvent()]).when(cosign('sam')).thenThrows('conflict', 'does not require'));
});

describe('co-signed', () => {
  const cosigned: NoteEvent = { type: 'NoteCosigned', data: { noteId: 'n1', cosignedBy: 'sam', cosignedAt: '2026-03-11T10:00:00.000Z' } };
  it('is not co-signed twice', () => given(noteDecider, [drafted, signedEvent(false, true), cosigned]).when(cosign('sue')).thenThrows('conflict'));
  it('still takes amendments', () => expect(given(noteDecider, [drafted, signedEvent(false, true), cosigned]).when(amend('alice')).events()).toHaveLength(1));
});

describe('crisis notes', () => {
  const crisis = { body: 'Called after hours; safety plan reviewed.', crisis: { riskLevel: 'high' as const, safetyPlan: 'Remove means; call line.' }, onCallContact: { who: 'Dr. On-call', at: '2026-03-10T23:10:00.000Z', outcome: 'safe at home' } };
  const draftedCrisis: NoteEvent = { type: 'NoteDrafted', data: { noteId: 'n2', episodeId: 'e1', patientId: 'p1', noteType: 'crisis', author: 'alice', content: crisis, draftedAt: '2026-03-10T23:30:00.000Z' } };
  it('signing documents the crisis as metadata', () => {
    const events = given(noteDecider, [draftedCrisis]).when({ type: 'SignNote', data: { lateAfterHours: 72, cosignRequired: false }, metadata: meta('alice', '2026-03-11T00:00:00.000Z') }).events();
    expect(events.map((e) => e.type)).toEqual(['NoteSigned', 'CrisisDocumented']);
    expect(events[1].data).toEqual({ noteId: 'n2', episodeId: 'e1', patientId: 'p1', riskLevel: 'high', safetyPlanDocumented: true, documentedAt: '2026-03-11T00:00:00.000Z' });
  });
});
