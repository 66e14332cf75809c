// Catalog edits, moderation and the auditor's view, through HTTP.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { builtInRoles } from '@engage/auth';
import { startSystem, type System } from './system.ts';

const admin = { email: 'catalog.admin@example.com', password: 'catalog admin passphrase' };
const password = 'yet another fine passphrase';

describe('catalogs, moderation and audit through HTTP', () => {
  let system: System;
  let adminToken: string;

  const register = async (first: string) => {
    const answer = await system.command('POST', '/users', adminToken, {
      email: `${first.toLowerCase()}@example.org`,
      password,
      firstName: first,
      lastName: 'Q',
    });
    expect(answer.status).toBe(201);
    return answer.body as { id: string; position: string };
  };

  beforeAll(async () => {
    system = await startSystem(admin);
    adminToken = await system.signIn(admin.email, admin.password, 'catalogs:manage');
  }, 120_000);

  afterAll(async () => {
    await (system as System | undefined)?.stop();
  });

  it('edits kudos kinds and statuses; a retired kind takes no more kudos', async () => {
    const kind = await system.command('POST', '/kudos-kinds', adminToken, {
      name: 'Mentor',
      description: 'Teaches',
    });
    const renamed = await system.command('PATCH', `/kudos-kinds/${String(kind.body['id'])}`, adminToken, {
      name: 'Great mentor',
    });
    expect(renamed).toMatchObject({ status: 200, body: { version: 2 } });
    const retired = await system.command('PATCH', `/kudos-kinds/${String(kind.body['id'])}`, adminToken, {
      active: false,
    });
    const kinds = await system.query(
      `/kudos-kinds?consistentWith=${String(retired.body['position'])}`,
      adminToken,
    );
    expect(kinds.body['items']).toEqual([
      expect.objectContaining({ name: 'Great mentor', description: 'Teaches', active: false }),
    ]);
    const [giver, receiver] = [await register('Giver'), await register('Receiver')];
    await system.query(`/users/${receiver.id}?consistentWith=${receiver.position}`, adminToken);
    const giverToken = await system.signIn('giver@example.org', password);
    const refused = await system.command('POST', '/kudos', giverToken, {
      to: receiver.id,
      kind: kind.body['id'],
      reason: 'Thanks',
    });
    expect(refused).toMatchObject({ status: 409, body: { code: 'KIND_RETIRED' } });
    const self = await system.command('POST', '/kudos', giverToken, {
      to: giver.id,
      kind: kind.body['id'],
      reason: 'Me',
    });
    expect(self.status).toBe(409);

    const status = await system.command('POST', '/statuses', adminToken, { name: 'On leave' });
    const edited = await system.command(
      'PATCH',
      `/statuses/${String(status.body['id'])}`,
      adminToken,
      { name: 'On holiday', description: 'Back soon', active: true },
      { 'if-match': '1' },
    );
    expect(edited).toMatchObject({ status: 200, body: { version: 2 } });
    const statuses = await system.query(
      `/statuses?consistentWith=${String(edited.body['position'])}`,
      adminToken,
    );
    expect(statuses.body['items']).toEqual([
      expect.objectContaining({ name: 'On holiday', description: 'Back soon', active: true }),
    ]);
  });

  it('changes a kudos kind with one command per request, and refuses a request that changes nothing', async () => {
    const kind = await system.command('POST', '/kudos-kinds', adminToken, {
      name: 'Helper',
      description: 'Helps',
    });
    const id = String(kind.body['id']);
    const change = { description: 'Helps a lot', active: false };
    const key = { 'idempotency-key': `change-${id}` };
    const changed = await system.command('PATCH', `/kudos-kinds/${id}`, adminToken, change, key);
    expect(changed).toMatchObject({ status: 200, body: { id, version: 3 } });
    const retried = await system.command('PATCH', `/kudos-kinds/${id}`, adminToken, change, key);
    expect(retried).toEqual(changed);
    const kinds = await system.query(
      `/kudos-kinds?consistentWith=${String(changed.body['position'])}`,
      adminToken,
    );
    expect(kinds.body['items']).toContainEqual(
      expect.objectContaining({ id, name: 'Helper', description: 'Helps a lot', active: false }),
    );
    const nothing = await system.command('PATCH', `/kudos-kinds/${id}`, adminToken, { expectedVersion: 3 });
    expect(nothing).toMatchObject({ status: 400, body: { code: 'NOTHING_TO_CHANGE' } });
  });

  it('keeps names unique in any case and Unicode form, when creations race and when entries are renamed', async () => {
    for (const catalog of ['kudos-kinds', 'statuses', 'genders']) {
      // Two admins at once, one name: exactly one gets it.
      for (let round = 0; round < 10; round += 1) {
        const name = `Team Player ${round}`;
        const racing = await Promise.all(
          [name, name.toLowerCase()].map((each) =>
            system.command('POST', `/${catalog}`, adminToken, { name: each }),
          ),
        );
        expect(racing.map((answer) => answer.status).sort()).toEqual([201, 409]);
        expect(racing.find((answer) => answer.status === 409)?.body).toMatchObject({ code: 'NAME_TAKEN' });
      }
      expect(await system.command('POST', `/${catalog}`, adminToken, { name: '   ' })).toMatchObject({
        status: 400,
        body: { code: 'INVALID_NAME' },
      });
      // Another form of the same name: capitals, decomposed accents (NFD), ß spelt SS.
      const cafe = await system.command('POST', `/${catalog}`, adminToken, { name: 'Café Straße' });
      expect(cafe.status).toBe(201);
      for (const other of ['CAFÉ STRASSE', 'cafe\u0301 straße'])
        expect(await system.command('POST', `/${catalog}`, adminToken, { name: other })).toMatchObject({
          status: 409,
          body: { code: 'NAME_TAKEN' },
        });
      // Renames: to a taken name refused; a change of case keeps the name; the old name is free after.
      const other = await system.command('POST', `/${catalog}`, adminToken, { name: 'Someone else' });
      const rename = (id: unknown, name: string) =>
        system.command('PATCH', `/${catalog}/${String(id)}`, adminToken, {
          name,
          ...(catalog === 'kudos-kinds' ? {} : { active: true }),
          ...(catalog === 'statuses' ? { description: '' } : {}),
        });
      expect(await rename(other.body['id'], 'café strasse')).toMatchObject({
        status: 409,
        body: { code: 'NAME_TAKEN' },
      });
      expect((await rename(cafe.body['id'], 'CAFÉ STRAßE')).status).toBe(200);
      expect((await rename(cafe.body['id'], 'Tea room')).status).toBe(200);
      expect((await rename(other.body['id'], 'Café Straße')).status).toBe(200);
      expect((await system.command('POST', `/${catalog}`, adminToken, { name: 'Someone Else' })).status).toBe(
        201,
      );
    }
  }, 240_000);

  it('adds roles, lists them with their permissions, and refuses a malformed one', async () => {
    const role = await system.command('POST', '/roles', adminToken, {
      name: 'moderator',
      description: 'Moderates',
      permissions: ['kudos:moderate', 'kudos:read'],
    });
    expect(role.status).toBe(201);
    const roles = await system.query(`/roles?consistentWith=${String(role.body['position'])}`, adminToken);
    expect(roles.body['items']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'moderator', permissions: ['kudos:moderate', 'kudos:read'] }),
        expect.objectContaining({ id: 'auditor', permissions: [...builtInRoles.auditor.permissions] }),
      ]),
    );
    const bad = await system.command('POST', '/roles', adminToken, { name: 'Bad Name!', permissions: [] });
    expect(bad).toMatchObject({ status: 400, body: { code: 'INVALID_REQUEST' } });
  });

  it('changes a role’s description and permissions, but never takes a built-in one’s away', async () => {
    const role = await system.command('POST', '/roles', adminToken, {
      name: 'editor',
      permissions: ['posts:read'],
    });
    const changed = await system.command('PATCH', '/roles/editor', adminToken, {
      description: 'Edits the feed',
      permissions: ['posts:read', 'posts:moderate'],
      expectedVersion: role.body['version'],
    });
    expect(changed).toMatchObject({ status: 200, body: { id: 'editor', version: 2 } });
    const roles = await system.query(`/roles?consistentWith=${String(changed.body['position'])}`, adminToken);
    expect(roles.body['items']).toEqual(
      expect.arrayContaining([
        {
          id: 'editor',
          name: 'editor',
          description: 'Edits the feed',
          permissions: ['posts:read', 'posts:moderate'],
          active: true,
        },
      ]),
    );
    const stale = await system.command('PATCH', '/roles/editor', adminToken, {
      description: 'Late',
      permissions: [],
      expectedVersion: 1,
    });
    expect(stale).toMatchObject({ status: 409, body: { code: 'VERSION_CONFLICT' } });
    const lockout = await system.command('PATCH', '/roles/admin', adminToken, {
      description: 'Fewer powers',
      permissions: ['people:read'],
    });
    expect(lockout).toMatchObject({ status: 409, body: { code: 'BUILT_IN_PERMISSION' } });
    expect(String(lockout.body['message'])).toContain('roles:manage');
    const widened = await system.command('PATCH', '/roles/auditor', adminToken, {
      description: 'Reads history, and exports it',
      permissions: [...builtInRoles.auditor.permissions, 'posts:moderate'],
    });
    expect(widened.status).toBe(200);
    const unknown = await system.command('PATCH', '/roles/nobody', adminToken, {
      description: '',
      permissions: [],
    });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const malformed = await system.command('PATCH', '/roles/editor', adminToken, {
      permissions: ['Not A Permission'],
      description: '',
    });
    expect(malformed).toMatchObject({ status: 400, body: { code: 'INVALID_PERMISSION' } });
  });

  it('revokes kudos (the giver gets the budget back), and an auditor sees both facts with positions', async () => {
    const budget = await system.command('PUT', '/kudos-budget', adminToken, { perPeriod: 1, period: 'WEEK' });
    expect(budget.status).toBe(200);
    const kind = await system.command('POST', '/kudos-kinds', adminToken, { name: 'Demo helper' });
    const [alice, bob, carol] = [await register('Alice'), await register('Bob'), await register('Carol')];
    await system.query(`/kudos-kinds?consistentWith=${String(kind.body['position'])}`, adminToken);
    await system.query(`/users/${bob.id}?consistentWith=${bob.position}`, adminToken);
    const aliceToken = await system.signIn('alice@example.org', password);
    let given = await system.command('POST', '/kudos', aliceToken, {
      to: bob.id,
      kind: kind.body['id'],
      reason: 'Carried the demo',
    });
    for (let tries = 0; given.status === 404 && tries < 50; tries += 1) {
      // The budget and kind read models may trail the admin's commands by a moment.
      await new Promise((resolve) => setTimeout(resolve, 100));
      given = await system.command('POST', '/kudos', aliceToken, {
        to: bob.id,
        kind: kind.body['id'],
        reason: 'Carried the demo',
      });
    }
    expect(given.status).toBe(201);
    const mine = await system.query(`/users/me?consistentWith=${String(given.body['position'])}`, aliceToken);
    expect(mine.body).toMatchObject({ id: alice.id, firstName: 'Alice' });
    const listed = await system.query(
      `/kudos?kind=${String(kind.body['id'])}&consistentWith=${String(given.body['position'])}`,
      aliceToken,
    );
    const [kudos] = listed.body['items'] as Array<{ id: string }>;
    expect(kudos).toMatchObject({ from: alice.id, to: bob.id });

    const memberRevoke = await system.command('POST', `/kudos/${kudos?.id ?? ''}/revoke`, aliceToken, {
      reason: 'Mine',
    });
    expect(memberRevoke.status).toBe(403);
    const revoked = await system.command('POST', `/kudos/${kudos?.id ?? ''}/revoke`, adminToken, {
      reason: 'Duplicate',
    });
    expect(revoked.status).toBe(200);
    const again = await system.command('POST', '/kudos', aliceToken, {
      to: carol.id,
      kind: kind.body['id'],
      reason: 'Budget refunded',
    });
    expect(again.status).toBe(201);

    await system.command('POST', `/users/${carol.id}/roles`, adminToken, { role: 'auditor' });
    const auditorToken = await system.signIn('carol@example.org', password, 'audit:read');
    const history = await system.query(
      `/audit/events?aggregate=${alice.id}&consistentWith=${String(again.body['position'])}`,
      auditorToken,
    );
    expect(history.status).toBe(200);
    const events = history.body['items'] as Array<{ type: string; position: string; version: number }>;
    expect(events.map((event) => [event.type, event.version])).toEqual([
      ['KudosGiven', 1],
      ['KudosRevoked', 2],
      ['KudosGiven', 3],
    ]);
    for (const event of events)
      expect(event.position).toMatch(new RegExp(`^${system.prefix}kudos:\\d+:\\d+$`));
    expect((await system.query('/audit/events', aliceToken)).status).toBe(403);
    const auditorWrite = await system.command('POST', '/kudos-kinds', auditorToken, { name: 'Sneaky' });
    expect(auditorWrite.status).toBe(403);
  });

  it('rotates refresh tokens: each works once, reuse revokes the whole sign-in, and so does /auth/revoke', async () => {
    await register('Rotor');
    const signIn = await system.command('POST', '/auth/token', null, {
      grant_type: 'password',
      username: 'rotor@example.org',
      password,
    });
    expect(signIn.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: expect.any(String),
    });
    const first = signIn.body['refresh_token'] as string;
    const refreshed = await system.command('POST', '/auth/token', null, {
      grant_type: 'refresh_token',
      refresh_token: first,
    });
    expect(refreshed.status).toBe(200);
    const second = refreshed.body['refresh_token'] as string;
    expect(second).not.toBe(first);
    expect((await system.query('/users/me', refreshed.body['access_token'] as string)).status).toBe(200);

    // The first token again: refused, and the family goes with it.
    const reused = await system.command('POST', '/auth/token', null, {
      grant_type: 'refresh_token',
      refresh_token: first,
    });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const afterReuse = await system.command('POST', '/auth/token', null, {
      grant_type: 'refresh_token',
      refresh_token: second,
    });
    expect(afterReuse).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const again = await system.command('POST', '/auth/token', null, {
      grant_type: 'password',
      username: 'rotor@example.org',
      password,
    });
    const revoke = await system.command('POST', '/auth/revoke', null, { token: again.body['refresh_token'] });
    expect(revoke.status).toBe(200);
    const revoked = await system.command('POST', '/auth/token', null, {
      grant_type: 'refresh_token',
      refresh_token: again.body['refresh_token'],
    });
    expect(revoked).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await system.command('POST', '/auth/revoke', null, { token: 'never-issued' })).status).toBe(200);
    const unsupported = await system.command('POST', '/auth/token', null, { grant_type: 'implicit' });
    expect(unsupported).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });
});
