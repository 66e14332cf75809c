import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  encodeHeaders,
  endOffsets,
  ensureTopics,
  eventHash,
  formatPosition,
  genesisHash,
  isPoison,
  partitionOf,
  PartitionWriter,
  readEvent,
  startConsumer,
  WriterFencedError,
  type DomainEvent,
  type EventCodec,
  type EventMetadata,
  type Headers,
  type Kafka,
  type LogConsumer,
  type LogHealth,
  type OutgoingRecord,
  type Position,
  type RecordedEvent,
} from '@engage/event-log';
import { DomainError, type Decider } from './decider.ts';
import { AggregateMemory } from './aggregates.ts';
import { countOutcome, replayedRecords } from './metrics.ts';
import type { OwnershipDirectory } from './ownership.ts';
import type { AggregateRecord, SnapshotStore } from './snapshots.ts';

/** A command as the runtime receives it, over HTTP or forwarded from another instance. */
export interface CommandRequest<Command> {
  readonly aggregateId: string;
  readonly command: Command;
  /** The version the client last saw; the command is refused with 409 if the aggregate moved on. */
  readonly expectedVersion?: number | undefined;
  readonly idempotencyKey?: string | undefined;
  readonly actor: string | null;
  readonly correlationId: string;
  readonly causationId?: string | null | undefined;
  /** When the command arrived (epoch ms); set once, at the first instance, so a forward keeps it. */
  readonly now: number;
  /**
   * Decide only: refused as the command would be, or answered with the version it would reach
   * (position null), appending nothing. A saga asks before its first step appends anything.
   */
  readonly dryRun?: boolean | undefined;
}

/** What every accepted command answers: `position` names the topic, partition and offset of its last event. */
export interface CommandAnswer {
  readonly id: string;
  readonly version: number;
  readonly position: string | null;
}

/** The aggregate is not owned here (any more); the caller retries with the owner. */
export class NotOwnerError extends Error {
  readonly code = 'NOT_OWNER';
}

/** No instance could take the command in time (a rebalance or hydration took too long). */
export class NotReadyError extends DomainError {}

/** Kafka did not take a command's events within the bound: 503, retry (with the same Idempotency-Key). */
export class LogUnavailableError extends NotReadyError {
  constructor(message: string) {
    super('LOG_UNAVAILABLE', message);
  }
}

/** How long a command may wait on its owner for Kafka to take its events (ms). */
export const defaultAppendTimeoutMs = 5_000;

export type Forwarder = <Command>(
  address: string,
  topic: string,
  request: CommandRequest<Command>,
) => Promise<CommandAnswer>;

/** A command's answer, given the positions its group was appended at. */
type Answering = (positions: readonly Position[]) => CommandAnswer;

interface Queued<Command> {
  readonly request: CommandRequest<Command>;
  resolve(answer: CommandAnswer): void;
  reject(error: unknown): void;
  /** Its group began deciding it: from here its events may reach the log. */
  decided: boolean;
  /** Answered 503 before it was decided: it is never decided, so nothing of it is appended. */
  abandoned: boolean;
}

interface OwnedPartition<Command, State> {
  readonly partition: number;
  readonly aggregates: AggregateMemory<State>;
  /** Commands waiting for their aggregate's group in flight (an entry exists while one is). */
  readonly queues: Map<string, Array<Queued<Command>>>;
  writer: PartitionWriter | undefined;
  /** The snapshots' checkpoint: the log is read from here (undefined until the writer is open). */
  start: number | undefined;
  /** Offset up to which the log has been read, and the offset to reach before taking commands. */
  consumed: number;
  target: number | undefined;
  /** The offset past every event this owner knows of (read, or appended by itself). */
  known: number;
  flushing: boolean;
  ready: boolean;
  readonly whenReady: Promise<void>;
  markReady: () => void;
  revoked: boolean;
}

