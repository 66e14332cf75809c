import type mongoose from 'mongoose';
import {
  ensureTopics,
  isPoison,
  readBatch,
  startConsumer,
  type EventCodec,
  type Kafka,
  type LogConsumer,
  type RecordedEvent,
} from '@engage/event-log';
import { ReadModels } from '../read-models.ts';
import type { CommandBus } from '../runtime/command-bus.ts';
import { DomainError } from '../runtime/decider.ts';
import type { ForgetDeletedFile } from '../shared/images.ts';

export interface FileDeletionsOptions {
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  readonly db: mongoose.Connection;
  readonly readModels: ReadModels;
  readonly topicPrefix: string;
  /** The buses of the aggregates that show files: users (avatar), initiatives (cover), posts (images). */
  readonly buses: {
    readonly users: CommandBus<ForgetDeletedFile, unknown>;
    readonly initiatives: CommandBus<ForgetDeletedFile, unknown>;
    readonly posts: CommandBus<ForgetDeletedFile, unknown>;
  };
  /** How long to wait for the read models that show files before trying the batch again. */
  readonly catchUpMs?: number;
  readonly sessionTimeoutMs?: number;
  readonly partitions?: number;
}

interface PolicyPosition {
  readonly _id: string;
  readonly next: number;
}

/**
 * A deleted file stops showing: for each `FileDeleted`, the profiles, initiatives and posts that
 * show the file are sent `ForgetDeletedFile`, and each records it in its own log
 * (`UserAvatarRemoved`, `InitiativeCoverRemoved`, `PostImageRemoved`). So every read model still
 * reads only its own topics, and a rebuild replays the removal after the image was set, whatever
 * the order it reads topics in. Who shows the file comes from the read models, once they hold
 * everything logged before the deletion was handled; replaying a deletion changes nothing (the
 * deciders decide no event for a file the aggregate no longer shows). Where each partition of
 * `files` was read to is kept in `policy_positions`.
 */
export class FileDeletionsPolicy {
  private consumer: LogConsumer | undefined;
  private readonly positions: mongoose.mongo.Collection<PolicyPosition>;
  private readonly options: FileDeletionsOptions;

  constructor(options: FileDeletionsOptions) {
    this.options = options;
    this.positions = options.db.collection<PolicyPosition>('policy_positions');
  }

  async start(): Promise<void> {
    const { kafka, topicPrefix } = this.options;
    const key = (topic: string, partition: number) => `file-deletions:${topic}:${partition}`;
    // The file service may not have started yet: its topic is made as it would make it.
    await ensureTopics(kafka, [`${topicPrefix}files`], this.options.partitions);
    this.consumer = await startConsumer(kafka, {
      groupId: `${topicPrefix}command-services-file-deletions`,
      topics: [`${topicPrefix}files`],
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      startAt: async (topic, partition) =>
        (await this.positions.findOne({ _id: key(topic, partition) }))?.next,
      onBatch: async (batch) => {
        for (const event of await readBatch(this.options.codec, batch)) {
          // Poison is the projectors' to report (dead letters); this policy only acts on deletions.
          if (!isPoison(event) && event.type === 'FileDeleted') await this.forget(event);
        }
        const last = batch.records.at(-1);
        if (last === undefined) return;
        await this.positions.updateOne(
          { _id: key(batch.topic, batch.partition) },
          { $set: { next: last.offset + 1 } },
          { upsert: true },
        );
      },
    });
  }

  private async forget(event: Extract<RecordedEvent, { type: 'FileDeleted' }>): Promise<void> {
    const { readModels, buses } = this.options;
    const { fileId, deletedBy } = event.data;
    const names = ReadModels.showingFiles;
    // A profile, initiative or post set moments before the deletion must be seen to be found.
    if (!(await readModels.caughtUp(names, this.options.catchUpMs ?? 10_000)))
      throw new Error(`read models ${names.join(', ')} lag behind the log; ${fileId} is tried again`);
    const showing = await readModels.showing(fileId);
    const send = (bus: CommandBus<ForgetDeletedFile, unknown>, aggregateId: string) =>
      bus
        .handle({
          aggregateId,
          command: { type: 'ForgetDeletedFile', data: { fileId } },
          actor: event.metadata.actor ?? deletedBy,
          correlationId: event.metadata.correlationId,
          causationId: event.metadata.eventId,
          now: Date.now(),
        })
        // The aggregate refuses (gone since the read model saw it): there is nothing left to forget.
        .catch((error: unknown) => {
          if (!(error instanceof DomainError)) throw error;
        });
    await Promise.all([
      ...showing.users.map((id) => send(buses.users, id)),
      ...showing.initiatives.map((id) => send(buses.initiatives, id)),
      ...showing.posts.map((id) => send(buses.posts, id)),
    ]);
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
