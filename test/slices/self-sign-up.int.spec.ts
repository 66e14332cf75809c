import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSystem, type System } from './system.ts';

describe('self sign-up, when enabled', () => {
  let system: System;

  beforeAll(async () => {
    system = await startSystem(
      { email: 'signup.admin@example.com', password: 'sign-up admin passphrase' },
      { selfSignUp: true },
    );
  }, 120_000);

  afterAll(async () => {
    await (system as System | undefined)?.stop();
  });

  it('lets a visitor register and sign in as a member, registered by nobody', async () => {
    const answer = await system.command('POST', '/users', null, {
      email: 'newcomer@example.com',
      password: 'a passphrase of my own',
      firstName: 'New',
      lastName: 'Comer',
    });
    expect(answer.status).toBe(201);
    const token = await system.signIn('newcomer@example.com', 'a passphrase of my own');
    const me = await system.query(`/users/me?consistentWith=${String(answer.body['position'])}`, token);
    expect(me.body).toMatchObject({ id: answer.body['id'], firstName: 'New', roles: [] });
  });
});
