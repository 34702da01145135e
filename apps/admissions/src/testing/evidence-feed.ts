/**
 * Feeds other services' events straight into admissions' consumer handlers, in a transaction like the inbox's (test
 * only). The Kafka path itself is covered by consumers.int.spec.ts; this keeps the HTTP specs quick.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { type Contract, toPublicEvent } from '@iop/domain-events';
import { Commands } from '@iop/event-store';
import { inTransaction, PROJECTOR_SETTING } from '@iop/platform';
import type { TestApp } from '@iop/platform/testing';
import { clinicalNotesHandlers } from '../consumers/clinical-notes.consumer';
import { outcomesHandlers } from '../consumers/outcomes.consumer';
import { schedulingHandlers } from '../consumers/scheduling.consumer';
import { webhooksHandlers } from '../consumers/webhooks.consumer';
import { ContinuedStayReviews } from '../review-continued-stay/continued-stay-reviews';

export function evidenceFeed(app: TestApp['app'], pool: Pool, tenantId: string) {
  const reviews = app.get(ContinuedStayReviews);
  const commands = app.get(Commands);
  const handlers = { ...schedulingHandlers(reviews), ...clinicalNotesHandlers(reviews), ...outcomesHandlers(reviews), ...webhooksHandlers() };
  return async <T>(contract: Contract<T> | { type: string; service: never }, data: T, time = new Date().toISOString()): Promise<void> => {
    const meta = { id: randomUUID(), subject: 'test', time, tenantId, correlationId: randomUUID() };
    const event = 'schema' in contract ? toPublicEvent(contract as Contract<T>, meta, data) : { ...meta, type: contract.type, source: 'test', data };
    await inTransaction(pool, async (client) => {
      await client.query(PROJECTOR_SETTING);
      await commands.within(client, async (uow) => {
        const declared = await handlers[event.type](event, uow);
        if (declared) uow.declare(declared);
      });
    });
  };
}
