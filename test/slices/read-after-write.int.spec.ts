// What was just written is never reported missing: each racing pair of a write and the command or
// read that depends on it, through HTTP, with no positions threaded through, many times.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { personPassword, startSystem, type Answer, type Person, type System } from './system.ts';

const admin = { email: 'race.admin@example.com', password: 'the admin passphrase, long' };
/** How many times each racing pair runs (CI: the default). */
const rounds = Number(process.env['RACE_ROUNDS'] ?? 200);
/** Rounds run this many at a time (the races are per round; a round mostly waits on the log). */
const parallel = 16;
/** Each test's bound: its rounds, on a loaded machine (pairs that sign in or register pay a password hash each). */
const timeout = Math.max(300_000, rounds * 4_000);

/** Runs `round` for 0..times-1, `parallel` at a time; the answers that were not what the round expected. */
async function race(round: (index: number) => Promise<Answer[]>, times = rounds): Promise<Answer[]> {
  const wrong: Answer[] = [];
  for (let start = 0; start < times; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, times - start) }, (_, offset) => start + offset);
    for (const answers of await Promise.all(batch.map(round))) wrong.push(...answers);
  }
  return wrong;
}

/** The roles a token carries. */
const rolesOf = (token: string): string[] =>
  (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { roles: string[] }).roles;

/** The answers among `answers` whose status is not `expected`. */
const unexpected = (expected: number, ...answers: Answer[]): Answer[] =>
  answers.filter((answer) => answer.status !== expected);