export interface CommandBusOptions<Command, State> {
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  /** The Kafka topic of the aggregate type (with the deployment's prefix, if any). */
  readonly topic: string;
  readonly decider: Decider<Command, State>;
  readonly directory: OwnershipDirectory;
  /** How other instances reach this one (for forwarded commands). */
  readonly address: string;
  readonly forward: Forwarder;
  /** Where the aggregates' snapshots and the partitions' checkpoints are kept. */
  readonly snapshots: SnapshotStore;
  /** Aggregates kept in memory per partition at most (default 10,000); the rest are reloaded on demand. */
  readonly aggregateBudget?: number;
  /** An aggregate is snapshotted every this many events (default 100). */
  readonly snapshotEvery?: number;
  /** Every dirty aggregate is snapshotted, and the checkpoint moved, this often (ms, default 5,000). */
  readonly snapshotIntervalMs?: number;
  readonly partitions?: number;
  readonly sessionTimeoutMs?: number;
  /** How long a command may wait for an owner that is still hydrating or rebalancing. */
  readonly ownerTimeoutMs?: number;
  /**
   * How long a command queued on its owner may wait for Kafka to take its events before it is
   * answered 503 LOG_UNAVAILABLE (default `defaultAppendTimeoutMs`).
   */
  readonly appendTimeoutMs?: number;
  /** Told when Kafka takes or refuses an append, or overruns `appendTimeoutMs`. */
  readonly health?: LogHealth;
  readonly log?: (message: string) => void;
}

/**
 * The one impure shell around a decider. Partitions of the aggregate type's topic are owned through
 * a consumer group; the owner hydrates the state and version of its aggregates from the log, is the
 * only writer of the partition (a transactional producer whose id is tied to it fences any earlier
 * owner), serialises commands per aggregate, and forwards commands for partitions it does not own.
 */
export class CommandBus<Command, State> {
  private readonly owned = new Map<number, OwnedPartition<Command, State>>();
  private consumer: LogConsumer | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private partitionCount = 0;
  private stopped = false;

  private readonly options: CommandBusOptions<Command, State>;

  constructor(options: CommandBusOptions<Command, State>) {
    this.options = options;
  }

  get topic(): string {
    return this.options.topic;
  }

  async start(): Promise<void> {
    const counts = await ensureTopics(this.options.kafka, [this.options.topic], this.options.partitions);
    this.partitionCount = counts.get(this.options.topic) ?? 0;
    this.consumer = await startConsumer(this.options.kafka, {
      groupId: `command-bus-${this.options.topic}`,
      topics: [this.options.topic],
      sessionTimeoutMs: this.options.sessionTimeoutMs ?? 10_000,
      partitionsConsumedConcurrently: 3,
      onAssigned: (assignment, consumer) => {
        this.consumer = consumer;
        this.assign(assignment.get(this.options.topic) ?? []);
      },
      onBatch: async (batch) => {
        const owned = this.owned.get(batch.partition);
        if (owned === undefined || owned.revoked) return;
        // Everything before the checkpoint is in snapshots. A batch fetched before the partition was
        // paused may come first: folded by version like any other, so still right, if slower.
        const start = owned.start ?? 0;
        const records = batch.records.filter((record) => record.offset >= start);
        if (!owned.ready) replayedRecords.inc({ topic: batch.topic }, records.length);
        await owned.aggregates.preload(
          records.flatMap((record) => record.headers['aggregate-id']?.toString() ?? []),
        );
        for (const record of records) {
          // Most records read back are our own writes: the headers say so without decoding the body.
          if (await this.alreadyApplied(owned, record.headers)) continue;
          const event = await readEvent(this.options.codec, batch.topic, batch.partition, record);
          if (isPoison(event)) {
            this.log(
              `skipping unreadable record at ${formatPosition(event.position)}: ${event.error.message}`,
            );
          } else if (record.value !== null) {
            await this.hydrate(owned, event, record.value);
          }
        }
      },
      onProgress: (_topic, partition, next) => {
        const owned = this.owned.get(partition);
        if (owned === undefined) return;
        owned.consumed = Math.max(owned.consumed, next);
        this.checkReady(owned);
      },
    });
    const interval = this.options.snapshotIntervalMs ?? 5_000;
    this.flushTimer = setInterval(() => {
      for (const owned of this.owned.values()) void this.flush(owned);
    }, interval);
    this.flushTimer.unref();
  }

