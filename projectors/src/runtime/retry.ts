import type mongoose from 'mongoose';
import {
  isPoison,
  partitionKey,
  readEvent,
  readRecordAt,
  type EventCodec,
  type Kafka,
  type RecordedEvent,
} from '@engage/event-log';
import { deadLettersOf, type DeadLetterDocument } from './dead-letters.ts';
import { collectionOf, type Bookkeeping, type Projection, type ReadModel } from './projection.ts';
import { withoutBookkeeping } from './projector.ts';
import { activeVersion } from './versions.ts';

/** A retry that cannot start: the letter is closed, superseded, or another retry holds it. */
export class DeadLetterRefusedError extends Error {
  readonly code: 'DEAD_LETTER_CLOSED' | 'DEAD_LETTER_SUPERSEDED' | 'DEAD_LETTER_RETRYING';
  constructor(code: DeadLetterRefusedError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/** The event still cannot be applied with the current code and data; the letter stays open. */
export class DeadLetterStillFailsError extends Error {
  readonly code = 'DEAD_LETTER_STILL_FAILS';
}

export interface RetryOptions {
  readonly kafka: Kafka;
  readonly codec: () => Promise<EventCodec>;
  readonly db: mongoose.Connection;
  readonly projections: readonly Projection[];
}

/** A retry holds its letter at most this long; a retrier that died frees it after that. */
const retryLeaseMs = 120_000;

type Stored = ReadModel & Bookkeeping;

/**
 * Applies one dead-lettered event again, with the code running now, to the collection of the version
 * that could not apply it (only while that version is the active one: a newer version re-read the
 * log itself). The event was never applied to any of its documents (a failing evolve leaves them
 * all untouched), so it is applied now even where later events of the same partition already were;
 * each document's write is guarded by its revision, so a projector writing the same document
 * meanwhile makes the retry reload and evolve again rather than lose either write. Answers the
 * letter as now recorded (`retried`, with who and when), or throws why not.
 */
export async function retryDeadLetter(
  options: RetryOptions,
  id: string,
  by: string | null,
): Promise<DeadLetterDocument | null> {
  const letters = deadLettersOf(options.db);
  const letter = await letters.findOne({ _id: id });
  if (letter === null) return null;
  if (letter.state !== 'open')
    throw new DeadLetterRefusedError('DEAD_LETTER_CLOSED', `dead letter ${id} is ${letter.state}, not open`);
  const projection = options.projections.find((candidate) => candidate.name === letter.projection);
  const version = Number(letter.reader.split('@').at(-1));
  if (
    projection === undefined ||
    version !== (await activeVersion(options.db, projection.name, projection.version))
  )
    throw new DeadLetterRefusedError(
      'DEAD_LETTER_SUPERSEDED',
      `${letter.reader} is no longer the active version: the version serving now read this event itself`,
    );
  const now = new Date();
  const claimed = await letters.updateOne(
    {
      _id: id,
      state: 'open',
      $or: [
        { retryingSince: { $exists: false } },
        { retryingSince: { $lt: new Date(now.getTime() - retryLeaseMs) } },
      ],
    },
    { $set: { retryingSince: now } },
  );
  if (claimed.modifiedCount !== 1)
    throw new DeadLetterRefusedError('DEAD_LETTER_RETRYING', `dead letter ${id} is being retried already`);
  try {
    const event = await eventOf(options, letter);
    await applyAgain(options.db, { ...projection, version }, event);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await letters.updateOne({ _id: id }, { $set: { reason }, $unset: { retryingSince: '' } });
    throw error instanceof DeadLetterStillFailsError ? error : new DeadLetterStillFailsError(reason);
  }
  await letters.updateOne(
    { _id: id },
    { $set: { state: 'retried', retried: { by, at: new Date() } }, $unset: { retryingSince: '' } },
  );
  return letters.findOne({ _id: id });
}

async function eventOf(options: RetryOptions, letter: DeadLetterDocument): Promise<RecordedEvent> {
  const record = await readRecordAt(options.kafka, letter.topic, letter.partition, letter.offset, {
    groupPrefix: 'dead-letter-retry-',
  });
  if (record === null)
    throw new DeadLetterStillFailsError(
      `the log no longer holds ${letter.topic}:${letter.partition}:${letter.offset}`,
    );
  const event = await readEvent(await options.codec(), letter.topic, letter.partition, record);
  if (isPoison(event)) throw new DeadLetterStillFailsError(`undecodable: ${event.error.message}`);
  return event;
}

async function applyAgain(
  db: mongoose.Connection,
  projection: Projection,
  event: RecordedEvent,
): Promise<void> {
  const collection = db.collection<Stored>(collectionOf(projection));
  const at = partitionKey(event.position.topic, event.position.partition);
  let ids: readonly string[];
  try {
    ids = projection.documentIds(event);
  } catch (error) {
    throw new DeadLetterStillFailsError(`documentIds threw: ${String(error)}`);
  }
  // Every document's next state first: an evolve that throws leaves all of them as they are.
  const evolveAll = async (only: readonly string[]) => {
    const loaded = new Map(
      (await collection.find({ _id: { $in: [...only] } }).toArray()).map((doc) => [doc._id, doc]),
    );
    return only.map((id) => {
      const stored = loaded.get(id);
      try {
        return { id, stored, next: projection.evolve(stored ? withoutBookkeeping(stored) : null, event, id) };
      } catch (error) {
        throw new DeadLetterStillFailsError(
          `evolve threw: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
  };
  let pending = await evolveAll(ids);
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const raced: string[] = [];
    for (const { id, stored, next } of pending) {
      if (stored === undefined && next === null) continue;
      const applied = {
        ...(stored?._applied ?? {}),
        [at]: Math.max(stored?._applied[at] ?? -1, event.position.offset),
      };
      const replacement = { ...next, _id: id, _applied: applied, _rev: (stored?._rev ?? 0) + 1 } as Stored;
      const written =
        stored === undefined
          ? await collection.insertOne(replacement).then(
              () => 1,
              (error: { code?: unknown }) => {
                // A duplicate key: a projector created it meanwhile. Anything else is not a race.
                if (error.code === 11000) return 0;
                throw error;
              },
            )
          : next === null
            ? (await collection.deleteOne({ _id: id, _rev: stored._rev })).deletedCount
            : (await collection.replaceOne({ _id: id, _rev: stored._rev }, replacement)).matchedCount;
      if (written !== 1) raced.push(id);
    }
    if (raced.length > 0 && attempt >= 10)
      throw new Error(`documents ${raced.join(', ')} kept changing under the retry; try again`);
    // A projector wrote these meanwhile: evolve them again from what it wrote.
    pending = raced.length === 0 ? [] : await evolveAll(raced);
  }
}
