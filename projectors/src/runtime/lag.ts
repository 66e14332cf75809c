import type mongoose from 'mongoose';
import { endOffsets, type Kafka } from '@engage/event-log';
import { readCheckpoint } from './checkpoints.ts';

export interface ProjectionLag {
  /** Offsets applied, summed over the partitions of the projection's topics. */
  readonly done: number;
  /** The ends of those partitions now. */
  readonly total: number;
  /** total - done: how far the read model trails the log. */
  readonly lag: number;
}

/** How far a projection trails its topics, for the admin API and the rebuild's switch. */
export async function lagOf(
  kafka: Kafka,
  db: mongoose.Connection,
  key: string,
  topics: readonly string[],
): Promise<ProjectionLag> {
  const [ends, checkpoint] = await Promise.all([endOffsets(kafka, topics), readCheckpoint(db, key)]);
  let done = 0;
  let total = 0;
  for (const [partition, end] of ends) {
    total += end;
    done += Math.min(end, checkpoint[partition] ?? 0);
  }
  return { done, total, lag: total - done };
}
