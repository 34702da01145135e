import { type DynamicModule, Module } from '@nestjs/common';
import { EventStoreModule } from '@iop/event-store';
import { PlatformModule, type ServiceConfig } from '@iop/platform';
import { chartsProjection } from './read-models/charts.projection';
import { AdmissionsConsumer } from './consumers/admissions.consumer';
import { DiagnosesConsumer } from './consumers/diagnoses.consumer';
import { SchedulingConsumer } from './consumers/scheduling.consumer';
import { SafetySignalsConsumer } from './consumers/safety-signals.consumer';
import { SafetyAlertEscalationJob, SAFETY_ESCALATION_INTERVAL_MS } from './manage-safety-alerts/safety-alert-escalation.job';
import { SafetyAlertSettingsRepository } from './manage-safety-alerts/safety-alert-settings.repository';
import { SafetyAlertsController } from './manage-safety-alerts/safety-alerts.controller';
import { safetyAlertsProjection } from './manage-safety-alerts/safety-alerts.projection';
import { reassessmentsProjection } from './manage-episode-chart/reassessments.projection';
import { CounselingNotesController } from './manage-counseling-notes/counseling-notes.controller';
import { CounselingNotesRepository } from './manage-counseling-notes/counseling-notes.repository';
import { EpisodeChartController } from './manage-episode-chart/episode-chart.controller';
import { TreatmentPlanLifecycleController } from './manage-treatment-plan/treatment-plan-lifecycle.controller';
import { TreatmentPlanController } from './manage-treatment-plan/treatment-plan.controller';
import { MissingNotesController } from './list-missing-notes/missing-notes.controller';
import { NoteWorklistsController } from './list-note-worklists/note-worklists.controller';
import { notesDueProjection } from './list-missing-notes/notes-due.projection';
import { notesProjection } from './read-models/notes.projection';
import { groupNotesProjection } from './read-models/group-notes.projection';
import { NoteVerificationController } from './verify-notes/note-verification.controller';
import { noteVersionsProjection } from './verify-notes/note-versions.projection';
import { OverduePlansController } from './list-overdue-plans/overdue-plans.controller';
import { treatmentPlansProjection } from './list-overdue-plans/treatment-plans.projection';
import { clinicalNotesPublicMapping } from './publishing/clinical-notes.publishing';
import { ReadNotesController } from './read-notes/read-notes.controller';
import { DocumentationSettingsController } from './configure-documentation/documentation-settings.controller';
import { DocumentationSettingsRepository } from './configure-documentation/documentation-settings.repository';
import { NotesController } from './write-notes/notes.controller';
import { GroupNotesController } from './write-group-notes/group-notes.controller';

export interface ClinicalNotesOptions {
  /** How often unacknowledged safety alerts are checked for escalation; 0 turns the timer off. */
  safetyEscalationIntervalMs: number;
}

@Module({})
export class AppModule {
  static register(config: ServiceConfig, options: ClinicalNotesOptions = { safetyEscalationIntervalMs: 60_000 }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService(config),
        EventStoreModule.forService({
          // All inline: the API's lists and lookups must see a write at once. `notes` precedes `notes-due`, which reads it.
          inlineProjections: [chartsProjection, notesProjection, notesDueProjection, treatmentPlansProjection, noteVersionsProjection, safetyAlertsProjection, groupNotesProjection, reassessmentsProjection],
          publish: clinicalNotesPublicMapping,
          validateOnPublish: process.env.NODE_ENV === 'test',
        }),
      ],
      controllers: [
        NotesController, GroupNotesController, ReadNotesController, NoteVerificationController, MissingNotesController, NoteWorklistsController, TreatmentPlanController,
        TreatmentPlanLifecycleController, OverduePlansController, EpisodeChartController, CounselingNotesController, DocumentationSettingsController,
        SafetyAlertsController, AdmissionsConsumer, DiagnosesConsumer, SchedulingConsumer, SafetySignalsConsumer,
      ],
      providers: [
        DocumentationSettingsRepository, CounselingNotesRepository, SafetyAlertSettingsRepository, SafetyAlertEscalationJob,
        { provide: SAFETY_ESCALATION_INTERVAL_MS, useValue: options.safetyEscalationIntervalMs },
      ],
    };
  }
}