  /** A clean stop: every aggregate's latest state is snapshotted, so the next owner reads no tail. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.flushTimer);
    await this.consumer?.stop();
    await Promise.all(
      [...this.owned.values()].map(async (owned) => {
        await this.flush(owned);
        await owned.writer?.close();
      }),
    );
    this.owned.clear();
  }

  /** The aggregate as this owner holds it (from memory or its snapshot); undefined if not owned here. */
  async aggregate(aggregateId: string): Promise<AggregateRecord<State> | undefined> {
    const owned = this.owned.get(this.partitionOfAggregate(aggregateId));
    if (owned === undefined || !owned.ready) return undefined;
    return owned.aggregates.get(aggregateId);
  }

  /** Aggregates held in memory, over every owned partition. */
  aggregatesInMemory(): number {
    return [...this.owned.values()].reduce((sum, owned) => sum + owned.aggregates.size, 0);
  }

  private async flush(owned: OwnedPartition<Command, State>): Promise<void> {
    if (!owned.ready || owned.flushing) return;
    owned.flushing = true;
    try {
      await owned.aggregates.flush(owned.known);
    } catch (error) {
      this.log(`could not snapshot ${this.options.topic}:${owned.partition}: ${String(error)}`);
    } finally {
      owned.flushing = false;
    }
  }

  /** Partitions this instance owns and has hydrated. */
  readyPartitions(): number[] {
    return [...this.owned.values()].filter((owned) => owned.ready).map((owned) => owned.partition);
  }

  partitionOfAggregate(aggregateId: string): number {
    return partitionOf(this.options.topic, aggregateId, this.partitionCount);
  }

  /**
   * Decides and appends a command on the aggregate's owner (here, or forwarded). A forwarded
   * request is never forwarded again: an instance that is not the owner refuses it with NOT_OWNER.
   */
  async handle(request: CommandRequest<Command>, forwarded = false): Promise<CommandAnswer> {
    const partition = this.partitionOfAggregate(request.aggregateId);
    // A forwarded command waits only briefly: its sender knows better where the owner is by then.
    const deadline = Date.now() + (forwarded ? 3_000 : (this.options.ownerTimeoutMs ?? 30_000));
    for (;;) {
      const owned = this.owned.get(partition);
      if (owned !== undefined && !owned.revoked) {
        if (!owned.ready) await Promise.race([owned.whenReady, sleep(Math.max(0, deadline - Date.now()))]);
        if (owned.ready && !owned.revoked) {
          try {
            return await this.handleLocally(owned, request);
          } catch (error) {
            if (!(error instanceof NotOwnerError)) throw error;
          }
        }
      } else if (!forwarded) {
        const owner = await this.options.directory.ownerOf(this.options.topic, partition);
        if (owner !== undefined && owner !== this.options.address) {
          try {
            return await this.options.forward(owner, this.options.topic, request);
          } catch (error) {
            if (!(error instanceof NotOwnerError)) throw error;
          }
        }
      }
      if (Date.now() > deadline || this.stopped) {
        if (forwarded) throw new NotOwnerError(`${this.options.topic}:${partition} is not owned here`);
        throw new NotReadyError(
          'NOT_READY',
          `no writer for ${this.options.topic}:${partition} answered in time; retry`,
        );
      }
      await sleep(50);
    }
  }

