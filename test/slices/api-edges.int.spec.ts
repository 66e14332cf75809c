// The edges of the API, through HTTP on real Kafka, registry and MongoDB: reused Idempotency-Keys,
// positions that name nothing or are not reached in time.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createKafka, endOffsets } from '@engage/event-log';
import { projections, switchActiveVersion } from '@engage/projectors';
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
  /** The admin's user id, from their token. */
  const adminId = (): string =>
    (JSON.parse(Buffer.from(adminToken.split('.')[1] ?? '', 'base64url').toString()) as { sub: string }).sub;

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

  describe('lists', () => {
    /** Every item of a list, a page of one at a time; and how many pages it took. */
    const walk = async (path: string, token: string) => {
      const items: unknown[] = [];
      let pages = 0;
      let cursor: string | null = null;
      do {
        const separator = path.includes('?') ? '&' : '?';
        const url: string = `${path}${separator}limit=1${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
        const answer = await system.query(url, token);
        expect(answer.status).toBe(200);
        const page = answer.body['items'] as unknown[];
        expect(page.length).toBeLessThanOrEqual(1);
        items.push(...page);
        pages += 1;
        cursor = (answer.body['next'] as string | null | undefined) ?? null;
      } while (cursor !== null && pages < 1000);
      return { items, pages };
    };
    /** Walks `path` until it holds at least `count` items (lists may trail the log by moments). */
    const walkTo = async (path: string, token: string, count: number) => {
      for (let tries = 0; ; tries += 1) {
        const walked = await walk(path, token);
        if (walked.items.length >= count || tries >= 50) return walked;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    it('pages every list with limit and cursor past its first page, to the end', async () => {
      const ok = (answer: { status: number }) => expect([200, 201]).toContain(answer.status);
      const suffix = randomUUID().slice(0, 6);
      for (const path of ['/kudos-kinds', '/statuses', '/genders'])
        for (const name of [`Alpha ${suffix}`, `Beta ${suffix}`])
          ok(
            await system.command(
              'POST',
              path,
              adminToken,
              path === '/genders' ? { name } : { name, description: '' },
            ),
          );
      const giver = await system.person('Gil', 'kudos:give');
      const rae = await system.person('Rae', 'posts:write');
      const sam = await system.person('Sam', 'posts:write');
      const kinds = await walkTo('/kudos-kinds', adminToken, 2);
      const kind = (kinds.items[0] as { id: string }).id;
      for (const to of [rae.id, rae.id, sam.id])
        ok(await system.command('POST', '/kudos', giver.token, { to, kind, reason: 'paging' }));
      const statuses = await walkTo('/statuses', adminToken, 2);
      for (const status of statuses.items.slice(0, 2))
        ok(
          await system.command('POST', `/users/${rae.id}/status`, adminToken, {
            status: (status as { id: string }).id,
            reason: 'paging',
          }),
        );
      for (const name of ['One', 'Two'])
        ok(
          await system.command('POST', '/initiatives', rae.token, {
            name: `${name} ${suffix}`,
            description: 'paging',
            visibility: 'public',
          }),
        );
      const post = await system.command('POST', '/posts', rae.token, { text: 'first' });
      ok(post);
      ok(await system.command('POST', '/posts', rae.token, { text: 'second' }));
      const postId = String(post.body['id']);
      for (const text of ['a', 'b'])
        ok(await system.command('POST', `/posts/${postId}/comments`, sam.token, { text }));
      const auditor = await system.command('POST', `/users/${giver.id}/roles`, adminToken, {
        role: 'auditor',
      });
      ok(auditor);
      const audit = await system.signIn('gil@example.com', 'an ordinary passphrase 42', 'audit:read');

      const lists: Array<[string, string, number]> = [
        ['/kudos-kinds', adminToken, 2],
        ['/statuses', adminToken, 2],
        ['/genders', adminToken, 2],
        ['/roles', adminToken, 2],
        ['/users', adminToken, 4],
        [`/users/${rae.id}/kudos?direction=received`, adminToken, 2],
        ['/kudos', adminToken, 3],
        ['/leaderboard?period=all', adminToken, 2],
        [`/users/${rae.id}/status-history`, adminToken, 2],
        ['/audit/events', audit, 5],
        ['/initiatives', adminToken, 2],
        ['/feed', adminToken, 2],
        [`/posts/${postId}/comments`, adminToken, 2],
        ['/notifications', rae.token, 2],
      ];
      for (const [path, token, count] of lists) {
        const { items, pages } = await walkTo(path, token, count);
        expect({ path, enough: items.length >= count, pages: pages >= count }).toEqual({
          path,
          enough: true,
          pages: true,
        });
        // No item twice: each page starts after the one before.
        expect(new Set(items.map((item) => JSON.stringify(item))).size).toBe(items.length);
      }
      // The comments of a post page the same way inside the post.
      const first = await system.query(`/posts/${postId}?limit=1`, adminToken);
      const comments = first.body['comments'] as { items: unknown[]; next: string | null };
      expect(comments.items).toHaveLength(1);
      expect(comments.next).not.toBeNull();
    }, 120_000);
  });

  describe('text fields', () => {
    it('refuses control characters and lone surrogates naming the field, appending nothing', async () => {
      const before = await appended();
      const answers = await Promise.all([
        system.command('POST', '/kudos-kinds', adminToken, { name: 'Bell\u0007', description: '' }),
        system.command('POST', '/statuses', adminToken, { name: 'Two\nlines', description: '' }),
        system.command('POST', '/statuses', adminToken, { name: 'Broken \ud800', description: '' }),
        system.command('POST', '/statuses', adminToken, {
          name: 'Fine',
          description: 'tab\there, null\u0000',
        }),
      ]);
      expect(answers.map((answer) => [answer.status, answer.body['field']])).toEqual([
        [400, 'name'],
        [400, 'name'],
        [400, 'name'],
        [400, 'description'],
      ]);
      expect(String(answers[0]?.body['message'])).toContain('U+0007');
      expect(await appended()).toEqual(before);
    });

    it('keeps newlines and tabs in long texts, and stores texts in NFC, trimmed', async () => {
      const author = await system.person('Noa', 'posts:write');
      const post = await system.command('POST', '/posts', author.token, { text: '  line one\n\tline two  ' });
      expect(post.status).toBe(201);
      const status = await system.command('POST', '/statuses', adminToken, {
        name: '  Cafe\u0301 break ',
        description: '',
      });
      expect(status.status).toBe(201);
      const read = await system.query(`/posts/${String(post.body['id'])}`, author.token);
      expect(read.body['text']).toBe('line one\n\tline two');
      const statuses = await system.query(
        `/statuses?limit=100&consistentWith=${String(status.body['position'])}`,
        adminToken,
      );
      const names = (statuses.body['items'] as Array<{ name: string }>).map((entry) => entry.name);
      expect(names).toContain('Caf\u00e9 break');
    });

    it('keeps emails unique regardless of case and Unicode form', async () => {
      const local = `a${randomUUID().slice(0, 6)}`;
      const person = (email: string) =>
        system.command('POST', '/users', adminToken, {
          email,
          password: 'an ordinary passphrase 42',
          firstName: 'Asa',
          lastName: 'Unique',
        });
      expect((await person(`${local}\u00c5@example.com`)).status).toBe(201);
      const again = await person(`${local.toUpperCase()}a\u030a@EXAMPLE.com`);
      expect(again).toMatchObject({ status: 409, body: { code: 'EMAIL_TAKEN' } });
    });
  });

  describe('consistentWith', () => {
    it('refuses a position naming a topic or partition that does not exist with 400 INVALID_POSITION', async () => {
      const me = `/users/me?consistentWith=`;
      // The last: past the partition's end, a position nothing was ever written at (no read model
      // would ever apply it: it used to be waited for until 503, again at each retry).
      const invalid = [
        'nonsense',
        'no-such-topic:0:1',
        `${system.prefix}users:99:0`,
        `${system.prefix}users:0:999999999`,
      ];
      for (const position of invalid) {
        const answer = await read(`${me}${encodeURIComponent(position)}`);
        expect(answer).toMatchObject({ status: 400, body: { code: 'INVALID_POSITION' } });
        expect(String(answer.body['message'])).toContain(position);
      }
    });

    it('answers 503 with Retry-After, never stale data, for a position not reached in time', async () => {
      const written = await system.command('PATCH', `/users/${adminId()}`, adminToken, {
        bio: `edges ${randomUUID()}`,
      });
      expect(written.status).toBe(200);
      // Reads served from a version of the read model no projector keeps: it never gets there.
      await switchActiveVersion(system.db, 'user-profile', 99);
      try {
        await new Promise((resolve) => setTimeout(resolve, 1_000)); // the readers' cached pointer
        const answer = await read(`/users/me?consistentWith=${String(written.body['position'])}`);
        expect(answer).toMatchObject({ status: 503, body: { code: 'POSITION_NOT_REACHED' } });
        expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        const version = projections.find((projection) => projection.name === 'user-profile')?.version;
        await switchActiveVersion(system.db, 'user-profile', version ?? 1);
      }
    }, 30_000);
  });
});
