// Kafka killed with SIGKILL and restarted 10 s later under a steady load of posts, with the whole
// back end running on a broker of the test's own. Clients behave as a browser tab does: each post
// keeps its Idempotency-Key across retries and is sent again after a 503 or a lost connection.
// It checks what an operator would: no acknowledged post lost, none written twice, every request
// during the outage answered (503 with Retry-After) within the bound instead of hanging, /health
// saying so, and every partition taking posts again soon after the broker answers.
// `npm test -- test/faults/kafka-restart` prints the figures it measured.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createKafka, decodeHeaders, parsePosition, readToEnd } from '@engage/event-log';
import { endpointsOf, kill, stackConfig, upOne, type StackConfig } from '@engage/stack';
import { startSystem, type System } from '../slices/system.ts';
import { bounded, freePort } from './bounds.ts';

const admin = { email: 'faults.kafka@example.com', password: 'the admin passphrase, long' };
/** What the issue asks of a command while Kafka is away: an answer within about 5 s. */
const answerBoundMs = 5_000;
/** A client gives up on a request after this long (a request that hangs shows as one that took it). */
const clientTimeoutMs = 30_000;

interface Attempt {
  readonly startedAt: number;
  readonly ms: number;
  readonly status: number;
  readonly code: string;
  readonly retryAfter: string | null;
}

