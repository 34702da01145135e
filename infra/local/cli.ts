/**
 * `npm run stack -- up|down|status`: the local PostgreSQL and Kafka on their own (npm start and npm test call the
 * same functions). `up` provisions what is missing and leaves both running in the background; `down` stops them.
 */
import { ensureDevKeys } from './dev-identity';
import { createTopics, down, KAFKA_BROKERS, kafkaReady, MissingPrerequisite, PG_HOST, PG_PORT, portOpen, startKafka, startPostgres, stopKafka, stopPostgres, up } from './stack';

async function main(command: string | undefined): Promise<void> {
  switch (command) {
    case 'up': {
      const state = await up();
      await ensureDevKeys();
      process.stdout.write(`PostgreSQL ${PG_HOST}:${PG_PORT} (${state.postgres}), Kafka ${KAFKA_BROKERS.join(',')} (${state.kafka})\n`);
      return;
    }
    case 'init-remote':
      // For docker-compose: servers run elsewhere; make the signing keys and the topics only.
      await ensureDevKeys();
      await createTopics();
      return;
    case 'down':
      await down();
      return;
    // One server at a time, for fault-injection tests on a private stack (IOP_STACK_DIR, PGPORT, KAFKA_BROKERS).
    case 'kafka-stop':
      return stopKafka();
    case 'kafka-start':
      await startKafka();
      return;
    case 'pg-stop':
      return stopPostgres();
    case 'pg-start':
      await startPostgres();
      return;
    case 'status': {
      const pg = await portOpen(PG_PORT, PG_HOST);
      const kafka = await kafkaReady(2_000);
      process.stdout.write(`PostgreSQL ${PG_HOST}:${PG_PORT}: ${pg ? 'up' : 'down'}\nKafka ${KAFKA_BROKERS.join(',')}: ${kafka ? 'up' : 'down'}\n`);
      return;
    }
    default:
      process.stderr.write('usage: npm run stack -- up|down|status|init-remote|kafka-stop|kafka-start|pg-stop|pg-start\n');
      process.exitCode = 2;
  }
}

main(process.argv[2]).catch((err: unknown) => {
  process.stderr.write(`${err instanceof MissingPrerequisite ? '' : 'stack: '}${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
