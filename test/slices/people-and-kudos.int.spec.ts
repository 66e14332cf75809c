// People, kudos and status through HTTP: command → Kafka → projectors → MongoDB → query API.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parsePosition } from '@engage/event-log';
import { projectionKey, waitForPosition } from '@engage/projectors';
import { startSystem, type System } from './system.ts';

const admin = { email: 'first.admin@example.com', password: 'a long and unusual passphrase' };

describe('people, kudos and status, end to end', () => {
  let system: System;
  const command: System['command'] = (...args) => system.command(...args);
  const query: System['query'] = (...args) => system.query(...args);
  const signIn = (email: string, password: string): Promise<string> => system.signIn(email, password);

  beforeAll(async () => {
    system = await startSystem(admin);
  }, 120_000);

  afterAll(async () => {
    await (system as System | undefined)?.stop();
  });

  it('lets the first admin sign in, set up the catalogs, and register people; members give kudos and see them', async () => {
    // The built-in roles are read models: the admin's token carries their permissions once projected.
    const permissionsOf = (token: string): string[] =>
      (
        JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
          permissions: string[];
        }
      ).permissions;
    let adminToken = await signIn(admin.email, admin.password);
    for (let tries = 0; tries < 100 && !permissionsOf(adminToken).includes('catalogs:manage'); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      adminToken = await signIn(admin.email, admin.password);
    }
    expect(permissionsOf(adminToken)).toContain('catalogs:manage');

    const kind = await command('POST', '/kudos-kinds', adminToken, {
      name: 'Team player',
      description: 'Helps others win',
    });
    expect(kind.status).toBe(201);
    expect(kind.body).toMatchObject({
      version: 1,
      position: expect.stringMatching(new RegExp(`^${system.prefix}catalogs:\\d+:\\d+$`)),
    });
    const kinds = await query(`/kudos-kinds?consistentWith=${String(kind.body['position'])}`, adminToken);
    expect(kinds.body['items']).toEqual([
      expect.objectContaining({ id: kind.body['id'], name: 'Team player', active: true }),
    ]);

    const register = (first: string) =>
      command('POST', '/users', adminToken, {
        email: `${first.toLowerCase()}@example.com`,
        password: `a fine passphrase for ${first.length} letters`,
        firstName: first,
        lastName: 'Tester',
      });
    const [ada, bob] = await Promise.all([register('Ada'), register('Bob')]);
    expect([ada.status, bob.status]).toEqual([201, 201]);
    const adaId = ada.body['id'] as string;
    const bobId = bob.body['id'] as string;
    const duplicate = await command('POST', '/users', adminToken, {
      email: 'ADA@example.com',
      password: 'another fine passphrase',
      firstName: 'Ada',
      lastName: 'Again',
    });
    expect(duplicate).toMatchObject({ status: 409, body: { code: 'EMAIL_TAKEN' } });

    const profile = await query(`/users/${bobId}?consistentWith=${String(bob.body['position'])}`, adminToken);
    expect(profile.body).toMatchObject({
      id: bobId,
      firstName: 'Bob',
      roles: [],
      status: null,
      kudosReceived: { total: 0, byKind: {} },
    });

    const adaToken = await signIn('ada@example.com', 'a fine passphrase for 3 letters');
    const given = await command('POST', '/kudos', adaToken, {
      to: bobId,
      kind: kind.body['id'],
      reason: 'Fixed the release at midnight',
    });
    expect(given.status).toBe(201);
    const after = await query(`/users/${bobId}?consistentWith=${String(given.body['position'])}`, adaToken);
    expect(after.body['kudosReceived']).toEqual({ total: 1, byKind: { [String(kind.body['id'])]: 1 } });
    const received = await query(
      `/users/${bobId}/kudos?direction=received&consistentWith=${String(given.body['position'])}`,
      adaToken,
    );
    expect(received.body['items']).toEqual([
      expect.objectContaining({
        from: adaId,
        to: bobId,
        reason: 'Fixed the release at midnight',
        revoked: false,
      }),
    ]);
    const board = await query(
      `/leaderboard?period=week&consistentWith=${String(given.body['position'])}`,
      adaToken,
    );
    expect(board.body['items']).toEqual([{ userId: bobId, count: 1 }]);
    const search = await query(`/users?q=ad`, adaToken);
    expect((search.body['items'] as Array<{ id: string }>).map((user) => user.id)).toContain(adaId);

    // An admin lowers the budget to one a week: Ada has spent hers.
    const budget = await command('PUT', '/kudos-budget', adminToken, { perPeriod: 1, period: 'WEEK' });
    expect(budget.status).toBe(200);
    const budgetPosition = parsePosition(String(budget.body['position']));
    if (budgetPosition === undefined) throw new Error('no budget position');
    expect(
      await waitForPosition(
        system.db,
        projectionKey({ name: 'kudos-budget', version: 1 }),
        budgetPosition,
        10_000,
      ),
    ).toBe(true);
    const second = await command('POST', '/kudos', adaToken, {
      to: bobId,
      kind: kind.body['id'],
      reason: 'Again!',
    });
    expect(second).toMatchObject({ status: 409, body: { code: 'KUDOS_BUDGET_EXHAUSTED' } });

    // Status, with both times in the history.
    const status = await command('POST', '/statuses', adminToken, {
      name: 'Remote',
      description: 'Working from home',
    });
    await query(`/statuses?consistentWith=${String(status.body['position'])}`, adminToken);
    const set = await command('POST', `/users/${adaId}/status`, adaToken, {
      status: status.body['id'],
      reason: 'Plumber visit',
    });
    expect(set.status).toBe(201);
    const history = await query(
      `/users/${adaId}/status-history?consistentWith=${String(set.body['position'])}`,
      adaToken,
    );
    expect(history.body['items']).toEqual([
      expect.objectContaining({
        status: status.body['id'],
        reason: 'Plumber visit',
        effectiveAt: expect.any(String),
        recordedAt: expect.any(String),
      }),
    ]);
  }, 120_000);

  it('refuses what it should, with a status and a code, and changes nothing', async () => {
    const adminToken = await signIn(admin.email, admin.password);
    const kindsBefore = await query('/kudos-kinds', adminToken);
    expect((await query('/users/anyone', null)).status).toBe(401);
    expect((await command('POST', '/kudos-kinds', null, { name: 'X' })).status).toBe(401);
    const wrong = await command('POST', '/auth/token', null, {
      grant_type: 'password',
      username: admin.email,
      password: 'not the password at all',
    });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const unknownField = await command('POST', '/kudos-kinds', adminToken, { name: 'X', isAdmin: true });
    expect(unknownField).toMatchObject({ status: 400, body: { code: 'INVALID_REQUEST', field: 'isAdmin' } });
    const smuggled = await query('/users?q[$gt]=a', adminToken);
    expect(smuggled.status).toBe(400);
    const weak = await command('POST', '/users', adminToken, {
      email: 'weak@example.com',
      password: 'short',
      firstName: 'W',
      lastName: 'K',
    });
    expect(weak).toMatchObject({ status: 400, body: { code: 'WEAK_PASSWORD' } });
    expect(
      await command('POST', '/auth/token', null, {
        grant_type: 'password',
        username: 'weak@example.com',
        password: 'short',
      }),
    ).toMatchObject({ status: 400 });
    expect((await query('/kudos-kinds', adminToken)).body).toEqual(kindsBefore.body);
  }, 60_000);
});
