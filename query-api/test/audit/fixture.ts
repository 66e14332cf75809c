// The query API over a topic prefix and database of its own, an audit-log projector, and a way to
// write events straight to the log (in a chain, or tampered with), for the auditor route tests.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import mongoose from 'mongoose';
import type { Admin } from 'kafkajs';
import { builtInRoles, issueAccessToken, KeyStore } from '@engage/auth';
import {
  createKafka,
  encodeHeaders,
  ensureTopics,
  EventCodec,
  eventHash,
  genesisHash,
  partitionOf,
  type DomainEvent,
  type EventMetadata,
  type Kafka,
} from '@engage/event-log';
import { projections, Projector } from '@engage/projectors';
import { buildApp } from '../../src/app.ts';
import { configFromEnv } from '../../src/config.ts';

export const partitions = 3;

/** One event to write, with the metadata a test cares about. */
export interface Fact {
  readonly aggregateId: string;
  readonly event: DomainEvent;
  readonly occurredAt: number;
  readonly actor?: string;
  readonly causationId?: string;
}

/** A record ready for the log, with what went into it. */
export interface ChainedRecord {
  readonly partition: number;
  readonly key: string;
  value: Buffer;
  headers: Record<string, string>;
  readonly metadata: EventMetadata;
  readonly type: DomainEvent['type'];
}

export interface AuditFixture {
  readonly prefix: string;
  readonly db: mongoose.Connection;
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  readonly app: FastifyInstance;
  token(roles: ReadonlyArray<keyof typeof builtInRoles>, sub?: string): Promise<string>;
  /** Records for `facts` with versions and the hash chain as a command service makes them. */
  chain(topic: string, facts: readonly Fact[]): Promise<ChainedRecord[]>;
  /** Writes records to `<prefix><topic>` as they are, in order, each to its partition; their positions. */
  write(topic: string, records: readonly ChainedRecord[]): Promise<string[]>;
  /** Starts the audit-log projector (it keeps running until stop). */
  project(): Promise<Projector>;
  get(url: string, token: string): Promise<{ status: number; body: Record<string, unknown>; text: string }>;
  stop(): Promise<void>;
}

export async function startAuditFixture(): Promise<AuditFixture> {
  const prefix = `a${randomUUID().slice(0, 8)}-`;
  const database = `audit_${prefix.replaceAll('-', '')}`;
  const config = { ...configFromEnv(), mongoDatabase: database, topicPrefix: prefix, pusher: false };
  const db = await mongoose.createConnection(config.mongoUrl, { dbName: database }).asPromise();
  const kafka = createKafka(config.kafkaBrokers, 'audit-test');
  const codec = await EventCodec.create(config.schemaRegistryUrl);
  const app = await buildApp(config);
  const keys = new KeyStore(db);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const projectors: Projector[] = [];
  const chains = new Map<string, { version: number; hash: string }>();

  const fixture: AuditFixture = {
    prefix,
    db,
    kafka,
    codec,
    app,
    async token(roles, sub = randomUUID()) {
      const permissions = [...new Set(roles.flatMap((role) => builtInRoles[role].permissions))];
      return issueAccessToken(await keys.current(), { sub, roles, permissions }, config.tokens);
    },
    async chain(topic, facts) {
      const records: ChainedRecord[] = [];
      for (const fact of facts) {
        const chainKey = `${topic}/${fact.aggregateId}`;
        const previous = chains.get(chainKey) ?? { version: 0, hash: genesisHash };
        const metadata: EventMetadata = {
          eventId: randomUUID(),
          aggregateId: fact.aggregateId,
          aggregateVersion: previous.version + 1,
          correlationId: randomUUID(),
          causationId: fact.causationId ?? null,
          actor: fact.actor ?? null,
          occurredAt: fact.occurredAt,
          prevHash: previous.hash,
          idempotencyKey: null,
        };
        const value = await codec.encode(fact.event.type, fact.event.data);
        chains.set(chainKey, {
          version: metadata.aggregateVersion,
          hash: eventHash(fact.event.type, metadata, value),
        });
        records.push({
          partition: partitionOf(`${prefix}${topic}`, fact.aggregateId, partitions),
          key: fact.aggregateId,
          value,
          headers: encodeHeaders(fact.event.type, metadata),
          metadata,
          type: fact.event.type,
        });
      }
      return records;
    },
    async write(topic, records) {
      await ensureTopics(kafka, [`${prefix}${topic}`], partitions);
      const positions: string[] = [];
      for (const record of records) {
        const [sent] = await producer.send({
          topic: `${prefix}${topic}`,
          acks: -1,
          messages: [
            { partition: record.partition, key: record.key, value: record.value, headers: record.headers },
          ],
        });
        positions.push(`${prefix}${topic}:${record.partition}:${String(sent?.baseOffset)}`);
      }
      return positions;
    },
    async project() {
      const projection = projections.find((candidate) => candidate.name === 'audit-log');
      if (projection === undefined) throw new Error('no audit-log projection');
      const projector = new Projector({ kafka, codec, db, projection, topicPrefix: prefix });
      await projector.start();
      projectors.push(projector);
      return projector;
    },
    async get(url, token) {
      const response = await app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${token}` },
      });
      let body: Record<string, unknown> = {};
      try {
        body = response.json<Record<string, unknown>>();
      } catch {
        // not JSON (an export)
      }
      return { status: response.statusCode, body, text: response.body };
    },
    async stop() {
      await app.close();
      await Promise.all(projectors.map((projector) => projector.stop()));
      await producer.disconnect();
      await db.dropDatabase();
      await db.close();
    },
  };
  return fixture;
}

/** A topic's offsets; a topic just created may not have its leader yet (a retriable error). */
async function topicOffsets(admin: Admin, topic: string): ReturnType<Admin['fetchTopicOffsets']> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The position (`topic:partition:offset`) a projection must reach: the ends of `topics` now. */
export async function logEnd(fixture: AuditFixture, topics: readonly string[]): Promise<Map<string, number>> {
  const admin = fixture.kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, number>();
    for (const topic of topics)
      for (const { partition, high } of await topicOffsets(admin, `${fixture.prefix}${topic}`))
        ends.set(`${fixture.prefix}${topic}:${partition}`, Number(high));
    return ends;
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the audit-log projection has applied everything now in its topics. */
export async function projected(fixture: AuditFixture): Promise<void> {
  const ends = await logEnd(fixture, ['kudos', 'user-status']);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const checkpoint =
      (
        await fixture.db
          .collection<{ _id: string; positions: Record<string, number> }>('projection_checkpoints')
          .findOne({ _id: 'audit-log@2' })
      )?.positions ?? {};
    if ([...ends].every(([partition, end]) => (checkpoint[partition] ?? 0) >= end)) return;
    if (Date.now() > deadline) throw new Error('the audit log did not catch up in 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
