import { setTimeout as sleep } from 'node:timers/promises';
import { lagOf } from './lag.ts';
import { Projector, type ProjectorOptions } from './projector.ts';
import { switchActiveVersion } from './versions.ts';

export interface RebuildProgress {
  readonly projection: string;
  readonly version: number;
  readonly state: 'running' | 'switched' | 'failed';
  /** Log offsets applied and to apply (transaction markers count as offsets too). */
  readonly done: number;
  readonly total: number;
  /** Offsets per second since the rebuild began. */
  readonly rate: number;
  readonly secondsLeft: number | null;
  readonly error?: string;
}

/**
 * Rebuilds a projection as a new version: reads its topics from the beginning into new collections
 * while the old version keeps serving, and once it has caught up, switches the active version
 * atomically. The new projector keeps running afterwards; the old one is stopped by `retire`.
 */
export class Rebuild {
  private readonly options: ProjectorOptions;
  private readonly projector: Projector;
  private readonly began = Date.now();
  private state: RebuildProgress['state'] = 'running';
  private error: string | undefined;
  private last = { done: 0, total: 0 };
  private stopped = false;
  readonly finished: Promise<void>;

  constructor(options: ProjectorOptions, retire?: () => Promise<void>) {
    this.options = options;
    this.projector = new Projector(options);
    this.finished = this.run(retire).catch((error: unknown) => {
      this.state = 'failed';
      this.error = String(error);
    });
  }

  get newProjector(): Projector {
    return this.projector;
  }

  private async run(retire: (() => Promise<void>) | undefined): Promise<void> {
    await this.projector.start();
    while (!this.stopped) {
      const lag = await lagOf(this.options.kafka, this.options.db, this.projector.key, this.projector.topics);
      this.last = lag;
      if (lag.lag === 0) break;
      await sleep(100);
    }
    if (this.stopped) return;
    await switchActiveVersion(this.options.db, this.options.projection.name, this.options.projection.version);
    this.state = 'switched';
    await retire?.();
  }

  /** Stops replaying before the switch (the process is stopping); a switched rebuild keeps running. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.finished;
    if (this.state !== 'switched') await this.projector.stop();
  }

  progress(): RebuildProgress {
    const elapsed = Math.max(0.001, (Date.now() - this.began) / 1000);
    const rate = this.last.done / elapsed;
    const left = this.last.total - this.last.done;
    return {
      projection: this.options.projection.name,
      version: this.options.projection.version,
      state: this.state,
      done: this.last.done,
      total: this.last.total,
      rate: Math.round(rate),
      secondsLeft: this.state === 'running' ? (rate > 0 ? Math.ceil(left / rate) : null) : 0,
      ...(this.error === undefined ? {} : { error: this.error }),
    };
  }
}
