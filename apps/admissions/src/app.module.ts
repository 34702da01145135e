import { type DynamicModule, Module } from '@nestjs/common';
import { EventStoreModule } from '@iop/event-store';
import { PlatformModule, type ServiceConfig } from '@iop/platform';
import { AdmitPatientController } from './admit-patient/admit-patient.controller';
import { AssessPatientController } from './assess-patient/assess-patient.controller';
import { AssessmentCriteriaController } from './assess-patient/assessment-criteria.controller';
import { ConsentsController } from './manage-consents/consents.controller';
import { DisclosuresConsumer, EvidenceConsumer } from './consumers/admissions.consumers';
import { ContinuedStayReviews } from './review-continued-stay/continued-stay-reviews';
import { ContinuedStayController } from './review-continued-stay/continued-stay.controller';
import { DEFAULT_REVIEW_JOB_INTERVAL_MS, REVIEW_JOB_INTERVAL, ScheduledReviewsJob } from './review-continued-stay/scheduled-reviews.job';
import { DischargePatientController } from './discharge-patient/discharge-patient.controller';
import { DiagnosesController } from './manage-diagnoses/diagnoses.controller';
import { MedicationsController } from './manage-medications/medications.controller';
import { EpisodeCommandsController } from './manage-episodes/episode-commands.controller';
import { EpisodeQueriesController } from './manage-episodes/episode-queries.controller';
import { PatientQueriesController } from './find-patients/patient-queries.controller';
import { admissionsPublicMapping } from './publishing/admissions.publishing';
import { consentsProjection } from './read-models/consents.projection';
import { episodesProjection } from './read-models/episodes.projection';
import { patientsProjection } from './read-models/patients.projection';
import { referralsProjection } from './read-models/referrals.projection';
import { ReferPatientController } from './refer-patient/refer-patient.controller';
import { ReferralQueriesController } from './manage-referrals/referral-queries.controller';
import { ReferralStatusController } from './manage-referrals/referral-status.controller';
import { ReferralToAdmissionController } from './report-referral-to-admission/referral-to-admission.controller';
import { TenantSettingsController } from './manage-settings/tenant-settings.controller';

export interface AdmissionsOptions {
  /** How often the weekly-review schedule looks for due episodes; 0 turns the timer off. */
  reviewJobIntervalMs?: number;
}

@Module({})
export class AppModule {
  static register(config: ServiceConfig, options: AdmissionsOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService(config),
        EventStoreModule.forService({
          // Every read model is read right after the write that changes it (and checked by the next command).
          inlineProjections: [patientsProjection, referralsProjection, episodesProjection, consentsProjection],
          publish: admissionsPublicMapping,
          validateOnPublish: process.env.NODE_ENV === 'test',
        }),
      ],
      controllers: [
        ReferPatientController, ReferralQueriesController, ReferralStatusController, AssessPatientController, AssessmentCriteriaController, AdmitPatientController,
        PatientQueriesController, EpisodeQueriesController, EpisodeCommandsController, ContinuedStayController,
        DischargePatientController, ConsentsController, TenantSettingsController, ReferralToAdmissionController,
        DiagnosesController, MedicationsController,
        EvidenceConsumer, DisclosuresConsumer,
      ],
      providers: [
        ContinuedStayReviews,
        ScheduledReviewsJob,
        { provide: REVIEW_JOB_INTERVAL, useValue: options.reviewJobIntervalMs ?? DEFAULT_REVIEW_JOB_INTERVAL_MS },
      ],
    };
  }
}
