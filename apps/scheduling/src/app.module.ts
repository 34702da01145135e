import { type DynamicModule, Module } from '@nestjs/common';
import { EventStoreModule } from '@iop/event-store';
import { PlatformModule, type ServiceConfig } from '@iop/platform';
import { BookSessionController } from './book-session/book-session.controller';
import { BrowseLocationsController } from './browse-locations/browse-locations.controller';
import { CloseWeeksController, ExtendAlumniController } from './close-weeks/close-weeks.controller';
import { CloseWeeksJob, SCHEDULING_OPTIONS, type SchedulingOptions } from './close-weeks/close-weeks.job';
import { ConfigureLocationController } from './configure-location/configure-location.controller';
import { AdmissionsConsumers } from './consumers/admissions.consumer';
import { ClinicalNotesConsumers } from './consumers/clinical-notes.consumer';
import { schedulingUpcasters } from './shared/enrollment.upcasters';
import { EnrollmentViewsController } from './view-enrollments/enrollment-views.controller';
import { EpisodeScheduleController } from './view-episode-schedule/episode-schedule.controller';
import { FacilitatorDayController } from './view-facilitator-day/facilitator-day.controller';
import { ListSessionsController } from './list-sessions/list-sessions.controller';
import { OutreachTasksController } from './manage-outreach-tasks/outreach-tasks.controller';
import { OnCallController } from './manage-on-call/on-call.controller';
import { ProgramSettingsController } from './manage-program-settings/program-settings.controller';
import { attendanceProjection } from './read-models/attendance.projection';
import { careTeamProjection } from './read-models/care-team.projection';
import { enrollmentsProjection } from './read-models/enrollments.projection';
import { locationsProjection } from './read-models/locations.projection';
import { sessionsProjection } from './read-models/sessions.projection';
import { asProblem } from './application/database-problems';
import { schedulingPublicMapping } from './publishing/scheduling.publishing';
import { RecordAttendanceController } from './record-attendance/record-attendance.controller';
import { ScheduleSessionController } from './schedule-session/schedule-session.controller';
import { SessionRosterController } from './view-session-roster/session-roster.controller';

@Module({})
export class AppModule {
  static register(config: ServiceConfig, options: SchedulingOptions = { closeWeeksIntervalMs: 3_600_000 }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService(config),
        EventStoreModule.forService({
          // Every read model is inline: enrollment decides seats from them in the same transaction.
          inlineProjections: [locationsProjection, sessionsProjection, enrollmentsProjection, attendanceProjection, careTeamProjection],
          publish: schedulingPublicMapping,
          upcasters: schedulingUpcasters,
          validateOnPublish: process.env.NODE_ENV === 'test',
          commandErrors: asProblem,
        }),
      ],
      controllers: [
        ConfigureLocationController, BrowseLocationsController, ProgramSettingsController, ListSessionsController, ScheduleSessionController, SessionRosterController,
        RecordAttendanceController, EnrollmentViewsController, BookSessionController, EpisodeScheduleController, FacilitatorDayController,
        OutreachTasksController, OnCallController, CloseWeeksController, ExtendAlumniController, AdmissionsConsumers, ClinicalNotesConsumers,
      ],
      providers: [CloseWeeksJob, { provide: SCHEDULING_OPTIONS, useValue: options }],
    };
  }
}
