// The edges of the API, through HTTP on real Kafka, registry and MongoDB: reused Idempotency-Keys,
// positions that name nothing or are not reached in time.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createKafka, endOffsets } from '@engage/event-log';
import { startSystem, type System } from './system.ts';

const admin = { email: 'edges.admin@example.com', password: 'the admin passphrase, long' };

describe('the edges of the API', () => {
  let system: System;
  let adminToken: string;
  const kafka = createKafka(process.env['KAFKA_BROKERS'] ?? '', 'edges-offsets');
  /** Every event ever appended, per partition of the system's topics. */
  const appended = async (): Promise<Record<string, number>> => {
    const topics = ['catalogs', 'posts', 'users'].map((topic) => `${system.prefix}${topic}`);
    return Object.fromEntries(await endOffsets(kafka, topics));
  };
  const read = async (url: string) => {
    const answer = await system.queries.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${adminToken}` },
    });
    return {
      status: answer.statusCode,
      headers: answer.headers,
      body: answer.json<Record<string, unknown>>(),
    };
  };

  beforeAll(async () => {
    system = await startSystem(admin);
    adminToken = await system.signIn(admin.email, admin.password, 'catalogs:manage');
  }, 120_000);

  afterAll(async () => {
    await (system as System | undefined)?.stop();
  });

  describe('Idempotency-Key', () => {
    it('returns the first answer to the same request, and refuses the key with another body, route or user, appending nothing', async () => {
      const key = randomUUID();
      const kind = { name: `Helpful ${key.slice(0, 6)}` };
      const first = await system.command('POST', '/kudos-kinds', adminToken, kind, {
        'idempotency-key': key,
      });
      expect(first.status).toBe(201);
      const before = await appended();
      const again = await system.command('POST', '/kudos-kinds', adminToken, kind, {
        'idempotency-key': key,
      });
      expect(again).toEqual(first);

      const member = await system.person('Mona', 'posts:write');
      const reused = await Promise.all([
        system.command('POST', '/kudos-kinds', adminToken, { name: 'Another' }, { 'idempotency-key': key }),
        system.command('POST', '/statuses', adminToken, kind, { 'idempotency-key': key }),
        system.command('POST', '/posts', member.token, { text: 'hello' }, { 'idempotency-key': key }),
      ]);
      for (const answer of reused)
        expect(answer).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
      // The member was registered in between: compare the other topics only.
      const after = await appended();
      for (const [partition, end] of Object.entries(before))
        if (!partition.includes('-users:')) expect(after[partition]).toBe(end);
    });

    it('gives a key back when its first request was refused, so the corrected request can use it', async () => {
      const key = randomUUID();
      const refused = await system.command(
        'POST',
        '/users',
        adminToken,
        { email: 'not an address', password: 'an ordinary passphrase 42', firstName: 'A', lastName: 'B' },
        { 'idempotency-key': key },
      );
      expect(refused.status).toBe(400);
      const corrected = await system.command(
        'POST',
        '/users',
        adminToken,
        {
          email: `corrected-${key}@example.com`,
          password: 'an ordinary passphrase 42',
          firstName: 'A',
          lastName: 'B',
        },
        { 'idempotency-key': key },
      );
      expect(corrected.status).toBe(201);
    });
  });

  describe('consistentWith', () => {
    it('refuses a position naming a topic or partition that does not exist with 400 INVALID_POSITION', async () => {
      const me = `/users/me?consistentWith=`;
      for (const position of ['nonsense', 'no-such-topic:0:1', `${system.prefix}users:99:0`]) {
        const answer = await read(`${me}${encodeURIComponent(position)}`);
        expect(answer).toMatchObject({ status: 400, body: { code: 'INVALID_POSITION' } });
        expect(String(answer.body['message'])).toContain(position);
      }
    });

    it('answers 503 with Retry-After, never stale data, for a position not reached in time', async () => {
      const answer = await read(`/users/me?consistentWith=${system.prefix}users:0:999999999`);
      expect(answer).toMatchObject({ status: 503, body: { code: 'POSITION_NOT_REACHED' } });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    }, 30_000);
  });
});
