import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { FollowUpWindowCloser, serviceContext } from './follow-up-windows.closer';

export const FOLLOW_UP_SWEEP_MINUTES = Symbol('FOLLOW_UP_SWEEP_MINUTES');

/**
 * The periodic sweep that makes "lost to follow-up" a recorded event. `asOf` is the UTC date twelve hours ago:
 * every time zone (down to UTC-12) has then finished the day before it, so no window is closed while it is
 * still its last day somewhere. 0 minutes turns it off (tests drive the admin endpoint instead).
 */
@Injectable()
export class FollowUpSweepJob implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly logger = new Logger('follow-up-sweep');

  constructor(
    @Inject(FollowUpWindowCloser) private readonly closer: FollowUpWindowCloser,
    @Inject(FOLLOW_UP_SWEEP_MINUTES) private readonly minutes: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.minutes <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return; // a slow sweep is not overlapped by the next tick
      this.running = this.sweep()
        .catch((err: Error) => this.logger.warn(`sweep failed, retrying next time: ${err.message}`))
        .finally(() => (this.running = undefined));
    }, this.minutes * 60_000);
    this.timer.unref();
  }

  async sweep(now = new Date()): Promise<string[]> {
    const asOf = new Date(now.getTime() - 12 * 3_600_000).toISOString().slice(0, 10);
    const lost = await this.closer.close(asOf, undefined, (tenantId) => serviceContext(tenantId, now.toISOString()));
    if (lost.length) this.logger.log(`${lost.length} follow-ups lost as of ${asOf}`);
    return lost;
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
