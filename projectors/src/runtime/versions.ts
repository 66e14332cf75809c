import { parsePosition, type Position } from '@engage/event-log';
import { waitForPosition } from './checkpoints.ts';
import { collectionOf, projectionKey } from './projection.ts';
import { projections } from '../projections.ts';
import type mongoose from 'mongoose';

interface VersionDocument {
  _id: string;
  active: number;
  switchedAt: Date;
}

const collection = (db: mongoose.Connection) => db.collection<VersionDocument>('projection_versions');

/** The version of a projection that reads are served from; `fallback` until one is recorded. */
export async function activeVersion(
  db: mongoose.Connection,
  name: string,
  fallback: number,
): Promise<number> {
  return (await collection(db).findOne({ _id: name }))?.active ?? fallback;
}

/** The atomic switch: one single-document write moves every reader to the new version. */
export async function switchActiveVersion(
  db: mongoose.Connection,
  name: string,
  version: number,
): Promise<void> {
  await collection(db).updateOne(
    { _id: name },
    { $set: { active: version, switchedAt: new Date() } },
    { upsert: true },
  );
}

/**
 * The collection each read model is served from, for readers: the active version is re-read at
 * most every `refreshMs`, so a rebuild's switch is seen almost at once without a query per read.
 */
export class ActiveCollections {
  private readonly db: mongoose.Connection;
  private readonly refreshMs: number;
  private readonly versions = new Map<string, { version: number; at: number }>();

  constructor(db: mongoose.Connection, refreshMs = 500) {
    this.db = db;
    this.refreshMs = refreshMs;
  }

  async version(name: string): Promise<number> {
    const cached = this.versions.get(name);
    if (cached !== undefined && Date.now() - cached.at < this.refreshMs) return cached.version;
    // No pointer yet (a fresh store the projectors service has not switched): the code's version.
    const code = projections.find((projection) => projection.name === name)?.version ?? 1;
    const version = await activeVersion(this.db, name, code);
    this.versions.set(name, { version, at: Date.now() });
    return version;
  }

  /** Waits (at most `timeoutMs`) until the active version of `name` has applied `position`; whether it did. */
  async waitForPosition(name: string, position: Position, timeoutMs = 5_000): Promise<boolean> {
    return waitForPosition(
      this.db,
      projectionKey({ name, version: await this.version(name) }),
      position,
      timeoutMs,
    );
  }

  /**
   * Read-your-writes: waits (bounded) until projection `name` has applied the position a command
   * answered with. A position in a topic the projection does not read (`topics`: full names) needs
   * no wait; one this system never gave out is a 400 INVALID_POSITION.
   */
  async consistentWith(
    name: string,
    topics: readonly string[],
    position: string | undefined,
    timeoutMs = 5_000,
  ): Promise<void> {
    if (position === undefined) return;
    const parsed = parsePosition(position);
    if (parsed === undefined)
      throw Object.assign(new Error(`consistentWith=${position} is not a position this API gave out`), {
        statusCode: 400,
        code: 'INVALID_POSITION',
      });
    if (topics.includes(parsed.topic)) await this.waitForPosition(name, parsed, timeoutMs);
  }

  async collection<T extends mongoose.mongo.Document>(name: string): Promise<mongoose.mongo.Collection<T>> {
    return this.db.collection<T>(collectionOf({ name, version: await this.version(name) }));
  }
}
