import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type CommandContext, Commands, EventStore } from '@iop/event-store';
import { inTransaction, PROJECTOR_SETTING } from '@iop/platform';
import { safetyAlertDecider, safetyAlertStream } from '../domain/safety-alert/safety-alert.decide';
import { DEFAULT_SAFETY_ALERT_SETTINGS } from './safety-alert-settings.repository';

export const SAFETY_ESCALATION_INTERVAL_MS = Symbol('SAFETY_ESCALATION_INTERVAL_MS');

/** The shortest escalation time a clinic may set (SafetyAlertSettingsDto): nothing younger can be due. */
const MIN_ESCALATE_AFTER_MINUTES = 5;

type Due = { alert_id: string; episode_id: string; tenant_id: string; escalate_after_minutes: number };

/**
 * Escalates, for every clinic, the alerts nobody acknowledged within its escalation time. The decider decides with the
 * time in the command's metadata; the command's idempotency key (the alert) keeps a second replica, or a second run,
 * from escalating twice.
 */
export async function escalateOverdueAlerts(store: EventStore, commands: Commands, now: Date, tenantId: string | null = null): Promise<number> {
  const due = await inTransaction(store.pool, async (client) => {
    await client.query(PROJECTOR_SETTING);
    const { rows } = await client.query<Due>(
      `SELECT a.alert_id, a.episode_id, a.tenant_id, coalesce(s.escalate_after_minutes, $2) AS escalate_after_minutes
       FROM safety_alerts a LEFT JOIN safety_alert_settings s ON s.tenant_id = a.tenant_id
       WHERE a.status = 'open' AND a.escalated_at IS NULL AND a.opened_at <= $1::timestamptz - make_interval(mins => $3)
         AND a.opened_at <= $1::timestamptz - make_interval(mins => coalesce(s.escalate_after_minutes, $2))
         AND ($4::text IS NULL OR a.tenant_id = $4)
       ORDER BY a.opened_at`, [now.toISOString(), DEFAULT_SAFETY_ALERT_SETTINGS.escalateAfterMinutes, MIN_ESCALATE_AFTER_MINUTES, tenantId]);
    return rows;
  });
  let escalated = 0;
  for (const row of due) {
    const ctx: CommandContext = {
      now: now.toISOString(), tenantId: row.tenant_id, actor: { subject: 'service:clinical-notes', roles: [] }, correlationId: randomUUID(),
      idempotencyKey: `safety-alert-escalation:${row.alert_id}`,
    };
    const { events } = await commands.handle(ctx, safetyAlertStream(row.episode_id), safetyAlertDecider, {
      type: 'EscalateSafetyAlert', data: { alertId: row.alert_id, escalateAfterMinutes: row.escalate_after_minutes }, metadata: ctx,
    });
    escalated += events.length;
  }
  return escalated;
}

/** The timer (CLINICAL_NOTES_SAFETY_ESCALATION_INTERVAL_MS, default a minute; 0 turns it off). */
@Injectable()
export class SafetyAlertEscalationJob implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly logger = new Logger('safety-alert-escalation');

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Commands) private readonly commands: Commands,
    @Inject(SAFETY_ESCALATION_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async tick(now = new Date()): Promise<number> {
    if (this.running) return 0;
    const run = escalateOverdueAlerts(this.store, this.commands, now)
      .then((n) => {
        if (n) this.logger.log(`escalated ${n} safety alerts`);
        return n;
      })
      .catch((err: Error) => {
        this.logger.warn(`escalating safety alerts failed, next tick retries: ${err.message}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    this.running = run;
    return run;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
