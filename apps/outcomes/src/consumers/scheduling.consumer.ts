import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import {
  attendanceRecordedV1, type AttendanceRecorded, type PublicEvent, TOPICS, weeklyAttendanceSummarizedV1, type WeeklyAttendanceSummarized,
} from '@iop/domain-events';
import { commandContextFromEvent, EventConsumers, EventStore } from '@iop/event-store';
import { runEpisodeCommand } from '../episode/run-episode-command';

/**
 * Attended sessions (engagement) and closed program weeks (attendance compliance, retention by week) become
 * events of the episode. Attendance for an episode whose admission has not arrived yet (another topic, no
 * ordering between them) fails as not-found: the inbox retries with backoff, then parks it for replay.
 */
@Injectable()
export class SchedulingConsumer {
  constructor(
    @Inject(EventConsumers) consumers: EventConsumers,
    @Inject(EventStore) private readonly store: EventStore,
  ) {
    consumers.register({
      name: 'scheduling',
      topics: [TOPICS.scheduling],
      handlers: {
        [attendanceRecordedV1.type]: (event, client) => this.attendance(event, client),
        [weeklyAttendanceSummarizedV1.type]: (event, client) => this.week(event, client),
      },
    });
  }

  private async attendance(event: PublicEvent, client: PoolClient): Promise<void> {
    const metadata = commandContextFromEvent(event, 'outcomes');
    const data = event.data as AttendanceRecorded;
    await runEpisodeCommand(this.store, data.episodeId, { type: 'NoteSessionAttendance', data, metadata }, { client, idSeed: event.id });
  }

  private async week(event: PublicEvent, client: PoolClient): Promise<void> {
    const metadata = commandContextFromEvent(event, 'outcomes');
    const data = event.data as WeeklyAttendanceSummarized;
    await runEpisodeCommand(this.store, data.episodeId, { type: 'NoteAttendanceWeek', data, metadata }, { client, idSeed: event.id });
  }
}