  /**
   * Group commit: commands on one aggregate queue up while its previous group is being appended;
   * each group is decided command by command against the state the earlier ones left, and its
   * events go to Kafka in one transaction. Commands on other aggregates share transactions too
   * (the partition writer batches whatever is queued).
   */
  private handleLocally(
    owned: OwnedPartition<Command, State>,
    request: CommandRequest<Command>,
  ): Promise<CommandAnswer> {
    const timeoutMs = this.options.appendTimeoutMs ?? defaultAppendTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const answer = new Promise<CommandAnswer>((resolve, reject) => {
      const queued: Queued<Command> = { request, resolve, reject, decided: false, abandoned: false };
      // Kafka not taking appends (down, or its partition leader moving) must not hold the caller:
      // answered 503 within the bound. One not yet decided is dropped and never appended; one
      // already decided may still be committed, which the same Idempotency-Key finds on a retry.
      timer = setTimeout(() => {
        queued.abandoned = !queued.decided;
        const seconds = Math.round(timeoutMs / 1000);
        this.options.health?.failed(`an append did not commit within ${seconds} s`);
        reject(
          new LogUnavailableError(
            queued.decided
              ? `the event log did not confirm this change within ${seconds} s: it may still be saved; send it again with the same Idempotency-Key to find out`
              : `the event log is not taking changes (nothing was saved); retry in a few seconds`,
          ),
        );
      }, timeoutMs);
      timer.unref();
      const queue = owned.queues.get(request.aggregateId);
      if (queue !== undefined) {
        queue.push(queued);
        return;
      }
      owned.queues.set(request.aggregateId, [queued]);
      void this.drain(owned, request.aggregateId);
    });
    void answer.then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
    // A dry run that passes is a question, not a command decided (the command itself follows and is
    // counted); one that is refused is the request's outcome, and counted as such.
    return countOutcome(this.options.topic, request.command, answer, {
      countAccepted: request.dryRun !== true,
    });
  }

  /** Appends the aggregate's queued commands group by group until none is left. */
  private async drain(owned: OwnedPartition<Command, State>, aggregateId: string): Promise<void> {
    for (;;) {
      const group = owned.queues.get(aggregateId) ?? [];
      if (group.length === 0) {
        owned.queues.delete(aggregateId);
        return;
      }
      // Commands arriving from now on wait for the next group; those already answered 503 are dropped.
      owned.queues.set(aggregateId, []);
      const live = group.filter((queued) => !queued.abandoned);
      if (live.length === 0) continue;
      for (const queued of live) queued.decided = true;
      await this.decideAndAppend(owned, aggregateId, live).catch((error: unknown) => {
        for (const queued of live) queued.reject(error);
      });
    }
  }

