import type mongoose from 'mongoose';

/**
 * An event a projection could not apply, kept beside the read models for admins (the record itself
 * stays in the dead-letter topic).
 */
export interface DeadLetterDocument {
  /** `<projection@version>/<topic>:<partition>:<offset>`: one per reader and event, however often it fails. */
  _id: string;
  projection: string;
  reader: string;
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  reason: string;
  state: 'open' | 'retried' | 'skipped';
  at: Date;
  /** Who skipped it, why and when (the decision stays recorded). */
  skipped?: { by: string | null; reason: string; at: Date };
  /** Who had it applied again, and when. */
  retried?: { by: string | null; at: Date };
  /** Set while a retry runs, so two admins' retries cannot both apply it. */
  retryingSince?: Date;
}

export const deadLettersOf = (db: mongoose.Connection) =>
  db.collection<DeadLetterDocument>('projection_dead_letters');

export async function recordDeadLetters(
  db: mongoose.Connection,
  letters: ReadonlyArray<Omit<DeadLetterDocument, '_id' | 'state' | 'at'>>,
): Promise<void> {
  if (letters.length === 0) return;
  await deadLettersOf(db).bulkWrite(
    letters.map((letter) => ({
      updateOne: {
        filter: { _id: `${letter.reader}/${letter.topic}:${letter.partition}:${letter.offset}` },
        update: { $setOnInsert: { ...letter, state: 'open' as const, at: new Date() } },
        upsert: true,
      },
    })),
    { ordered: false },
  );
}
