import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type mongoose from 'mongoose';
import type { EventCodec, Kafka } from '@engage/event-log';
import { lagOf } from './lag.ts';
import { collectionOf, projectionKey, type Projection } from './projection.ts';
import { Projector } from './projector.ts';
import { activeVersion, switchActiveVersion } from './versions.ts';

/** Where a rebuild stands: asked for, reading the log, caught up (waiting for a switch), or over. */
export type RebuildState = 'requested' | 'running' | 'ready' | 'switched' | 'cancelled' | 'failed';

/** One rebuild of a projection, shared by every instance through MongoDB (one at a time per projection). */
export interface RebuildDocument {
  _id: string;
  version: number;
  fromVersion: number;
  state: RebuildState;
  autoSwitch: boolean;
  requestedBy: string | null;
  requestedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Offsets applied and to apply over the projection's partitions, at the last look. */
  done: number;
  total: number;
  /** The instance running it and until when (renewed while it runs; another takes over after). */
  lease: { owner: string; until: number } | null;
  error: string | null;
  updatedAt: number;
}

export const rebuildsOf = (db: mongoose.Connection) => db.collection<RebuildDocument>('projection_rebuilds');

export class RebuildConflictError extends Error {
  readonly code = 'REBUILD_RUNNING';
}

const unfinished: RebuildState[] = ['requested', 'running', 'ready'];

/**
 * Asks for a rebuild of `projection` into a new version (new collections); the runner of some
 * projectors instance picks it up. Refused while another rebuild of it is unfinished.
 */
export async function requestRebuild(
  db: mongoose.Connection,
  projection: Pick<Projection, 'name' | 'version'>,
  options: { autoSwitch: boolean; requestedBy: string | null; now?: number },
): Promise<RebuildDocument> {
  const rebuilds = rebuildsOf(db);
  const previous = await rebuilds.findOne({ _id: projection.name });
  if (previous && unfinished.includes(previous.state))
    throw new RebuildConflictError(
      `${projection.name} is already being rebuilt (version ${previous.version}, ${previous.state})`,
    );
  const active = await activeVersion(db, projection.name, projection.version);
  const now = options.now ?? Date.now();
  const document: RebuildDocument = {
    _id: projection.name,
    version: Math.max(active, projection.version, previous?.version ?? 0) + 1,
    fromVersion: active,
    state: 'requested',
    autoSwitch: options.autoSwitch,
    requestedBy: options.requestedBy,
    requestedAt: now,
    startedAt: null,
    finishedAt: null,
    done: 0,
    total: 0,
    lease: null,
    error: null,
    updatedAt: now,
  };
  // Guarded on what was read, so two admins asking at once start one rebuild.
  const written = previous
    ? await rebuilds.replaceOne(
        { _id: projection.name, updatedAt: previous.updatedAt, state: previous.state },
        document,
      )
    : await rebuilds.insertOne(document).then(
        () => ({ matchedCount: 1 }),
        () => ({ matchedCount: 0 }),
      );
  if (written.matchedCount !== 1)
    throw new RebuildConflictError(`${projection.name} is already being rebuilt`);
  return document;
}

/** Stops an unfinished rebuild; its runner drops what it wrote. */
export async function cancelRebuild(db: mongoose.Connection, name: string): Promise<RebuildDocument | null> {
  await rebuildsOf(db).updateOne(
    { _id: name, state: { $in: unfinished } },
    { $set: { state: 'cancelled', finishedAt: Date.now(), updatedAt: Date.now() } },
  );
  return rebuildsOf(db).findOne({ _id: name });
}

export class NotCaughtUpError extends Error {
  readonly code = 'REBUILD_NOT_READY';
}

/** Makes a caught-up rebuild the active version: one single-document write moves every reader. */
export async function switchRebuild(db: mongoose.Connection, name: string): Promise<RebuildDocument> {
  const rebuild = await rebuildsOf(db).findOne({ _id: name });
  if (rebuild?.state !== 'ready')
    throw new NotCaughtUpError(
      rebuild === null
        ? `${name} has no rebuild to switch to`
        : `the rebuild of ${name} is ${rebuild.state}, not caught up: wait until its state is ready`,
    );
  await switchActiveVersion(db, name, rebuild.version);
  await rebuildsOf(db).updateOne(
    { _id: name, state: 'ready' },
    { $set: { state: 'switched', finishedAt: Date.now(), updatedAt: Date.now() } },
  );
  return { ...rebuild, state: 'switched' };
}

export interface RebuildRunnerOptions {
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  readonly db: mongoose.Connection;
  readonly projections: readonly Projection[];
  readonly topicPrefix?: string;
  /** The projectors serving each projection now; a switched rebuild's projector replaces one. */
  readonly live: Map<string, Projector>;
  readonly leaseMs?: number;
  readonly pollMs?: number;
  /** Bytes a rebuild's projector fetches per partition and batch (the Projector's default otherwise). */
  readonly maxBytesPerPartition?: number;
  /** How long a replaced projector keeps running after a switch (readers' version cache; 2 s). */
  readonly retireAfterMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * Runs the rebuilds admins ask for, on whichever projectors instance holds its lease in MongoDB:
 * a projector of the new version reads the topics from the start into new collections while the
 * active version keeps serving; progress is written to the rebuild document for every instance to
 * read; once caught up it is `ready` (or switched at once with `autoSwitch`). An instance that dies
 * stops renewing its lease, and another resumes the rebuild from its checkpoint.
 */
export class RebuildRunner {
  readonly owner = randomUUID();
  private readonly options: RebuildRunnerOptions;
  private readonly running = new Map<string, { projector: Projector; version: number }>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly retiring: Array<Promise<void>> = [];

