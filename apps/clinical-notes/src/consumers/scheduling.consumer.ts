import { EventPattern, Payload } from '@nestjs/microservices';
import { ConsumerController } from '@iop/event-store';
import { attendanceRecordedV1, type AttendanceRecorded, type PublicEvent } from '@iop/domain-events';
import { chartCommand } from './admissions.consumer';

/** Attendance makes a note due (or, when corrected to an absence, no longer due). */
@ConsumerController('scheduling')
export class SchedulingConsumer {
  @EventPattern(attendanceRecordedV1.type)
  attended(@Payload() event: PublicEvent<AttendanceRecorded>) {
    const { episodeId, patientId, sessionId, sessionType, status, sessionStartsAt, recordedAt } = event.data;
    const data = { episodeId, patientId, sessionId, sessionType, status, sessionStartsAt, recordedAt };
    return chartCommand(event, episodeId, (metadata) => ({ type: 'NoteAttendance', data, metadata }));
  }
}
