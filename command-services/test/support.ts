import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createKafka,
  EventCodec,
  isPoison,
  readBatch,
  startConsumer,
  endOffsets,
  type RecordedEvent,
} from '@engage/event-log';
import {
  startCommandService,
  type CommandServiceConfig,
  type RunningCommandService,
} from '../src/service.ts';
import type { CommandRequest } from '../src/runtime/command-bus.ts';
import type { KudosKindCommand } from '../src/kudos-kinds/decider.ts';

export const internalToken = 'test-internal-token';

export function testConfig(
  topicPrefix: string,
  overrides: Partial<CommandServiceConfig> = {},
): CommandServiceConfig {
  return {
    kafkaBrokers: process.env['KAFKA_BROKERS'] ?? '',
    schemaRegistryUrl: process.env['SCHEMA_REGISTRY_URL'] ?? '',
    mongoUrl: process.env['MONGO_URL'] ?? '',
    mongoDatabase: `cmd_${topicPrefix.replaceAll(/[^a-z0-9]/gi, '_')}`,
    host: '127.0.0.1',
    port: 0,
    internalToken,
    topicPrefix,
    partitions: 3,
    sessionTimeoutMs: 6_000,
    ...overrides,
  };
}

/** A kudos kind created, or renamed, with a fixed description. */
export const create = (name: string): KudosKindCommand => ({
  type: 'CreateKudosKind',
  data: { name, description: 'value' },
});
export const rename = (name: string): KudosKindCommand => ({
  type: 'UpdateKudosKind',
  data: { name, description: 'value' },
});

export const newPrefix = (): string => `t${randomUUID().slice(0, 8)}-`;

/** Waits until the given instances together own and have hydrated every partition. */
export async function waitForOwnership(
  addresses: readonly string[],
  topic: string,
  partitions: number,
  timeoutMs = 60_000,
  eachOwnsSome = false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const owned = new Set<number>();
    let everyoneOwns = true;
    for (const address of addresses) {
      const response = await fetch(`${address}/internal/ownership`, {
        headers: { 'x-internal-token': internalToken },
      }).catch(() => undefined);
      const mine = response?.ok ? (((await response.json()) as Record<string, number[]>)[topic] ?? []) : [];
      if (mine.length === 0) everyoneOwns = false;
      for (const partition of mine) owned.add(partition);
    }
    if (owned.size === partitions && (everyoneOwns || !eachOwnsSome)) return;
    if (Date.now() > deadline)
      throw new Error(`only partitions ${[...owned].join(',')} of ${topic} are owned`);
    await sleep(200);
  }
}

export async function startInProcess(config: CommandServiceConfig): Promise<RunningCommandService> {
  const service = await startCommandService(config);
  await waitForOwnership([service.address], `${config.topicPrefix ?? ''}catalogs`, config.partitions ?? 6);
  return service;
}

export function request(
  aggregateId: string,
  command: KudosKindCommand,
  extra: Partial<CommandRequest<KudosKindCommand>> = {},
): CommandRequest<KudosKindCommand> {
  return { aggregateId, command, actor: 'admin', correlationId: randomUUID(), now: Date.now(), ...extra };
}

/** Sends a command over HTTP to one instance's internal route; answers the status and body. */
export async function send(
  address: string,
  topic: string,
  body: CommandRequest<KudosKindCommand>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${address}/internal/commands/${topic}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-internal-token': internalToken },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Every event in a topic, read back from Kafka, in partition and offset order. */
export async function readTopic(topic: string): Promise<RecordedEvent[]> {
  const kafka = createKafka(process.env['KAFKA_BROKERS'] ?? '', 'test-reader');
  const codec = await EventCodec.create(process.env['SCHEMA_REGISTRY_URL'] ?? '');
  const ends = await endOffsets(kafka, [topic]);
  const reached = new Map<number, number>();
  const events: RecordedEvent[] = [];
  const caughtUp = (): boolean =>
    [...ends].every(([key, end]) => (reached.get(Number(key.split(':').at(-1))) ?? 0) >= end);
  if (caughtUp()) return events;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const consumer = await startConsumer(kafka, {
    groupId: `reader-${randomUUID()}`,
    topics: [topic],
    onBatch: async (batch) => {
      for (const event of await readBatch(codec, batch)) if (!isPoison(event)) events.push(event);
    },
    onProgress: (_topic, partition, next) => {
      reached.set(partition, Math.max(reached.get(partition) ?? 0, next));
      if (caughtUp()) done();
    },
  });
  await finished;
  await consumer.stop();
  return events.sort(
    (a, b) => a.position.partition - b.position.partition || a.position.offset - b.position.offset,
  );
}

/** The versions of each aggregate in log order. */
export function versionsByAggregate(events: readonly RecordedEvent[]): Map<string, number[]> {
  const versions = new Map<string, number[]>();
  for (const event of events) {
    const list = versions.get(event.metadata.aggregateId) ?? [];
    list.push(event.metadata.aggregateVersion);
    versions.set(event.metadata.aggregateId, list);
  }
  return versions;
}

export interface InstanceProcess {
  readonly address: string;
  readonly child: ChildProcess;
}

/** Starts an instance as a separate Node process. */
export async function spawnInstance(config: CommandServiceConfig): Promise<InstanceProcess> {
  const child = spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', join(import.meta.dirname, 'fixtures', 'instance.ts')],
    {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        KAFKA_BROKERS: config.kafkaBrokers,
        SCHEMA_REGISTRY_URL: config.schemaRegistryUrl,
        MONGO_URL: config.mongoUrl,
        MONGO_DB: config.mongoDatabase,
        INTERNAL_TOKEN: config.internalToken,
        TOPIC_PREFIX: config.topicPrefix ?? '',
        KAFKA_PARTITIONS: String(config.partitions ?? 6),
        KAFKA_SESSION_TIMEOUT_MS: String(config.sessionTimeoutMs ?? 10_000),
        SNAPSHOT_EVERY: String(config.snapshots?.snapshotEvery ?? ''),
        SNAPSHOT_INTERVAL_MS: String(config.snapshots?.snapshotIntervalMs ?? ''),
        AGGREGATE_BUDGET: String(config.snapshots?.aggregateBudget ?? ''),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const address = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"listening":"([^"]+)"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`instance exited with ${code} before listening`)));
  });
  return { address, child };
}