describe('read after write without positions', () => {
  let system: System;
  let adminToken: string;

  beforeAll(async () => {
    // Tokens outlive the suite: its tokens are taken once, and 200 rounds of each pair take a while.
    system = await startSystem(admin, { tokenTtlSeconds: 4 * 3600 });
    // At once, and once: no waiting for the roles to be projected.
    adminToken = await system.signIn(admin.email, admin.password);
  }, 120_000);

  afterAll(async () => {
    await (system as System | undefined)?.stop();
  });

  it("gives the first admin's first sign-in after start the admin role, and the admin acts as one at once", async () => {
    expect(rolesOf(adminToken)).toContain('admin');
    const acted = await system.command('POST', '/genders', adminToken, { name: `First ${randomUUID()}` });
    expect(acted.status).toBe(201);
  });

  it(
    'signs in with a role created and granted just before, and acts with it at once',
    async () => {
      // One person per concurrent round; each round grants a role nobody had before.
      const people = await Promise.all(
        Array.from({ length: parallel }, (_, slot) => system.person(`Rolf${slot}`)),
      );
      const wrong = await race(async (index) => {
        const person = people[index % parallel] as Person;
        const role = `race-${index}-${randomUUID().slice(0, 6)}`;
        const created = await system.command('POST', '/roles', adminToken, {
          name: role,
          permissions: ['catalogs:manage'],
        });
        const granted = await system.command('POST', `/users/${person.id}/roles`, adminToken, { role });
        const signedIn = await system.command('POST', '/auth/token', null, {
          grant_type: 'password',
          username: `rolf${index % parallel}@example.com`,
          password: personPassword,
        });
        const token = String(signedIn.body['access_token']);
        const withRole: Answer[] =
          signedIn.status === 200 && !rolesOf(token).includes(role)
            ? [{ status: 403, body: { missingRole: role } }]
            : [];
        const acted = await system.command('POST', '/statuses', token, { name: `Acted ${role}` });
        return [...unexpected(201, created, acted), ...unexpected(200, granted, signedIn), ...withRole];
      });
      expect(wrong).toEqual([]);
    },
    timeout,
  );

  it(
    'uses a status right after creating it',
    async () => {
      const ann = await system.person('Ann');
      const wrong = await race(async (index) => {
        const created = await system.command('POST', '/statuses', adminToken, {
          name: `Away ${index} ${randomUUID().slice(0, 6)}`,
          description: 'out',
        });
        const used = await system.command('POST', `/users/${ann.id}/status`, adminToken, {
          status: created.body['id'],
          reason: 'testing',
        });
        return [...unexpected(201, created), ...unexpected(201, used)];
      });
      expect(wrong).toEqual([]);
    },
    timeout,
  );

  it(
    'gives kudos of a kind right after creating it, to a person right after registering them',
    async () => {
      const giver = await system.person('Giver', 'kudos:give');
      const budget = await system.command('PUT', '/kudos-budget', adminToken, {
        perPeriod: 1000,
        period: 'WEEK',
      });
      expect(budget.status).toBe(200);
      const wrong = await race(async (index) => {
        const [kind, receiver] = await Promise.all([
          system.command('POST', '/kudos-kinds', adminToken, {
            name: `Kind ${index} ${randomUUID().slice(0, 6)}`,
          }),
          system.command('POST', '/users', adminToken, {
            email: `receiver-${randomUUID()}@example.com`,
            password: 'an ordinary passphrase 42',
            firstName: 'Rae',
            lastName: `Receiver ${index}`,
          }),
        ]);
        const given = await system.command('POST', '/kudos', giver.token, {
          to: receiver.body['id'],
          kind: kind.body['id'],
          reason: 'right away',
        });
        return [...unexpected(201, kind, receiver), ...unexpected(201, given)];
      });
      expect(wrong).toEqual([]);
    },
    timeout,
  );

  it(
    'posts in an initiative right after creating it, and right after joining it',
    async () => {
      const ann = await system.person('Nia', 'posts:write');
      const bob = await system.person('Bo', 'posts:write');
      const wrong = await race(async (index) => {
        const created = await system.command('POST', '/initiatives', ann.token, {
          name: `Race ${index} ${randomUUID().slice(0, 6)}`,
          description: 'read after write',
          visibility: 'public',
        });
        const id = String(created.body['id']);
        const [owners, joined] = await Promise.all([
          system.command('POST', '/posts', ann.token, { text: 'first!', initiative: id }),
          system.command('POST', `/initiatives/${id}/members`, bob.token),
        ]);
        const members = await system.command('POST', '/posts', bob.token, { text: 'me too', initiative: id });
        return [...unexpected(201, created, owners, members), ...unexpected(200, joined)];
      });
      expect(wrong).toEqual([]);
    },
    timeout,
  );

  it(
    'reads a profile right after registering it',
    async () => {
      const wrong = await race(async (index) => {
        const registered = await system.command('POST', '/users', adminToken, {
          email: `reader-${randomUUID()}@example.com`,
          password: 'an ordinary passphrase 42',
          firstName: 'Reid',
          lastName: `Reader ${index}`,
        });
        const profile = await system.query(`/users/${String(registered.body['id'])}`, adminToken);
        return [...unexpected(201, registered), ...unexpected(200, profile)];
      });
      expect(wrong).toEqual([]);
    },
    timeout,
  );

  it(
    'comments on and likes a post right after it is written, and reads it',
    async () => {
      const ann = await system.person('Ada', 'posts:write');
      const bob = await system.person('Ben', 'posts:write');
      const wrong = await race(async (index) => {
        const post = await system.command('POST', '/posts', ann.token, { text: `post ${index}` });
        const id = String(post.body['id']);
        const [comment, like, read] = await Promise.all([
          system.command('POST', `/posts/${id}/comments`, bob.token, { text: 'nice' }),
          system.command('PUT', `/posts/${id}/like`, bob.token),
          system.query(`/posts/${id}`, bob.token),
        ]);
        return [...unexpected(201, post, comment), ...unexpected(200, like, read)];
      });
      expect(wrong).toEqual([]);
    },
    timeout,
  );

  it('still answers 404 for what nobody wrote', async () => {
    const ann = await system.person('Ann');
    const nobody = randomUUID();
    const [user, initiative, post, status] = await Promise.all([
      system.query(`/users/${nobody}`, adminToken),
      system.query(`/initiatives/${nobody}`, adminToken),
      system.command('POST', '/posts', adminToken, { text: 'into the void', initiative: nobody }),
      system.command('POST', `/users/${ann.id}/status`, adminToken, { status: nobody, reason: 'none' }),
    ]);
    expect([user.status, initiative.status, post.status, status.status]).toEqual([404, 404, 404, 404]);
  });
});
