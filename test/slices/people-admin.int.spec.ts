// Profiles, roles, deactivation, pagination and the OpenAPI documents, through HTTP.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSystem, type System } from './system.ts';

const admin = { email: 'root.admin@example.com', password: 'the admin passphrase, long' };

describe('managing people through HTTP', () => {
  let system: System;
  let adminToken: string;
  const password = 'an ordinary passphrase 42';

  const register = async (first: string, last = 'Example') => {
    const answer = await system.command('POST', '/users', adminToken, {
      email: `${first.toLowerCase()}.${last.toLowerCase()}@example.com`,
      password,
      firstName: first,
      lastName: last,
    });
    expect(answer.status).toBe(201);
    return answer.body as { id: string; version: number; position: string };
  };

  beforeAll(async () => {
    system = await startSystem(admin);
    adminToken = await system.signIn(admin.email, admin.password, 'users:manage');
  }, 120_000);

  afterAll(async () => {
    await (system as System | undefined)?.stop();
  });

  it('lets people edit their own profile only, with If-Match guarding against lost updates', async () => {
    const grace = await register('Grace', 'Hopper');
    const alan = await register('Alan', 'Turing');
    const graceToken = await system.signIn('grace.hopper@example.com', password);
    const edit = await system.command(
      'PATCH',
      `/users/${grace.id}`,
      graceToken,
      { bio: 'Wrote the first compiler', mobile: '+15555550100' },
      { 'if-match': '1' },
    );
    expect(edit).toMatchObject({ status: 200, body: { version: 2 } });
    const stale = await system.command(
      'PATCH',
      `/users/${grace.id}`,
      graceToken,
      { bio: 'Stale' },
      { 'if-match': '1' },
    );
    expect(stale).toMatchObject({ status: 409, body: { code: 'VERSION_CONFLICT' } });
    const someoneElse = await system.command('PATCH', `/users/${alan.id}`, graceToken, {
      bio: 'Not mine to write',
    });
    expect(someoneElse).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const badMobile = await system.command('PATCH', `/users/${grace.id}`, graceToken, { mobile: '555-0100' });
    expect(badMobile).toMatchObject({ status: 400, body: { code: 'INVALID_MOBILE' } });
    const profile = await system.query(
      `/users/${grace.id}?consistentWith=${String(edit.body['position'])}`,
      graceToken,
    );
    expect(profile.body).toMatchObject({ bio: 'Wrote the first compiler', mobile: '+15555550100' });
    const alanProfile = await system.query(`/users/${alan.id}?consistentWith=${alan.position}`, graceToken);
    expect(alanProfile.body['bio']).toBeNull();
  });

  it('lets only admins register people while self sign-up is off', async () => {
    const anonymous = await system.command('POST', '/users', null, {
      email: 'visitor@example.com',
      password,
      firstName: 'V',
      lastName: 'S',
    });
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    await register('Member', 'Only');
    const memberToken = await system.signIn('member.only@example.com', password);
    const byMember = await system.command('POST', '/users', memberToken, {
      email: 'friend@example.com',
      password,
      firstName: 'F',
      lastName: 'R',
    });
    expect(byMember).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('takes a gender from the genders catalog, or none', async () => {
    const gender = await system.command('POST', '/genders', adminToken, { name: 'Non-binary' });
    expect(gender.status).toBe(201);
    const genders = await system.query(
      `/genders?consistentWith=${String(gender.body['position'])}`,
      adminToken,
    );
    expect(genders.body['items']).toEqual([
      expect.objectContaining({ id: gender.body['id'], name: 'Non-binary', active: true }),
    ]);
    const unknown = await system.command('POST', '/users', adminToken, {
      email: 'sam@example.com',
      password,
      firstName: 'Sam',
      lastName: 'X',
      gender: 'no-such-gender',
    });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'UNKNOWN_GENDER' } });
    const known = await system.command('POST', '/users', adminToken, {
      email: 'sam@example.com',
      password,
      firstName: 'Sam',
      lastName: 'X',
      gender: gender.body['id'],
    });
    expect(known.status).toBe(201);
  });

  it('moves an email with its owner: the old address is free again, the new one taken', async () => {
    const ken = await register('Ken', 'Thompson');
    const kenToken = await system.signIn('ken.thompson@example.com', password);
    const moved = await system.command('PATCH', `/users/${ken.id}`, kenToken, { email: 'ken@example.com' });
    expect(moved.status).toBe(200);
    await expect(system.signIn('ken@example.com', password)).resolves.toEqual(expect.any(String));
    const reuse = await system.command('POST', '/users', adminToken, {
      email: 'ken.thompson@example.com',
      password,
      firstName: 'Other',
      lastName: 'Ken',
    });
    expect(reuse.status).toBe(201);
  });

  it('gives the new address back when a profile change with it is refused', async () => {
    const brian = await register('Brian', 'Kernighan');
    const brianToken = await system.signIn('brian.kernighan@example.com', password);
    const refused = await system.command('PATCH', `/users/${brian.id}`, brianToken, {
      email: 'bwk@example.com',
      mobile: '555-0100',
    });
    expect(refused).toMatchObject({ status: 400, body: { code: 'INVALID_MOBILE' } });
    const someoneElse = await system.command('POST', '/users', adminToken, {
      email: 'bwk@example.com',
      password,
      firstName: 'Other',
      lastName: 'Brian',
    });
    expect(someoneElse.status).toBe(201);
    await expect(system.signIn('brian.kernighan@example.com', password)).resolves.toEqual(expect.any(String));
  });

  it('answers /users/me with one profile, and refuses list parameters there', async () => {
    const ada = await register('Ada', 'Byron');
    const adaToken = await system.signIn('ada.byron@example.com', password);
    const me = await system.query(`/users/me?consistentWith=${ada.position}`, adaToken);
    expect(me).toMatchObject({ status: 200, body: { id: ada.id, firstName: 'Ada' } });
    expect(await system.query('/users/me?limit=5', adaToken)).toMatchObject({
      status: 400,
      body: { code: 'INVALID_REQUEST' },
    });
    expect((await system.query('/users/me?cursor=abc', adaToken)).status).toBe(400);
  });

  it('assigns and revokes roles (admins only), and the role shows on the profile and in the directory', async () => {
    const barbara = await register('Barbara', 'Liskov');
    const memberToken = await system.signIn('barbara.liskov@example.com', password);
    const escalate = await system.command('POST', `/users/${barbara.id}/roles`, memberToken, {
      role: 'admin',
    });
    expect(escalate).toMatchObject({ status: 403 });
    const unknown = await system.command('POST', `/users/${barbara.id}/roles`, adminToken, {
      role: 'wizard',
    });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'UNKNOWN_ROLE' } });
    const assigned = await system.command('POST', `/users/${barbara.id}/roles`, adminToken, {
      role: 'auditor',
    });
    expect(assigned.status).toBe(200);
    const auditors = await system.query(
      `/users?role=auditor&consistentWith=${String(assigned.body['position'])}`,
      adminToken,
    );
    expect((auditors.body['items'] as Array<{ id: string }>).map((user) => user.id)).toEqual([barbara.id]);
    const revoked = await system.command('DELETE', `/users/${barbara.id}/roles/auditor`, adminToken);
    const profile = await system.query(
      `/users/${barbara.id}?consistentWith=${String(revoked.body['position'])}`,
      adminToken,
    );
    expect(profile.body['roles']).toEqual([]);
  });

  it('deactivates people: they cannot sign in, and nobody can give them kudos', async () => {
    const dennis = await register('Dennis', 'Ritchie');
    const deactivated = await system.command('POST', `/users/${dennis.id}/deactivate`, adminToken, {
      reason: 'Left',
    });
    expect(deactivated.status).toBe(200);
    await system.query(
      `/users/${dennis.id}?consistentWith=${String(deactivated.body['position'])}`,
      adminToken,
    );
    const signIn = await system.command('POST', '/auth/token', null, {
      grant_type: 'password',
      username: 'dennis.ritchie@example.com',
      password,
    });
    expect(signIn).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const kind = await system.command('POST', '/kudos-kinds', adminToken, { name: 'Legend' });
    await system.query(`/kudos-kinds?consistentWith=${String(kind.body['position'])}`, adminToken);
    const kudos = await system.command('POST', '/kudos', adminToken, {
      to: dennis.id,
      kind: kind.body['id'],
      reason: 'C',
    });
    expect(kudos).toMatchObject({ status: 409, body: { code: 'RECEIVER_INACTIVE' } });
  });

  it('pages through the directory with cursors, each person once', async () => {
    const made = [];
    for (const name of ['Page', 'Pager', 'Paged', 'Pages', 'Paging'])
      made.push(await register(name, 'Turner'));
    const last = made.at(-1)?.position ?? '';
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `/users?q=turner&limit=2${cursor ? `&cursor=${cursor}` : ''}&consistentWith=${last}`;
      const answer = await system.query(path, adminToken);
      expect(answer.status).toBe(200);
      const items = answer.body['items'] as Array<{ id: string }>;
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items.map((user) => user.id));
      cursor = answer.body['next'] as string | null;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect([...seen].sort()).toEqual(made.map((user) => user.id).sort());
    expect((await system.query('/users?cursor=not-a-cursor', adminToken)).body).toMatchObject({
      code: 'INVALID_CURSOR',
    });
    expect((await system.query('/users?limit=1000', adminToken)).status).toBe(400);
  });

  it('describes every route in OpenAPI documents', async () => {
    const commands = await system.command('GET', '/commands/docs', null);
    const queries = await system.query('/docs', null);
    const paths = (document: Record<string, unknown>) => Object.keys(document['paths'] as object);
    expect(paths(commands.body)).toEqual(
      expect.arrayContaining([
        '/auth/token',
        '/kudos-kinds',
        '/kudos-kinds/{id}',
        '/users',
        '/users/{id}',
        '/users/{id}/roles',
        '/users/{id}/roles/{role}',
        '/users/{id}/deactivate',
        '/users/{id}/status',
        '/kudos',
        '/kudos/{id}/revoke',
        '/statuses',
        '/statuses/{id}',
        '/roles',
        '/kudos-budget',
      ]),
    );
    expect(paths(commands.body).some((path) => path.startsWith('/internal'))).toBe(false);
    expect(paths(queries.body)).toEqual(
      expect.arrayContaining([
        '/health',
        '/users',
        '/users/me',
        '/users/{id}',
        '/users/{id}/kudos',
        '/users/{id}/status-history',
        '/kudos',
        '/leaderboard',
        '/kudos-kinds',
        '/statuses',
        '/roles',
      ]),
    );
  });
});
