import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { PG_POOL } from '../db/database';
import { KafkaProbe } from '../kafka/kafka';
import { HealthController } from './health.controller';

const PG_ERROR = 'password authentication failed for user "admissions" at db-7.internal:5432';
const KAFKA_ERROR = 'SASL SCRAM-SHA-512 authentication failed on kafka-0.internal:9094';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [
    { provide: PG_POOL, useValue: { query: async () => { throw new Error(PG_ERROR); } } },
    { provide: KafkaProbe, useValue: { check: async () => { throw new Error(KAFKA_ERROR); } } },
  ],
})
class FailingDependencies {}

describe('readiness without a token', () => {
  it('says what is down, not the drivers\' error text (hosts, users, databases), which goes to the log', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const app = await NestFactory.createApplicationContext(FailingDependencies, { logger: false });
    try {
      const reply = { status: jest.fn() };
      const body = await app.get(HealthController).ready(reply as never);
      expect(reply.status).toHaveBeenCalledWith(503);
      expect(body).toMatchObject({ status: 'error', error: { postgres: { status: 'down' }, kafka: { status: 'down' } } });
      expect(JSON.stringify(body)).not.toMatch(/internal|admissions|SASL|password/);
      expect(warn.mock.calls.flat().join('\n')).toContain(PG_ERROR);
    } finally {
      warn.mockRestore();
      await app.close();
    }
  });
});
