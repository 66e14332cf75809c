/**
 * Whether Kafka answers, as the writers of one service see it: down from the first append that
 * fails or overruns its bound, up again from the first append that commits or the first probe that
 * answers. Each outage is said once when it starts and once when it ends, with how long it lasted.
 */
export class LogHealth {
  private downSince: number | undefined;
  private probing: NodeJS.Timeout | undefined;
  private stopped = false;

  private readonly probe: () => Promise<unknown>;
  private readonly say: (line: string) => void;
  private readonly probeEveryMs: number;

  /**
   * `probe` asks Kafka something small (its metadata); it runs every `probeEveryMs` while Kafka is
   * down, so the outage ends even when no command arrives to find out.
   */
  constructor(options: {
    readonly probe: () => Promise<unknown>;
    readonly say: (line: string) => void;
    readonly probeEveryMs?: number;
  }) {
    this.probe = options.probe;
    this.say = options.say;
    this.probeEveryMs = options.probeEveryMs ?? 1_000;
  }

  get up(): boolean {
    return this.downSince === undefined;
  }

  /** Kafka did not take an append (`reason`): down, said once per outage. */
  failed(reason: string): void {
    if (this.downSince !== undefined || this.stopped) return;
    this.downSince = Date.now();
    this.say(`kafka: unavailable (${reason}); commands are answered 503 LOG_UNAVAILABLE until it answers`);
    this.schedule();
  }

  /** Kafka took an append or answered a probe: up, and the outage's end said. */
  answered(): void {
    if (this.downSince === undefined) return;
    const seconds = (Date.now() - this.downSince) / 1000;
    this.downSince = undefined;
    clearTimeout(this.probing);
    this.probing = undefined;
    this.say(`kafka: answering again after ${seconds.toFixed(1)} s`);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.probing);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.probing = setTimeout(() => {
      this.probe().then(
        () => this.answered(),
        () => {
          if (this.downSince !== undefined) this.schedule();
        },
      );
    }, this.probeEveryMs);
    this.probing.unref();
  }
}
