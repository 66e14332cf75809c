import { isDeepStrictEqual } from 'node:util';
import type mongoose from 'mongoose';

/** How a rebuilt version's documents differ from the live version's (bookkeeping fields aside). */
export interface ShadowDiff {
  readonly compared: number;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  /** The first few of each, with the fields that differ for changed ones. */
  readonly samples: {
    readonly added: string[];
    readonly removed: string[];
    readonly changed: Array<{ id: string; fields: string[] }>;
  };
}

const bookkeeping = new Set(['_id', '_applied', '_rev', '_epoch']);

function differingFields(live: Record<string, unknown>, rebuilt: Record<string, unknown>): string[] {
  const fields = new Set(
    [...Object.keys(live), ...Object.keys(rebuilt)].filter((field) => !bookkeeping.has(field)),
  );
  return [...fields].filter((field) => !isDeepStrictEqual(live[field], rebuilt[field])).sort();
}

/**
 * Compares two collections document by document, both read in `_id` order at once (a merge join, so
 * memory stays flat however large they are).
 */
export async function shadowDiff(
  db: mongoose.Connection,
  liveCollection: string,
  rebuiltCollection: string,
  samples = 5,
): Promise<ShadowDiff> {
  const cursor = (name: string) =>
    db.collection<Record<string, unknown> & { _id: string }>(name).find({}).sort({ _id: 1 }).batchSize(500);
  const live = cursor(liveCollection);
  const rebuilt = cursor(rebuiltCollection);
  const found = {
    added: [] as string[],
    removed: [] as string[],
    changed: [] as Array<{ id: string; fields: string[] }>,
  };
  const counts = { compared: 0, added: 0, removed: 0, changed: 0 };
  try {
    let left = await live.next();
    let right = await rebuilt.next();
    while (left !== null || right !== null) {
      counts.compared += 1;
      const order =
        left === null
          ? 1
          : right === null
            ? -1
            : String(left._id) < String(right._id)
              ? -1
              : String(left._id) > String(right._id)
                ? 1
                : 0;
      if (order < 0 && left !== null) {
        counts.removed += 1;
        if (found.removed.length < samples) found.removed.push(String(left._id));
        left = await live.next();
      } else if (order > 0 && right !== null) {
        counts.added += 1;
        if (found.added.length < samples) found.added.push(String(right._id));
        right = await rebuilt.next();
      } else if (left !== null && right !== null) {
        const fields = differingFields(left, right);
        if (fields.length > 0) {
          counts.changed += 1;
          if (found.changed.length < samples) found.changed.push({ id: String(left._id), fields });
        }
        left = await live.next();
        right = await rebuilt.next();
      }
    }
  } finally {
    await live.close();
    await rebuilt.close();
  }
  return { ...counts, samples: found };
}
