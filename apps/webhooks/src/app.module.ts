import { type DynamicModule, Module } from '@nestjs/common';
import { EventStoreModule } from '@iop/event-store';
import { PlatformModule, type ServiceConfig } from '@iop/platform';
import type { WebhooksConfig } from './config/webhooks-config';
import { FanOutConsumer } from './consumers/fan-out.consumer';
import { HttpSender } from './delivery/http-sender';
import { DeliveryLogController } from './read-delivery-log/delivery-log.controller';
import { RedeliveryController } from './read-delivery-log/redelivery.controller';
import { DisclosuresController } from './disclosure/disclosures.controller';
import { disclosuresProjection } from './read-models/disclosures.projection';
import { DeliveryWorker } from './dispatcher/delivery-worker';
import { DispatchMetrics } from './dispatcher/dispatch-metrics';
import { Dispatcher } from './dispatcher/dispatcher';
import { DueSignal } from './dispatcher/due-signal';
import { EndpointDisabler } from './dispatcher/endpoint-disabler';
import { workerPool } from './dispatcher/worker-pools';
import { SecretResponses } from './shared/secret-responses';
import { ChangeSubscriptionController } from './manage-subscriptions/change-subscription.controller';
import { CreateSubscriptionController } from './manage-subscriptions/create-subscription.controller';
import { SubscriptionCommands } from './manage-subscriptions/subscription-commands';
import { SubscriptionSecretController } from './manage-subscriptions/subscription-secret.controller';
import { webhooksPublicMapping } from './publishing/webhooks.publishing';
import { SecretBox } from './secrets/secret-box';
import { AddressPolicy } from './ssrf/address-policy';
import { TargetGuard } from './ssrf/target-guard';
import { SubscriptionsController } from './manage-subscriptions/subscriptions.controller';
import { subscriptionsProjection } from './read-models/subscriptions.projection';
import { WEBHOOKS_CONFIG, WORKER_POOL } from './webhooks.tokens';

@Module({})
export class AppModule {
  static register(config: ServiceConfig, webhooks: WebhooksConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService(config),
        EventStoreModule.forService({
          inlineProjections: [subscriptionsProjection, disclosuresProjection],
          publish: webhooksPublicMapping,
          validateOnPublish: process.env.NODE_ENV === 'test',
        }),
      ],
      controllers: [
        CreateSubscriptionController, SubscriptionsController, ChangeSubscriptionController, SubscriptionSecretController,
        DeliveryLogController, RedeliveryController, DisclosuresController, FanOutConsumer,
      ],
      providers: [
        { provide: WEBHOOKS_CONFIG, useValue: webhooks },
        { provide: WORKER_POOL, useFactory: () => workerPool(config, webhooks.workerPoolSize, { durable: true }) },
        { provide: SecretBox, useValue: new SecretBox(webhooks.secretKey, webhooks.previousSecretKeys) },
        { provide: TargetGuard, useValue: new TargetGuard(AddressPolicy.fromCidrs(webhooks.allowedCidrs), { allowHttp: webhooks.allowHttp, dnsCacheMs: webhooks.dnsCacheMs }) },
        { provide: HttpSender, useValue: new HttpSender(webhooks.maxSocketsPerEndpoint) },
        SecretResponses, SubscriptionCommands, DueSignal, DeliveryWorker, DispatchMetrics, EndpointDisabler, Dispatcher,
      ],
    };
  }
}