  private async decideAndAppend(
    owned: OwnedPartition<Command, State>,
    aggregateId: string,
    group: ReadonlyArray<Queued<Command>>,
  ): Promise<void> {
    if (owned.revoked || owned.writer === undefined) throw new NotOwnerError('partition revoked');
    const committed = await owned.aggregates.get(aggregateId);
    // The state each command sees: the committed one, then what the group's earlier commands decided.
    let state = committed.state;
    let version = committed.version;
    let lastHash = committed.lastHash;
    /** Index (in `records`) of the group's last event so far; -1 while the group has none. */
    let lastRecord = -1;
    const records: OutgoingRecord[] = [];
    /** Per command: its answer once the group's positions are known (remembered if it appended), or its refusal. */
    const outcomes: Array<{ answer: Answering; remember: boolean } | { refusal: unknown }> = [];
    const keyed = new Map<string, Answering>();
    const answerAt =
      (at: number, atVersion: number): Answering =>
      (positions) => {
        const position = at >= 0 ? positions[at] : committed.lastPosition;
        return { id: aggregateId, version: atVersion, position: position ? formatPosition(position) : null };
      };

    for (const { request } of group) {
      const { idempotencyKey } = request;
      const key = idempotencyKey;
      const first = key === undefined ? undefined : committed.answers.get(key);
      if (first !== undefined) {
        outcomes.push({ answer: () => first, remember: false });
        continue;
      }
      const earlier = key === undefined ? undefined : keyed.get(key);
      if (earlier !== undefined) {
        outcomes.push({ answer: earlier, remember: false });
        continue;
      }
      try {
        if (request.expectedVersion !== undefined && request.expectedVersion !== version) {
          throw new DomainError(
            'VERSION_CONFLICT',
            `expected version ${request.expectedVersion} but ${aggregateId} is at version ${version}`,
          );
        }
        const events = this.options.decider.decide(request.command, state, {
          aggregateId,
          now: request.now,
          actor: request.actor,
        });
        if (request.dryRun === true) {
          const wouldReach = version + events.length;
          outcomes.push({
            answer: () => ({ id: aggregateId, version: wouldReach, position: null }),
            remember: false,
          });
          continue;
        }
        const mine: OutgoingRecord[] = [];
        let hash = lastHash;
        for (const [offset, event] of events.entries()) {
          const metadata: EventMetadata = {
            eventId: randomUUID(),
            aggregateId,
            aggregateVersion: version + offset + 1,
            correlationId: request.correlationId,
            causationId: request.causationId ?? null,
            actor: request.actor,
            occurredAt: request.now,
            prevHash: hash,
            idempotencyKey: idempotencyKey ?? null,
          };
          const value = await this.options.codec.encode(event.type, event.data);
          mine.push({ key: aggregateId, value, headers: encodeHeaders(event.type, metadata) });
          hash = eventHash(event.type, metadata, value);
        }
        // Decided and encoded: only now does the group's state move on.
        state = events.reduce(
          (folded: State, event: DomainEvent) => this.options.decider.evolve(folded, event),
          state,
        );
        version += events.length;
        lastHash = hash;
        records.push(...mine);
        lastRecord = records.length - 1;
        const answer = answerAt(lastRecord, version);
        outcomes.push({ answer, remember: key !== undefined && mine.length > 0 });
        if (key !== undefined && mine.length > 0) keyed.set(key, answer);
      } catch (error) {
        outcomes.push({ refusal: error });
      }
    }

    let positions: Position[] = [];
    if (records.length > 0) {
      try {
        positions = await owned.writer.append(records);
      } catch (error) {
        if (error instanceof WriterFencedError) {
          this.log(`${this.options.topic}:${owned.partition} was taken over by another instance`);
          this.release(owned);
          throw new NotOwnerError(error.message);
        }
        // Kafka went away or refused the transaction: the client is told to retry with the same key,
        // which finds the first answer should the commit have landed after all.
        throw new LogUnavailableError(
          `the event log did not take this change (${error instanceof Error ? error.message : String(error)}); send it again with the same Idempotency-Key`,
        );
      }
      const lastPosition = positions.at(-1) ?? null;
      owned.known = Math.max(owned.known, (lastPosition?.offset ?? -1) + 1);
      owned.aggregates.set(
        aggregateId,
        { state, version, lastHash, lastPosition, answers: committed.answers },
        positions[0]?.offset ?? 0,
        committed.version,
      );
    }
    // Answered only once the group is in the log: a refusal may rest on an earlier command's events.
    for (const [index, queued] of group.entries()) {
      const outcome = outcomes[index];
      if (outcome === undefined) continue;
      if ('refusal' in outcome) {
        queued.reject(outcome.refusal);
        continue;
      }
      const answer = outcome.answer(positions);
      const { idempotencyKey } = queued.request;
      if (outcome.remember && idempotencyKey !== undefined) committed.answers.set(idempotencyKey, answer);
      queued.resolve(answer);
    }
  }

  private fresh(): AggregateRecord<State> {
    return {
      state: this.options.decider.initialState,
      version: 0,
      lastHash: genesisHash,
      lastPosition: null,
      answers: new Map(),
    };
  }

  private async alreadyApplied(owned: OwnedPartition<Command, State>, headers: Headers): Promise<boolean> {
    const aggregateId = headers['aggregate-id']?.toString();
    const version = Number(headers['aggregate-version']?.toString());
    if (aggregateId === undefined || !Number.isInteger(version)) return false;
    const known = owned.aggregates.peek(aggregateId) ?? (await owned.aggregates.get(aggregateId));
    return version <= known.version;
  }

  /** Folds an event read from the log into its aggregate, unless it is already there (our own write). */
  private async hydrate(
    owned: OwnedPartition<Command, State>,
    event: RecordedEvent,
    value: Buffer,
  ): Promise<void> {
    const { aggregateId, aggregateVersion, idempotencyKey } = event.metadata;
    const aggregate = await owned.aggregates.get(aggregateId);
    if (aggregateVersion <= aggregate.version) return;
    if (aggregateVersion !== aggregate.version + 1) {
      this.log(`gap in ${aggregateId}: at version ${aggregate.version}, read ${aggregateVersion}`);
    }
    if (idempotencyKey !== null) {
      aggregate.answers.set(idempotencyKey, {
        id: aggregateId,
        version: aggregateVersion,
        position: formatPosition(event.position),
      });
    }
    const updated: AggregateRecord<State> = {
      state: this.options.decider.evolve(aggregate.state, event),
      version: aggregateVersion,
      lastHash: eventHash(event.type, event.metadata, value),
      lastPosition: event.position,
      answers: aggregate.answers,
    };
    owned.known = Math.max(owned.known, event.position.offset + 1);
    owned.aggregates.set(aggregateId, updated, event.position.offset, aggregate.version);
  }

