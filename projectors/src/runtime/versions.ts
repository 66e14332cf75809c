import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parsePosition, type Position } from '@engage/event-log';
import { topics as allTopics } from '@engage/schemas';
import { readCheckpoint, waitForPosition } from './checkpoints.ts';
import { collectionOf, projectionKey, type Projection } from './projection.ts';
import { projections as codeProjections } from '../projections.ts';
import type mongoose from 'mongoose';

/** Where the log ends now, per `topic:partition` (the event-log's `LogEnds`). */
export interface LogEndsSource {
  ends(topics: readonly string[]): Promise<Map<string, number>>;
}

export interface ActiveCollectionsOptions {
  /** How often the active version of a read model is re-read (ms). */
  readonly refreshMs?: number;
  /** Where the log ends; without it a miss is answered at once (nothing to wait for). */
  readonly log?: LogEndsSource;
  /** Put in front of every topic name. */
  readonly topicPrefix?: string;
  /** The read models and the topics each one reads (the projectors' list). */
  readonly projections?: ReadonlyArray<Pick<Projection, 'name' | 'topics'>>;
}

/** An error that carries an HTTP status and a machine-readable code. */
const httpError = (statusCode: number, code: string, message: string, headers?: Record<string, string>) =>
  Object.assign(new Error(message), { statusCode, code, ...(headers ? { headers } : {}) });

