import { setTimeout as sleep } from 'node:timers/promises';
import type mongoose from 'mongoose';
import type { Position } from '@engage/event-log';

interface CheckpointDocument {
  _id: string;
  /** Per `topic:partition`, the next offset to apply (everything before it is applied). */
  positions: Record<string, number>;
  updatedAt: Date;
}

const collection = (db: mongoose.Connection) => db.collection<CheckpointDocument>('projection_checkpoints');

/** The next offset to read of each partition, durable in the same database as the read model. */
export async function readCheckpoint(db: mongoose.Connection, key: string): Promise<Record<string, number>> {
  return (await collection(db).findOne({ _id: key }))?.positions ?? {};
}

/** Moves the checkpoint forward only ($max), so a late or replayed batch never moves it back. */
export async function advanceCheckpoint(
  db: mongoose.Connection,
  key: string,
  next: Record<string, number>,
): Promise<void> {
  const $max = Object.fromEntries(
    Object.entries(next).map(([partition, offset]) => [`positions.${partition}`, offset]),
  );
  await collection(db).updateOne({ _id: key }, { $max, $set: { updatedAt: new Date() } }, { upsert: true });
}

/** True once the projection has applied the event at `position`. */
export async function hasApplied(db: mongoose.Connection, key: string, position: Position): Promise<boolean> {
  const positions = await readCheckpoint(db, key);
  return (positions[`${position.topic}:${position.partition}`] ?? 0) > position.offset;
}

/**
 * Read-your-writes: waits (bounded) until the projection has applied `position`. Answers whether it
 * did, so the caller can still serve a (slightly stale) read rather than fail.
 */
export async function waitForPosition(
  db: mongoose.Connection,
  key: string,
  position: Position,
  timeoutMs = 5_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let pause = 2;
  for (;;) {
    if (await hasApplied(db, key, position)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(pause, Math.max(1, deadline - Date.now())));
    pause = Math.min(pause * 2, 50);
  }
}
