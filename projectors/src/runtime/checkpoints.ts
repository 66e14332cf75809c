import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type mongoose from 'mongoose';
import type { Position } from '@engage/event-log';

interface CheckpointDocument {
  _id: string;
  /**
   * Which incarnation of the store these positions belong to. A store that lost its checkpoint
   * (the stand-in restarted, a restore without it) gets a new epoch, and documents written under
   * another epoch count as absent, so a replay from the beginning rebuilds them whole.
   */
  epoch?: string;
  /** Per `topic:partition`, the next offset to apply (everything before it is applied). */
  positions: Record<string, number>;
  updatedAt: Date;
}

/** What a projector's store holds: the epoch of its documents and the next offset per partition. */
export interface Checkpoint {
  readonly epoch: string;
  readonly positions: Readonly<Record<string, number>>;
}

/** The epoch of documents written before checkpoints had one. */
const legacyEpoch = '';

const collection = (db: mongoose.Connection) => db.collection<CheckpointDocument>('projection_checkpoints');

/** The next offset to read of each partition, durable in the same database as the read model. */
export async function readCheckpoint(db: mongoose.Connection, key: string): Promise<Record<string, number>> {
  return (await collection(db).findOne({ _id: key }))?.positions ?? {};
}

/** The checkpoint the store holds, or undefined when it holds none. */
export async function loadCheckpoint(db: mongoose.Connection, key: string): Promise<Checkpoint | undefined> {
  const doc = await collection(db).findOne({ _id: key });
  return doc ? { epoch: doc.epoch ?? legacyEpoch, positions: doc.positions } : undefined;
}

/**
 * The checkpoint a projector starts from: the one the store holds, or, when it holds none, an empty
 * one under a new epoch (another instance racing to create it wins, and its epoch is returned).
 */
export async function openCheckpoint(db: mongoose.Connection, key: string): Promise<Checkpoint> {
  // A checkpoint from before epochs adopts the legacy epoch its documents carry (none).
  await collection(db).updateOne({ _id: key, epoch: { $exists: false } }, { $set: { epoch: legacyEpoch } });
  for (;;) {
    const held = await loadCheckpoint(db, key);
    if (held) return held;
    // A duplicate key means another instance created it first: the next read returns theirs.
    await collection(db)
      .insertOne({ _id: key, epoch: randomUUID(), positions: {}, updatedAt: new Date() })
      .catch((error: { code?: number }) => {
        if (error.code !== 11000) throw error;
      });
  }
}

/**
 * Moves the checkpoint forward ($max, so a late or replayed batch never moves it back), but only in
 * the store the caller applied to: same epoch, and each partition at least where the caller last
 * saw it (`held`). False when the store no longer holds that: it was lost or rolled back meanwhile,
 * and the caller must re-read from what it does hold rather than record progress it cannot back.
 */
export async function advanceCheckpoint(
  db: mongoose.Connection,
  key: string,
  epoch: string,
  next: Record<string, number>,
  held: Readonly<Record<string, number>> = {},
): Promise<boolean> {
  const $max = Object.fromEntries(
    Object.entries(next).map(([partition, offset]) => [`positions.${partition}`, offset]),
  );
  const guards = Object.fromEntries(
    Object.keys(next)
      .filter((partition) => (held[partition] ?? 0) > 0)
      .map((partition) => [`positions.${partition}`, { $gte: held[partition] }]),
  );
  const result = await collection(db).updateOne(
    { _id: key, epoch, ...guards },
    { $max, $set: { updatedAt: new Date() } },
  );
  return result.matchedCount === 1;
}

/**
 * Forgets how far a projection got while keeping its store (same epoch, same documents): the next
 * run delivers every event again over the documents it built, which changes none of them.
 */
export async function rewindCheckpoint(db: mongoose.Connection, key: string): Promise<void> {
  await collection(db).updateOne({ _id: key }, { $set: { positions: {}, updatedAt: new Date() } });
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