  constructor(options: RebuildRunnerOptions) {
    this.options = options;
  }

  start(): void {
    const loop = () => {
      this.ticking = this.tick()
        .catch((error: unknown) => this.log(`rebuild runner: ${String(error)}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.options.pollMs ?? 250);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await Promise.all([...this.running.values()].map(({ projector }) => projector.stop()));
    await Promise.all(this.retiring);
    this.running.clear();
  }

  /** One look at every rebuild: claim, advance, finish or clean up. */
  async tick(): Promise<void> {
    const { db } = this.options;
    const now = Date.now();
    const leaseMs = this.options.leaseMs ?? 10_000;
    for (const rebuild of await rebuildsOf(db).find({}).toArray()) {
      const mine = this.running.get(rebuild._id);
      if (mine !== undefined && mine.version !== rebuild.version) {
        // A newer rebuild was asked for after ours ended: ours serves if it was switched to, else it goes.
        if ((await activeVersion(db, rebuild._id, -1)) === mine.version)
          await this.adopt(rebuild._id, mine.projector);
        else await this.drop(rebuild._id, mine.version);
        continue;
      }
      if (rebuild.state === 'cancelled' || rebuild.state === 'failed') {
        // Whoever ran it cleans up; if that instance is gone, whoever sees its lease expire does.
        const orphaned = rebuild.lease !== null && rebuild.lease.until < now;
        if (mine !== undefined || rebuild.lease?.owner === this.owner || orphaned)
          await this.drop(rebuild._id, rebuild.version);
        continue;
      }
      if (rebuild.state === 'switched') {
        if (mine !== undefined) await this.adopt(rebuild._id, mine.projector);
        continue;
      }
      // requested, running or ready: hold the lease (take it when free or expired).
      const claimed = await rebuildsOf(db).updateOne(
        {
          _id: rebuild._id,
          version: rebuild.version,
          state: rebuild.state,
          $or: [{ lease: null }, { 'lease.owner': this.owner }, { 'lease.until': { $lt: now } }],
        },
        { $set: { lease: { owner: this.owner, until: now + leaseMs } } },
      );
      if (claimed.matchedCount !== 1) {
        if (mine !== undefined) await this.release(rebuild._id);
        continue;
      }
      await this.advance(rebuild, mine?.projector);
    }
  }

  private projectionOf(name: string, version: number): Projection {
    const code = this.options.projections.find((projection) => projection.name === name);
    if (code === undefined) throw new Error(`no projection named ${name}`);
    return { ...code, version };
  }

  private async advance(rebuild: RebuildDocument, running: Projector | undefined): Promise<void> {
    const { kafka, codec, db, topicPrefix } = this.options;
    let projector = running;
    try {
      if (projector === undefined) {
        projector = new Projector({
          kafka,
          codec,
          db,
          projection: this.projectionOf(rebuild._id, rebuild.version),
          ...(topicPrefix === undefined ? {} : { topicPrefix }),
          ...(this.options.maxBytesPerPartition === undefined
            ? {}
            : { maxBytesPerPartition: this.options.maxBytesPerPartition }),
        });
        await projector.start();
        this.running.set(rebuild._id, { projector, version: rebuild.version });
      }
      const lag = await lagOf(kafka, db, projector.key, projector.topics);
      const caughtUp = lag.lag === 0;
      const state: RebuildState = caughtUp ? (rebuild.autoSwitch ? 'switched' : 'ready') : 'running';
      if (state === 'switched') await switchActiveVersion(db, rebuild._id, rebuild.version);
      await rebuildsOf(db).updateOne(
        { _id: rebuild._id, version: rebuild.version, state: rebuild.state },
        {
          $set: {
            state,
            done: lag.done,
            total: lag.total,
            startedAt: rebuild.startedAt ?? Date.now(),
            ...(state === 'switched' ? { finishedAt: Date.now() } : {}),
            updatedAt: Date.now(),
          },
        },
      );
      if (state === 'switched') await this.adopt(rebuild._id, projector);
    } catch (error) {
      this.log(`rebuild of ${rebuild._id}@${rebuild.version} failed: ${String(error)}`);
      await rebuildsOf(db).updateOne(
        { _id: rebuild._id, version: rebuild.version },
        { $set: { state: 'failed', error: String(error), finishedAt: Date.now(), updatedAt: Date.now() } },
      );
    }
  }

  /** The switched version's projector serves from now on; the one it replaces stops. */
  private async adopt(name: string, projector: Projector): Promise<void> {
    this.running.delete(name);
    const old = this.options.live.get(name);
    this.options.live.set(name, projector);
    // Readers re-read the active version every half second or so: the replaced projector keeps
    // applying for a moment longer, so a read that still picks the old version is not left behind.
    if (old !== undefined && old !== projector)
      this.retiring.push(sleep(this.options.retireAfterMs ?? 2_000).then(() => old.stop()));
  }

  private async release(name: string): Promise<void> {
    const mine = this.running.get(name);
    this.running.delete(name);
    await mine?.projector.stop();
  }

  /** A cancelled or failed rebuild leaves nothing behind: its projector, collection and checkpoint go. */
  private async drop(name: string, version: number): Promise<void> {
    await this.release(name);
    const { db } = this.options;
    const projection = { name, version };
    await db.dropCollection(collectionOf(projection)).catch(() => undefined);
    await db.collection('projection_checkpoints').deleteOne({ _id: projectionKey(projection) as never });
    await rebuildsOf(db).updateOne({ _id: name, version }, { $set: { lease: null, updatedAt: Date.now() } });
  }

  private log(line: string): void {
    (this.options.log ?? ((message: string) => process.stderr.write(`projectors: ${message}\n`)))(line);
  }
}
