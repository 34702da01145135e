import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { kafkaClientSecurity, type KafkaSecurity } from './kafka-security';

export const KAFKA = Symbol('KAFKA');

const LEVELS: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'debug',
  [logLevel.DEBUG]: 'debug',
};

/**
 * One kafkajs client per service, with its TLS and SASL settings (kafka-security.ts); its chatter goes through the
 * service logger (never message values).
 */
export function createKafka(clientId: string, brokers: string[], security: KafkaSecurity = {}): Kafka {
  const logger = new Logger('kafka');
  return new Kafka({
    clientId,
    brokers,
    ...kafkaClientSecurity(security),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 10_000 },
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, log }) => {
      const { message, error } = log as { message?: string; error?: string };
      logger[LEVELS[level] ?? 'debug'](`${log.namespace ?? ''} ${message ?? ''}${error ? `: ${error}` : ''}`.trim());
    },
  });
}

/** Readiness probe: a metadata round trip with short timeouts; reconnects after a failure. */
export class KafkaProbe {
  private admin?: Admin;
  constructor(private readonly kafka: Kafka, private readonly timeoutMs = 2_000) {}

  async check(): Promise<void> {
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin({ retry: { retries: 0 } });
        await this.withTimeout(this.admin.connect());
      }
      await this.withTimeout(this.admin.describeCluster());
    } catch (err) {
      const admin = this.admin;
      this.admin = undefined;
      void admin?.disconnect().catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private withTimeout<T>(p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Kafka did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }
}
