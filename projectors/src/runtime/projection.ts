import type { RecordedEvent } from '@engage/event-log';
import type { Topic } from '@engage/schemas';

/** What the runtime keeps in every read-model document beside the projection's own fields. */
export interface Bookkeeping {
  /** Per `topic:partition`, the offset of the last event applied to this document. */
  readonly _applied: Record<string, number>;
  /** Bumped by every write: the optimistic guard when two projector instances overlap. */
  readonly _rev: number;
  /** The checkpoint epoch this document was written under (absent: written before epochs). */
  readonly _epoch?: string;
}

export type ReadModel = { readonly _id: string } & Record<string, unknown>;

/**
 * A read model: which documents an event touches, and how the event changes each one.
 * `evolve(doc | null, event) -> doc | null` is pure; null deletes the document.
 */
export interface Projection<Doc extends ReadModel = ReadModel> {
  readonly name: string;
  readonly version: number;
  readonly topics: readonly Topic[];
  documentIds(event: RecordedEvent): readonly string[];
  evolve(doc: Doc | null, event: RecordedEvent, id: string): Doc | null;
  readonly indexes?: ReadonlyArray<{ readonly key: Record<string, 1 | -1>; readonly unique?: boolean }>;
  /**
   * The version this one replaces, with its own code, kept until the rebuild of this version has
   * switched: it keeps the active collections current meanwhile. Without it they are served as they
   * stand until the switch (a newer `evolve` never writes an older version's documents).
   */
  readonly previous?: Projection;
}

/** `name@version`, the projection's identity in checkpoints, group ids and the admin API. */
export const projectionKey = (projection: Pick<Projection, 'name' | 'version'>): string =>
  `${projection.name}@${projection.version}`;

/** Each version writes its own collection, so a rebuild never disturbs the version being served. */
export const collectionOf = (projection: Pick<Projection, 'name' | 'version'>): string =>
  `${projection.name.replaceAll('-', '_')}_v${projection.version}`;
