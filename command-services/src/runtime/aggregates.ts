import { LRUCache } from 'lru-cache';
import type { AggregateRecord, SnapshotStore } from './snapshots.ts';

export interface AggregateMemoryOptions<State> {
  readonly partition: number;
  readonly store: SnapshotStore;
  /** At most this many aggregates stay in memory; the least recently used leave first. */
  readonly budget: number;
  /** An aggregate is snapshotted once it is this many events past its last snapshot. */
  readonly snapshotEvery: number;
  readonly fresh: () => AggregateRecord<State>;
  readonly onError: (error: unknown) => void;
}

/**
 * The aggregates of one owned partition: a bounded cache in front of the snapshots. Every event
 * the owner knows is either in a snapshot or in memory: an aggregate with events not yet in a
 * snapshot ("dirty") is snapshotted before it leaves memory, and stays reachable until that write
 * is done. The partition's checkpoint is the offset of the oldest event not in a snapshot, so an
 * owner that gains the partition reads the log only from there.
 */
export class AggregateMemory<State> {
  private readonly cache: LRUCache<string, AggregateRecord<State>>;
  /** Evicted while dirty: kept until their snapshot is written. */
  private readonly leaving = new Map<string, AggregateRecord<State>>();
  /** Aggregate → offset of its first event that no snapshot holds, and its version before that event. */
  private readonly dirty = new Map<string, { readonly offset: number; readonly since: number }>();
  /** Aggregates whose every-N snapshot is being written (one at a time each). */
  private readonly saving = new Set<string>();
  private readonly loading = new Map<string, Promise<AggregateRecord<State> | undefined>>();
  private readonly options: AggregateMemoryOptions<State>;
  /** The checkpoint this owner last wrote. */
  private checkpoint: number | undefined;

  constructor(options: AggregateMemoryOptions<State>) {
    this.options = options;
    this.cache = new LRUCache({
      max: options.budget,
      dispose: (record, aggregateId, reason) => {
        if (reason !== 'evict' || !this.dirty.has(aggregateId)) return;
        this.leaving.set(aggregateId, record);
        void this.save(new Map([[aggregateId, record]])).catch(options.onError);
      },
    });
  }

  get size(): number {
    return this.cache.size;
  }

  /** The aggregate if it is in memory. */
  peek(aggregateId: string): AggregateRecord<State> | undefined {
    return this.cache.get(aggregateId) ?? this.leaving.get(aggregateId);
  }

  /** The aggregate from memory, else from its snapshot, else as it is before its first event. */
  async get(aggregateId: string): Promise<AggregateRecord<State>> {
    const known = this.peek(aggregateId);
    if (known !== undefined) return known;
    let loading = this.loading.get(aggregateId);
    if (loading === undefined) {
      loading = this.options.store
        .load<State>([aggregateId])
        .then((found) => found.get(aggregateId))
        .finally(() => this.loading.delete(aggregateId));
      this.loading.set(aggregateId, loading);
    }
    const loaded = await loading;
    // Someone may have moved it on while the snapshot was read: theirs is newer.
    const now = this.peek(aggregateId);
    if (now !== undefined) return now;
    const record = loaded ?? this.options.fresh();
    if (loaded !== undefined) this.cache.set(aggregateId, record);
    return record;
  }

  /** Brings the aggregates not in memory in with one query (before a batch read from the log). */
  async preload(aggregateIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(aggregateIds)].filter((id) => this.peek(id) === undefined);
    if (missing.length === 0) return;
    const found = await this.options.store.load<State>(missing);
    // No snapshot and not in memory: the owner knows no event of it, so it starts fresh.
    for (const aggregateId of missing) {
      if (this.peek(aggregateId) === undefined)
        this.cache.set(aggregateId, found.get(aggregateId) ?? this.options.fresh());
    }
  }

  /**
   * Puts the aggregate's new record in memory; `firstOffset` is the offset of the first event it
   * adds to the one at `previousVersion`. Snapshotted once it is `snapshotEvery` events past its
   * last snapshot.
   */
  set(
    aggregateId: string,
    record: AggregateRecord<State>,
    firstOffset: number,
    previousVersion: number,
  ): void {
    let dirty = this.dirty.get(aggregateId);
    if (dirty === undefined) {
      dirty = { offset: firstOffset, since: previousVersion };
      this.dirty.set(aggregateId, dirty);
    }
    this.cache.set(aggregateId, record);
    if (record.version - dirty.since >= this.options.snapshotEvery && !this.saving.has(aggregateId)) {
      this.saving.add(aggregateId);
      void this.save(new Map([[aggregateId, record]]))
        .catch(this.options.onError)
        .finally(() => this.saving.delete(aggregateId));
    }
  }

  /**
   * Snapshots every dirty aggregate, then moves the partition's checkpoint to the oldest event still
   * outside a snapshot, or to `known` (the offset past everything this owner knows of the log).
   */
  async flush(known: number): Promise<void> {
    const records = new Map<string, AggregateRecord<State>>();
    for (const aggregateId of this.dirty.keys()) {
      const record = this.peek(aggregateId);
      if (record !== undefined) records.set(aggregateId, record);
    }
    await this.save(records);
    let checkpoint = known;
    for (const { offset } of this.dirty.values()) checkpoint = Math.min(checkpoint, offset);
    // An idle partition costs nothing: its checkpoint is written only when it moves.
    if (checkpoint === this.checkpoint) return;
    await this.options.store.advance(this.options.partition, checkpoint);
    this.checkpoint = checkpoint;
  }

  private async save(records: ReadonlyMap<string, AggregateRecord<State>>): Promise<void> {
    await this.options.store.save(this.options.partition, records);
    for (const [aggregateId, record] of records) {
      // Clean only if nothing happened to it meanwhile; else dirty from the event after the saved one.
      const dirty = this.dirty.get(aggregateId);
      if (this.peek(aggregateId) === record) this.dirty.delete(aggregateId);
      else if (dirty !== undefined && dirty.since < record.version) {
        const after = (record.lastPosition?.offset ?? -1) + 1;
        this.dirty.set(aggregateId, { offset: Math.max(dirty.offset, after), since: record.version });
      }
      if (this.leaving.get(aggregateId) === record) this.leaving.delete(aggregateId);
    }
  }
}