  private assign(partitions: readonly number[]): void {
    for (const [partition, owned] of this.owned) {
      if (!partitions.includes(partition)) this.release(owned);
    }
    for (const partition of partitions) {
      const kept = this.owned.get(partition);
      if (kept !== undefined) {
        // A rebalance sends the group back to the partition's beginning (no committed offsets).
        if (kept.start !== undefined)
          this.consumer?.seek(this.options.topic, partition, Math.max(kept.start, kept.consumed));
        continue;
      }
      // Created before anything is awaited, so no batch of this partition is missed.
      let markReady: () => void = () => undefined;
      const whenReady = new Promise<void>((resolve) => (markReady = resolve));
      const owned: OwnedPartition<Command, State> = {
        partition,
        aggregates: new AggregateMemory<State>({
          partition,
          store: this.options.snapshots,
          budget: this.options.aggregateBudget ?? 10_000,
          snapshotEvery: this.options.snapshotEvery ?? 100,
          fresh: () => this.fresh(),
          onError: (error) =>
            this.log(
              `could not snapshot an aggregate of ${this.options.topic}:${partition}: ${String(error)}`,
            ),
        }),
        queues: new Map(),
        writer: undefined,
        start: undefined,
        consumed: 0,
        target: undefined,
        known: 0,
        flushing: false,
        ready: false,
        whenReady,
        markReady,
        revoked: false,
      };
      this.owned.set(partition, owned);
      // Not fetched until the snapshots' checkpoint says where to start.
      this.consumer?.pause(this.options.topic, partition);
      void this.acquire(owned).catch((error: unknown) => {
        this.log(`could not take ${this.options.topic}:${partition}: ${String(error)}`);
        this.release(owned);
      });
    }
  }

  private async acquire(owned: OwnedPartition<Command, State>): Promise<void> {
    // Fence the previous owner first: after this, nothing more can be committed behind our back.
    const writer = await PartitionWriter.open(
      this.options.kafka,
      this.options.topic,
      owned.partition,
      this.options.health,
    );
    if (owned.revoked) {
      await writer.close();
      return;
    }
    owned.writer = writer;
    // Read only the tail past the snapshots' checkpoint; the aggregates before it load on demand.
    const [start, ends] = await Promise.all([
      this.options.snapshots.checkpoint(owned.partition),
      endOffsets(this.options.kafka, [this.options.topic]),
    ]);
    owned.target = ends.get(`${this.options.topic}:${owned.partition}`) ?? 0;
    owned.start = Math.min(start, owned.target);
    owned.known = owned.target;
    owned.consumed = Math.max(owned.consumed, owned.start);
    if (owned.start > 0) this.consumer?.seek(this.options.topic, owned.partition, owned.start);
    this.consumer?.resume(this.options.topic, owned.partition);
    this.checkReady(owned);
    await this.options.directory.publish(this.options.topic, owned.partition, this.options.address);
  }

  private checkReady(owned: OwnedPartition<Command, State>): void {
    if (owned.ready || owned.revoked || owned.writer === undefined || owned.target === undefined) return;
    if (owned.consumed >= owned.target) {
      owned.ready = true;
      owned.markReady();
    }
  }

  private release(owned: OwnedPartition<Command, State>): void {
    owned.revoked = true;
    owned.ready = false;
    if (this.owned.get(owned.partition) === owned) this.owned.delete(owned.partition);
    void owned.writer?.close();
  }

  private log(message: string): void {
    (this.options.log ?? ((line: string) => process.stderr.write(`command-bus: ${line}\n`)))(message);
  }
}
