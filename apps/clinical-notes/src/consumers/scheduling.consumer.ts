import { Inject, Injectable } from '@nestjs/common';
import { EventConsumers } from '@iop/event-store';
import { attendanceRecordedV1, TOPICS, type AttendanceRecorded } from '@iop/domain-events';
import { chartCommand } from './admissions.consumer';

/** Attendance makes a note due (or, when corrected to an absence, no longer due). */
@Injectable()
export class SchedulingConsumer {
  constructor(@Inject(EventConsumers) consumers: EventConsumers) {
    consumers.register({
      name: 'scheduling',
      topics: [TOPICS.scheduling],
      handlers: {
        [attendanceRecordedV1.type]: async (event) => {
          const { episodeId, patientId, sessionId, sessionType, status, sessionStartsAt, recordedAt } = event.data as AttendanceRecorded;
          const data = { episodeId, patientId, sessionId, sessionType, status, sessionStartsAt, recordedAt };
          return chartCommand(event, episodeId, (metadata) => ({ type: 'NoteAttendance', data, metadata }));
        },
      },
    });
  }
}
