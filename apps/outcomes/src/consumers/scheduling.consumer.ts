import { EventPattern, Payload } from '@nestjs/microservices';
import {
  attendanceRecordedV1, type AttendanceRecorded, type PublicEvent, weeklyAttendanceSummarizedV1, type WeeklyAttendanceSummarized,
} from '@iop/domain-events';
import { type CommandContext, commandContextFromEvent, ConsumerController, type Declaration } from '@iop/event-store';
import { episodeDecider, type EpisodeCommand } from '../domain/episode/episode.decide';
import { episodeStream } from '../domain/episode/episode.state';

/** The episode command a consumed event makes, declared (ids derive from the event's). */
export function episodeCommand(event: PublicEvent, episodeId: string, command: (ctx: CommandContext) => EpisodeCommand): Declaration[] {
  const ctx = commandContextFromEvent(event, 'outcomes');
  return [{ stream: episodeStream(episodeId), decider: episodeDecider, command: command(ctx), ctx } as Declaration];
}

/**
 * Attended sessions (engagement) and closed program weeks (attendance compliance, retention by week) become
 * events of the episode. Attendance for an episode whose admission has not arrived yet (another topic, no
 * ordering between them) fails as not-found: the inbox retries with backoff, then parks it for replay.
 */
@ConsumerController('scheduling')
export class SchedulingConsumer {
  @EventPattern(attendanceRecordedV1.type)
  attended(@Payload() event: PublicEvent<AttendanceRecorded>) {
    return episodeCommand(event, event.data.episodeId, (metadata) => ({ type: 'NoteSessionAttendance', data: event.data, metadata }));
  }

  @EventPattern(weeklyAttendanceSummarizedV1.type)
  weekSummarized(@Payload() event: PublicEvent<WeeklyAttendanceSummarized>) {
    return episodeCommand(event, event.data.episodeId, (metadata) => ({ type: 'NoteAttendanceWeek', data: event.data, metadata }));
  }
}