describe('Kafka killed and restarted mid-stream', () => {
  let config: StackConfig;
  let system: System;

  beforeAll(async () => {
    // A broker of this test's own: the shared one must never be killed.
    config = stackConfig({
      ...process.env,
      STACK_NAME: 'faults-kafka',
      STACK_DIR: mkdtempSync(join(tmpdir(), 'engage-fault-kafka-')),
      KAFKA_PORT: String(await freePort()),
      KAFKA_CONTROLLER_PORT: String(await freePort()),
    });
    await upOne(config, 'kafka');
    system = await startSystem(admin, { kafkaBrokers: endpointsOf(config).kafkaBrokers });
  }, 240_000);

  afterAll(async () => {
    await (system as System | undefined)?.stop();
    await kill(config, 'kafka');
    rmSync(config.dir, { recursive: true, force: true });
  });

  it('loses and doubles nothing, answers 503 within the bound during the outage, and takes posts on every partition after', async () => {
    const poster = await system.person('Poster');
    const topic = `${system.prefix}posts`;
    const health = async () => (await fetch(`${system.commands.address}/health`)).status;
    expect(await health()).toBe(200);

    const attempts: Attempt[] = [];
    /** Acknowledged posts: id, the key they were sent with, the partition and when. */
    const acknowledged: Array<{ id: string; key: string; partition: number; at: number }> = [];
    let writing = true;
    const send = async (
      key: string,
      text: string,
    ): Promise<Attempt & { id?: string; partition?: number }> => {
      const startedAt = Date.now();
      try {
        const response = await fetch(`${system.commands.address}/posts`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${poster.token}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body: JSON.stringify({ text }),
          signal: AbortSignal.timeout(clientTimeoutMs),
        });
        const body = (await response.json()) as Record<string, unknown>;
        const position = typeof body['position'] === 'string' ? parsePosition(body['position']) : undefined;
        return {
          startedAt,
          ms: Date.now() - startedAt,
          status: response.status,
          code: typeof body['code'] === 'string' ? body['code'] : '',
          retryAfter: response.headers.get('retry-after'),
          ...(response.status === 201
            ? { id: String(body['id']), partition: position?.partition ?? -1 }
            : {}),
        };
      } catch (error) {
        return { startedAt, ms: Date.now() - startedAt, status: 0, code: String(error), retryAfter: null };
      }
    };
    // Four tabs, each posting one post after another; a post is sent until it is acknowledged.
    const tabs = Array.from({ length: 4 }, async (_, tab) => {
      for (let n = 0; writing; n += 1) {
        const key = randomUUID();
        for (;;) {
          const attempt = await send(key, `Tab ${tab}, post ${n}`);
          attempts.push(attempt);
          if (attempt.status === 201 && attempt.id !== undefined) {
            acknowledged.push({ id: attempt.id, key, partition: attempt.partition ?? -1, at: Date.now() });
            break;
          }
          if (attempt.status !== 503 && attempt.status !== 0)
            throw new Error(`POST /posts answered ${attempt.status} ${attempt.code}`);
          await sleep(attempt.retryAfter === null ? 1_000 : 500);
        }
        await sleep(20);
      }
    });
    const atLeast = (count: number) =>
      bounded(
        (async () => {
          while (acknowledged.length < count) await sleep(50);
        })(),
        120_000,
        `${count} acknowledged posts`,
      );

    await atLeast(20);
    expect(await kill(config, 'kafka')).toBe(true);
    const killedAt = Date.now();
    const acknowledgedBefore = acknowledged.length;
    await sleep(10_000);
    const healthDuringOutage = await health();
    await upOne(config, 'kafka');
    const brokerBackAt = Date.now();

    // Every partition of the topic takes a post again.
    const partitions = [0, 1, 2];
    const firstAfter = new Map<number, number>();
    await bounded(
      (async () => {
        while (firstAfter.size < partitions.length) {
          for (const { partition, at } of acknowledged)
            if (at >= brokerBackAt && !firstAfter.has(partition))
              firstAfter.set(partition, at - brokerBackAt);
          await sleep(100);
        }
      })(),
      120_000,
      'a post acknowledged on every partition after the restart',
    );
    await atLeast(acknowledged.length + 20);
    writing = false;
    await Promise.all(tabs);
    const healthAfter = await health();

    // The log holds every acknowledged post once, and no Idempotency-Key created two posts.
    const kafka = createKafka(endpointsOf(config).kafkaBrokers, 'fault-kafka-check');
    const created = new Map<string, number>();
    const keys = new Map<string, Set<string>>();
    await readToEnd(kafka, [topic], (_topic, _partition, record) => {
      const { type, metadata } = decodeHeaders(record.headers);
      if (type !== 'PostCreated') return;
      created.set(metadata.aggregateId, (created.get(metadata.aggregateId) ?? 0) + 1);
      if (metadata.idempotencyKey !== null)
        keys.set(
          metadata.idempotencyKey,
          (keys.get(metadata.idempotencyKey) ?? new Set()).add(metadata.aggregateId),
        );
    });
    const lost = acknowledged.filter(({ id }) => !created.has(id));
    const doubled = [...created].filter(([, count]) => count > 1);
    const keyTwice = [...keys].filter(([, ids]) => ids.size > 1);
    expect({ lost, doubled, keyTwice }).toEqual({ lost: [], doubled: [], keyTwice: [] });

    // While the broker was away: every request answered within the bound (with some slack for a
    // loaded machine), refused with 503 and when to retry; /health said the log was unavailable.
    const during = attempts.filter(
      ({ startedAt }) => startedAt >= killedAt + 1_000 && startedAt < brokerBackAt,
    );
    const refusals = during.filter(({ status }) => status !== 201);
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.filter(({ status, retryAfter }) => status !== 503 || retryAfter === null)).toEqual([]);
    const slowest = Math.max(...during.map(({ ms }) => ms));
    expect(slowest).toBeLessThanOrEqual(answerBoundMs + 3_000);
    expect(healthDuringOutage).toBe(503);
    expect(healthAfter).toBe(200);

    const codes = new Map<string, number>();
    for (const { status, code } of refusals)
      codes.set(`${status} ${code}`, (codes.get(`${status} ${code}`) ?? 0) + 1);
    const recovery = Math.max(...firstAfter.values());
    process.stderr.write(
      `\nfault kafka kill -9 (10 s down): acknowledged ${acknowledged.length} (${acknowledgedBefore} before the kill), ` +
        `lost ${lost.length}, duplicated ${doubled.length}; during the outage ${during.length} requests, ` +
        `slowest answer ${slowest} ms, refused ${JSON.stringify(Object.fromEntries(codes))}; ` +
        `every partition took posts again ${recovery} ms after the broker answered ` +
        `(${[...firstAfter].map(([partition, ms]) => `${partition}: ${ms} ms`).join(', ')})\n`,
    );
    // The issue asks for 5 s; measured figures are printed above. A loaded CI machine gets twice that.
    expect(recovery).toBeLessThanOrEqual(10_000);
  }, 420_000);
});
