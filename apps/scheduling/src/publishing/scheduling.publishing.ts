import {
  attendanceRecordedV1, attendanceRuleBreachedV1, episodeEnrolledV1, locationConfiguredV1, onCallRosterChangedV1, sessionCancelledV1, sessionScheduledV1,
  weeklyAttendanceSummarizedV1,
} from '@iop/domain-events';
import type { OutgoingMessage, PublicMapping, StoredEvent } from '@iop/event-store';
import type { AttendanceRecorded, AttendanceRuleBreached, EpisodeEnrolled, WeekSummarized } from '../domain/enrollment/enrollment.events';
import type { LocationConfigured } from '../domain/location/location.events';
import type { OnCallRosterReplaced } from '../domain/on-call/on-call.events';
import type { SessionCancelled, SessionScheduled } from '../domain/session/session.events';

/** Staff ids, rooms and links stay in scheduling: the public event names the facilitator's role only. */
function sessionScheduled(d: SessionScheduled['data']): OutgoingMessage {
  return {
    contract: sessionScheduledV1,
    data: {
      sessionId: d.sessionId, locationId: d.locationId, ...(d.track ? { track: d.track } : {}), type: d.type, startsAt: d.startsAt,
      endsAt: d.endsAt, facilitatorRole: d.facilitator.role, capacity: d.capacity, ...(d.noCharge ? { noCharge: true } : {}),
    },
  };
}

/** The display name and the bookings themselves stay here (read them through the API); counts go out. */
function episodeEnrolled(d: EpisodeEnrolled['data']): OutgoingMessage {
  return {
    contract: episodeEnrolledV1,
    data: {
      episodeId: d.episodeId, patientId: d.patientId, locationId: d.locationId, track: d.track, weeklyHoursPlanned: d.weeklyHoursPlanned,
      bookedSessions: d.bookings.sessionIds.length, waitlistedSessions: d.waitlisted.sessionIds.length, enrolledAt: d.enrolledAt,
    },
  };
}

/** Who is on call when goes out (clinical notes routes safety alerts with it); how to reach them stays here. */
function onCallRosterChanged(d: OnCallRosterReplaced['data']): OutgoingMessage {
  return {
    contract: onCallRosterChangedV1,
    data: {
      locationId: d.locationId, from: d.from, to: d.to, shifts: d.shifts.map(({ staffId, from, to }) => ({ staffId, from, to })),
      overlapAllowed: d.overlapAllowed, changedAt: d.replacedAt,
    },
  };
}

/** Internal events -> `iop.scheduling.v1`. Internal-only: settings, bookings, discharge, alumni, outreach tasks. */
export const schedulingPublicMapping: PublicMapping = (event: StoredEvent) => {
  switch (event.type) {
    case 'LocationConfigured': {
      const { locationId, name, timezone, blocks, configuredAt } = event.data as LocationConfigured['data'];
      return [{ contract: locationConfiguredV1, data: { locationId, name, timezone, blocks, configuredAt } }];
    }
    case 'SessionScheduled': return [sessionScheduled(event.data as SessionScheduled['data'])];
    case 'SessionCancelled': return [{ contract: sessionCancelledV1, data: event.data as SessionCancelled['data'] }];
    case 'EpisodeEnrolled': return [episodeEnrolled(event.data as EpisodeEnrolled['data'])];
    case 'AttendanceRecorded': return [{ contract: attendanceRecordedV1, data: event.data as AttendanceRecorded['data'] }];
    case 'WeekSummarized': return [{ contract: weeklyAttendanceSummarizedV1, data: event.data as WeekSummarized['data'] }];
    case 'AttendanceRuleBreached': return [{ contract: attendanceRuleBreachedV1, data: event.data as AttendanceRuleBreached['data'] }];
    case 'OnCallRosterReplaced': return [onCallRosterChanged(event.data as OnCallRosterReplaced['data'])];
    default: return [];
  }
};
