import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  attendanceRecordedV1, type AttendanceRecorded, locationConfiguredV1, type LocationConfigured, type PublicEvent, sessionScheduledV1, type SessionScheduled,
} from '@iop/domain-events';
import { ConsumerController, deterministicId, type InboxContext } from '@iop/event-store';
import { attendanceKey, fromAttendance, locationFromConfiguration, organizationFor } from '../resources/fhir-resources';
import { deleteResource, loadSession, saveResource, saveSession } from '../resources/resource-store';
import { keep } from './consumed-events';

/**
 * The clinic (Organization) and its program sites (Location), sessions' times (attendance events carry the start only) and each recorded attendance as an Appointment and, when
 * attended, an Encounter. Attendance for a session whose SessionScheduled has not arrived yet (another key) fails so
 * the inbox retries it.
 */
@ConsumerController('scheduling')
export class SchedulingConsumer {
  @EventPattern(locationConfiguredV1.type)
  async location(@Payload() event: PublicEvent<LocationConfigured>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    // The clinic is made with its first site (no event names the clinic itself); a later one changes nothing.
    await saveResource(client, event.tenantId, organizationFor(event.tenantId));
    await saveResource(client, event.tenantId, locationFromConfiguration(event.data, event.tenantId));
  }

  @EventPattern(sessionScheduledV1.type)
  async scheduled(@Payload() event: PublicEvent<SessionScheduled>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    await saveSession(client, event.tenantId, event.data);
  }

  @EventPattern(attendanceRecordedV1.type)
  async attendance(@Payload() event: PublicEvent<AttendanceRecorded>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    const session = await loadSession(client, event.data.sessionId);
    if (!session) throw new Error(`session ${event.data.sessionId} is not there yet`);
    const id = deterministicId(attendanceKey(event.data));
    const { appointment, encounter } = fromAttendance(event.data, session, id);
    await saveResource(client, event.tenantId, appointment);
    if (encounter) await saveResource(client, event.tenantId, encounter);
    else await deleteResource(client, 'Encounter', id);
  }
}
