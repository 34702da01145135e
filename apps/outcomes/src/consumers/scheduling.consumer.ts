import { Inject, Injectable } from '@nestjs/common';
import {
  attendanceRecordedV1, type AttendanceRecorded, type PublicEvent, TOPICS, weeklyAttendanceSummarizedV1, type WeeklyAttendanceSummarized,
} from '@iop/domain-events';
import { type CommandContext, commandContextFromEvent, type Declaration, EventConsumers } from '@iop/event-store';
import { episodeDecider, type EpisodeCommand } from '../episode/episode.decide';
import { episodeStream } from '../episode/episode.state';

/** The episode command a consumed event makes, declared (ids derive from the event's). */
function declared(event: PublicEvent, episodeId: string, command: (ctx: CommandContext) => EpisodeCommand): Declaration[] {
  const ctx = commandContextFromEvent(event, 'outcomes');
  return [{ stream: episodeStream(episodeId), decider: episodeDecider, command: command(ctx), ctx } as Declaration];
}

/**
 * Attended sessions (engagement) and closed program weeks (attendance compliance, retention by week) become
 * events of the episode. Attendance for an episode whose admission has not arrived yet (another topic, no
 * ordering between them) fails as not-found: the inbox retries with backoff, then parks it for replay.
 */
@Injectable()
export class SchedulingConsumer {
  constructor(@Inject(EventConsumers) consumers: EventConsumers) {
    consumers.register({
      name: 'scheduling',
      topics: [TOPICS.scheduling],
      handlers: {
        [attendanceRecordedV1.type]: async (event) => {
          const data = event.data as AttendanceRecorded;
          return declared(event, data.episodeId, (metadata) => ({ type: 'NoteSessionAttendance', data, metadata }));
        },
        [weeklyAttendanceSummarizedV1.type]: async (event) => {
          const data = event.data as WeeklyAttendanceSummarized;
          return declared(event, data.episodeId, (metadata) => ({ type: 'NoteAttendanceWeek', data, metadata }));
        },
      },
    });
  }
}
