import type { PoolClient } from 'pg';
import {
  attendanceRecordedV1, careTeamChangedV1, consentGrantedV1, consentRevokedV1, diagnosisRecordedV1, diagnosisRemovedV1, diagnosisResolvedV1, drugScreenResultedV1,
  episodeCancelledV1, goalStatusChangedV1, levelOfCareChangedV1, locationConfiguredV1, measureRecordedV1, patientAdmittedV1, patientDischargedV1,
  patientReferredV1, type PublicEvent, sessionScheduledV1, treatmentPlanSignedV1,
} from '@iop/domain-events';
import type { InboxContext } from '@iop/event-store';
import { inResourceUnit } from '../resources/resource-store';
import { AdmissionsConsumer } from './admissions.consumer';
import { ClinicalNotesConsumer } from './clinical-notes.consumer';
import { OutcomesConsumer } from './outcomes.consumer';
import { SchedulingConsumer } from './scheduling.consumer';

const admissions = new AdmissionsConsumer();
const scheduling = new SchedulingConsumer();
const outcomes = new OutcomesConsumer();
const notes = new ClinicalNotesConsumer();

/* eslint-disable @typescript-eslint/no-explicit-any -- each handler takes its own event type */
const HANDLERS: Record<string, (e: PublicEvent<any>, ctx: InboxContext) => Promise<void>> = {
  [patientReferredV1.type]: (e, ctx) => admissions.referred(e, ctx),
  [patientAdmittedV1.type]: (e, ctx) => admissions.admitted(e, ctx),
  [levelOfCareChangedV1.type]: (e, ctx) => admissions.levelChanged(e, ctx),
  [patientDischargedV1.type]: (e, ctx) => admissions.discharged(e, ctx),
  [episodeCancelledV1.type]: (e, ctx) => admissions.cancelled(e, ctx),
  [careTeamChangedV1.type]: (e, ctx) => admissions.careTeamChanged(e, ctx),
  [consentGrantedV1.type]: (e, ctx) => admissions.consentGranted(e, ctx),
  [consentRevokedV1.type]: (e, ctx) => admissions.consentRevoked(e, ctx),
  [diagnosisRecordedV1.type]: (e, ctx) => admissions.diagnosisRecorded(e, ctx),
  [diagnosisResolvedV1.type]: (e, ctx) => admissions.diagnosisResolved(e, ctx),
  [diagnosisRemovedV1.type]: (e, ctx) => admissions.diagnosisRemoved(e, ctx),
  [locationConfiguredV1.type]: (e, ctx) => scheduling.location(e, ctx),
  [sessionScheduledV1.type]: (e, ctx) => scheduling.scheduled(e, ctx),
  [attendanceRecordedV1.type]: (e, ctx) => scheduling.attendance(e, ctx),
  [measureRecordedV1.type]: (e, ctx) => outcomes.measure(e, ctx),
  [drugScreenResultedV1.type]: (e, ctx) => outcomes.drugScreen(e, ctx),
  [treatmentPlanSignedV1.type]: (e, ctx) => notes.planSigned(e, ctx),
  [goalStatusChangedV1.type]: (e, ctx) => notes.goalChanged(e, ctx),
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * Applies a public event through the consumers' own handler, outside the inbox: a read-model rebuild replaying the
 * events kept, and the benchmark seeding. The caller's transaction, marked projector, is the handler's; the event's
 * writes are made before this returns (a rebuild holds each event in a savepoint of its own).
 */
export async function applyEvent(client: PoolClient, event: PublicEvent): Promise<void> {
  const handler = HANDLERS[event.type];
  if (!handler) throw new Error(`the fhir service has no handler for ${event.type}`);
  await inResourceUnit(client, () => handler(event, { client } as unknown as InboxContext));
}