/** The read models read during one request (see `ActiveCollections.settle`). */
const consulted = new AsyncLocalStorage<Set<string>>();

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
  private readonly log: LogEndsSource | undefined;
  private readonly topicPrefix: string;
  private readonly topicsOf: ReadonlyMap<string, readonly string[]>;
  private readonly versions = new Map<string, { version: number; at: number }>();
  private readonly versionReads = new Map<string, Promise<number>>();
  /** Checkpoint reads in flight: many waiting requests share one read instead of one each. */
  private readonly checkpointReads = new Map<string, Promise<Record<string, number>>>();

  constructor(db: mongoose.Connection, options: ActiveCollectionsOptions = {}) {
    this.db = db;
    this.refreshMs = options.refreshMs ?? 500;
    this.log = options.log;
    this.topicPrefix = options.topicPrefix ?? '';
    this.topicsOf = new Map(
      (options.projections ?? []).map((projection) => [
        projection.name,
        projection.topics.map((topic) => `${this.topicPrefix}${topic}`),
      ]),
    );
  }

  async version(name: string): Promise<number> {
    const cached = this.versions.get(name);
    if (cached !== undefined && Date.now() - cached.at < this.refreshMs) return cached.version;
    // One read per refresh, however many requests arrive while it is in flight.
    let read = this.versionReads.get(name);
    if (read === undefined) {
      // No pointer yet (a fresh store the projectors service has not switched): the code's version.
      const code = codeProjections.find((projection) => projection.name === name)?.version ?? 1;
      read = activeVersion(this.db, name, code)
        .then((version) => {
          this.versions.set(name, { version, at: Date.now() });
          return version;
        })
        .finally(() => this.versionReads.delete(name));
      this.versionReads.set(name, read);
    }
    return read;
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
   * answered with. A position in a topic the projection does not read (`topics`: full names; and
   * the projection's own list, when known) needs no wait; one this system never gave out (unknown
   * topic or partition, or at or past the partition's end) is a 400 INVALID_POSITION.
   */
  async consistentWith(
    name: string,
    topics: readonly string[],
    position: string | undefined,
    timeoutMs = 5_000,
  ): Promise<void> {
    if (position === undefined) return;
    const parsed = parsePosition(position);
    const known = allTopics.map((topic) => `${this.topicPrefix}${topic}`);
    if (parsed === undefined || !known.includes(parsed.topic))
      throw httpError(
        400,
        'INVALID_POSITION',
        `consistentWith=${position} is not a position this API gave out (send back the position a command answered)`,
      );
    if (this.log !== undefined) {
      const ends = await this.log.ends([parsed.topic]).catch(() => undefined);
      const end = ends?.get(`${parsed.topic}:${parsed.partition}`);
      if (ends !== undefined && end === undefined)
        throw httpError(
          400,
          'INVALID_POSITION',
          `consistentWith=${position} names partition ${parsed.partition} of ${parsed.topic}, which has ${ends.size} (0-${ends.size - 1})`,
        );
      // Every position given out names a record already written, so it lies before the end read
      // now; one at or past the end (an empty partition, another deployment's log, a made-up
      // offset) is a position no read model will ever apply: waiting would only end in 503s.
      if (end !== undefined && parsed.offset >= end)
        throw httpError(
          400,
          'INVALID_POSITION',
          `consistentWith=${position} lies past the end of ${parsed.topic}:${parsed.partition} (${end} records): it names nothing written yet`,
        );
    }
    // Only a topic the read model's projector consumes can be waited for: its checkpoint never
    // moves on any other, whatever topics the caller named.
    const consumed = this.topicsOf.get(name) ?? topics;
    if (!topics.includes(parsed.topic) || !consumed.includes(parsed.topic)) return;
    if (!(await this.waitForPosition(name, parsed, timeoutMs))) {
      const retryAfter = Math.max(1, Math.ceil(timeoutMs / 1000));
      throw httpError(
        503,
        'POSITION_NOT_REACHED',
        `the ${name} read model has not applied ${position} within ${timeoutMs} ms; ask again in ${retryAfter} s`,
        { 'retry-after': String(retryAfter) },
      );
    }
  }

  async collection<T extends mongoose.mongo.Document>(name: string): Promise<mongoose.mongo.Collection<T>> {
    consulted.getStore()?.add(name);
    const collectionName = collectionOf({ name, version: await this.version(name) });
    // The driver's own collection once connected: mongoose's wrapper only adds buffering per call.
    return this.db.db?.collection<T>(collectionName) ?? this.db.collection<T>(collectionName);
  }

  /**
   * Waits (at most `timeoutMs`) until read models `names` have applied the log up to where it ends
   * now. `known` says whether the log's ends could be read (else there was nothing to wait for),
   * `reached` whether the read models got there in time.
   */
  async catchUp(names: readonly string[], timeoutMs = 2_000): Promise<{ known: boolean; reached: boolean }> {
    const wanted = names.filter((name) => this.topicsOf.has(name));
    if (this.log === undefined || wanted.length === 0) return { known: false, reached: true };
    const topics = [...new Set(wanted.flatMap((name) => this.topicsOf.get(name) ?? []))];
    const keys = await Promise.all(
      wanted.map(async (name) => projectionKey({ name, version: await this.version(name) })),
    );
    const readCheckpoints = () => Promise.all(keys.map((key) => this.sharedCheckpoint(key)));
    // Both at once: a checkpoint read before the ends that already passes them passes them still.
    const [ends, firstCheckpoints] = await Promise.all([
      this.log.ends(topics).catch(() => undefined),
      readCheckpoints(),
    ]);
    // Kafka does not answer: nothing to wait for that we could see.
    if (ends === undefined) return { known: false, reached: true };
    let checkpoints = firstCheckpoints;
    const deadline = Date.now() + timeoutMs;
    let pause = 2;
    for (let first = true; ; first = false) {
      if (!first) checkpoints = await readCheckpoints();
      const reached = wanted.every((name, index) =>
        (this.topicsOf.get(name) ?? []).every((topic) =>
          [...ends].every(
            ([partition, end]) =>
              !partition.startsWith(`${topic}:`) || (checkpoints[index]?.[partition] ?? 0) >= end,
          ),
        ),
      );
      if (reached) return { known: true, reached: true };
      if (Date.now() >= deadline) return { known: true, reached: false };
      await sleep(Math.min(pause, Math.max(1, deadline - Date.now())));
      pause = Math.min(pause * 2, 50);
    }
  }

  /** The checkpoint of `key`, read once for every caller that asks while a read is in flight. */
  private sharedCheckpoint(key: string): Promise<Record<string, number>> {
    let read = this.checkpointReads.get(key);
    if (read === undefined) {
      read = readCheckpoint(this.db, key).finally(() => this.checkpointReads.delete(key));
      this.checkpointReads.set(key, read);
    }
    return read;
  }

  /**
   * Never refuses because a read model lags: runs `attempt`, noting the read models it reads; when
   * it fails with an error `refused` accepts (a miss, or a rule that read models decided), waits
   * (at most `timeoutMs`) until those read models have applied the log as far as it reaches now,
   * then runs `attempt` once more. An attempt that succeeds pays nothing; a real miss pays one
   * look at the log's ends and the checkpoints, and a second attempt.
   */
  async settle<T>(
    attempt: () => Promise<T>,
    refused: (error: unknown) => boolean,
    timeoutMs = 2_000,
  ): Promise<T> {
    const names = new Set<string>();
    try {
      return await consulted.run(names, attempt);
    } catch (error) {
      if (names.size === 0 || !refused(error)) throw error;
      // Whether the read models were behind when `attempt` read them is unknown (they may have caught
      // up since): once they hold everything the log held, look again.
      if (!(await this.catchUp([...names], timeoutMs)).known) throw error;
      return attempt();
    }
  }
}
