import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Commands, EventStore } from '@iop/event-store';
import { closeEndedWeeks } from '../application/close-weeks';
import { extendAlumni } from '../application/enroll-alumni';

export const SCHEDULING_OPTIONS = Symbol('SCHEDULING_OPTIONS');

export interface SchedulingOptions {
  /** How often ended weeks are summarized; 0 turns the job off (`SCHEDULING_CLOSE_WEEKS_INTERVAL_MS`). */
  closeWeeksIntervalMs: number;
}

/**
 * Weeks in which nobody recorded attendance for a later week would never close by themselves: this job closes every
 * week that ended (in its location's calendar), then books each alumnus' coming week (or ends the booking of one who
 * stopped coming). Replicas may both run it; the streams' versions keep it once.
 */
@Injectable()
export class CloseWeeksJob implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly logger = new Logger('close-weeks');

  constructor(@Inject(EventStore) private readonly store: EventStore, @Inject(Commands) private readonly commands: Commands, @Inject(SCHEDULING_OPTIONS) private readonly options: SchedulingOptions) {}

  onApplicationBootstrap(): void {
    if (this.options.closeWeeksIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.options.closeWeeksIntervalMs);
    this.timer.unref();
  }

  async tick(): Promise<void> {
    if (this.running) return;
    const now = new Date();
    this.running = closeEndedWeeks(this.store, this.commands, now)
      .then((r) => r.weeksSummarized && this.logger.log(`summarized ${r.weeksSummarized} weeks of ${r.episodes} episodes`))
      .then(() => extendAlumni(this.store, this.commands, now, null))
      .then((r) => (r.extended || r.stopped) && this.logger.log(`alumni: ${r.extended} booked ahead, ${r.stopped} stopped coming`))
      .catch((err: Error) => this.logger.warn(`closing weeks failed, next tick retries: ${err.message}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
