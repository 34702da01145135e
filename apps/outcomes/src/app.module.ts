import { type DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@iop/domain-events';
import { EventStoreModule } from '@iop/event-store';
import { PlatformModule, type ServiceConfig } from '@iop/platform';
import { CloseFollowUpWindowsController } from './close-follow-up-windows/close-follow-up-windows.controller';
import { FOLLOW_UP_SWEEP_MINUTES, FollowUpSweepJob } from './close-follow-up-windows/follow-up-sweep.job';
import { FollowUpWindowCloser } from './close-follow-up-windows/follow-up-windows.closer';
import { AdmissionsConsumer } from './consumers/admissions.consumer';
import { ClinicalNotesConsumer } from './consumers/clinical-notes.consumer';
import { SchedulingConsumer } from './consumers/scheduling.consumer';
import { ListEpisodeMeasuresController } from './list-episode-records/list-episode-measures.controller';
import { ListEpisodeAbstinenceReportsController, ListEpisodeDrugScreensController } from './list-episode-records/list-episode-screens.controller';
import { ListFollowUpsController } from './list-follow-ups/list-follow-ups.controller';
import { MeasuresDueController } from './list-measures-due/measures-due.controller';
import { OutcomeSettingsController } from './manage-outcome-settings/outcome-settings.controller';
import { ProgramMetricsController } from './report-program-metrics/program-metrics.controller';
import type { Pseudonymizer } from './publishing/analytics-keys';
import { ANALYTICS_PSEUDONYMIZER, AnalyticsPublisher, PUBLIC_MAPPING } from './publishing/analytics-publisher';
import { onTopic, outcomesPublicMapping } from './publishing/outcomes.publishing';
import { attendanceProjection } from './read-models/attendance.projection';
import { careTeamProjection } from './read-models/care-team.projection';
import { episodesProjection } from './read-models/episodes.projection';
import { followUpsProjection } from './read-models/follow-ups.projection';
import { measuresProjection } from './read-models/measures.projection';
import { recordsProjection } from './read-models/records.projection';
import { RecordDrugScreenController } from './record-drug-screen/record-drug-screen.controller';
import { RecordFollowUpResultController } from './record-follow-up-result/record-follow-up-result.controller';
import { RecordMeasureController } from './record-measure/record-measure.controller';
import { ReportAbstinenceController } from './report-abstinence/report-abstinence.controller';

export interface OutcomesOptions {
  pseudonymizer: Pseudonymizer;
  /** Minutes between sweeps that mark follow-ups lost; 0 turns the sweep off. */
  followUpSweepMinutes: number;
}

@Module({})
export class AppModule {
  static register(config: ServiceConfig, options: OutcomesOptions): DynamicModule {
    const mapping = outcomesPublicMapping(options.pseudonymizer);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService(config),
        EventStoreModule.forService({
          // Inline: a recorded measure, follow-up or consumed admission is readable in the same request.
          inlineProjections: [episodesProjection, measuresProjection, recordsProjection, followUpsProjection, attendanceProjection, careTeamProjection],
          // The identified topic goes through the event store's publisher; analytics has its own (see AnalyticsPublisher).
          publish: onTopic(mapping, TOPICS.outcomes),
          validateOnPublish: process.env.NODE_ENV === 'test',
        }),
      ],
      controllers: [
        RecordMeasureController, RecordDrugScreenController, ReportAbstinenceController, ListEpisodeMeasuresController, ListEpisodeDrugScreensController,
        ListEpisodeAbstinenceReportsController, MeasuresDueController,
        ListFollowUpsController, RecordFollowUpResultController, CloseFollowUpWindowsController, ProgramMetricsController, OutcomeSettingsController,
        AdmissionsConsumer, SchedulingConsumer, ClinicalNotesConsumer,
      ],
      providers: [
        { provide: PUBLIC_MAPPING, useValue: mapping },
        { provide: ANALYTICS_PSEUDONYMIZER, useValue: options.pseudonymizer },
        { provide: FOLLOW_UP_SWEEP_MINUTES, useValue: options.followUpSweepMinutes },
        AnalyticsPublisher, FollowUpWindowCloser, FollowUpSweepJob,
      ],
    };
  }
}
