import type { StackConfig } from '../config.ts';

/** One server of the local stack: how to start it and how to know it really answers. */
export interface Server {
  readonly name: 'kafka' | 'registry' | 'mongo';
  /** Fetches what it needs (cached) and returns a starter, so fetching can run one at a time. */
  prepare(config: StackConfig): Promise<() => number>;
  /** True when the server answers its own protocol, not merely when its port is open. */
  probe(config: StackConfig): Promise<boolean>;
  /** Work done once the server answers (for example global settings). */
  afterReady?(config: StackConfig): Promise<void>;
  readonly startTimeoutMs: number;
}
