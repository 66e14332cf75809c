import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CommandBus } from '../src/runtime/command-bus.ts';
import type { RunningCommandService } from '../src/service.ts';
import type { UsersCommand, UsersState } from '../src/users/decider.ts';
import { registerUser } from '../src/users/register.ts';
import { newPrefix, readTopic, testConfig, waitForOwnership } from './support.ts';
import { startCommandService } from '../src/service.ts';

describe('registering users', () => {
  const prefix = newPrefix();
  const topic = `${prefix}users`;
  let service: RunningCommandService;
  const users = () => service.buses.get(topic) as unknown as CommandBus<UsersCommand, UsersState>;

  beforeAll(async () => {
    service = await startCommandService(testConfig(prefix));
    await waitForOwnership([service.address], topic, 3);
  });

  afterAll(async () => {
    await service.stop();
  });

  it('gives one email to exactly one of 20 concurrent registrations', async () => {
    const email = `race-${randomUUID().slice(0, 8)}@example.com`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        registerUser(users(), {
          userId: randomUUID(),
          profile: {
            email,
            firstName: `Racer`,
            lastName: `${index}`,
            bio: null,
            birthDate: null,
            mobile: null,
            gender: null,
          },
          selfSignUp: true,
          actor: null,
          correlationId: randomUUID(),
          now: Date.now(),
        }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refusals = outcomes
      .filter((outcome) => outcome.status === 'rejected')
      .map((outcome) => (outcome.reason as { code: string }).code);
    expect(refusals).toEqual(Array.from({ length: 19 }, () => 'EMAIL_TAKEN'));
    const registered = (await readTopic(topic)).filter(
      (event) => event.type === 'UserRegistered' && event.data.email === email,
    );
    expect(registered).toHaveLength(1);
  });

  it('gives the address back when the registration itself is refused', async () => {
    const email = `retry-${randomUUID().slice(0, 8)}@example.com`;
    const profile = {
      email,
      firstName: 'A',
      lastName: 'B',
      bio: null,
      birthDate: null,
      mobile: '12345',
      gender: null,
    };
    await expect(
      registerUser(users(), {
        userId: randomUUID(),
        profile,
        selfSignUp: true,
        actor: null,
        correlationId: randomUUID(),
        now: Date.now(),
      }),
    ).rejects.toMatchObject({ code: 'INVALID_MOBILE' });
    await expect(
      registerUser(users(), {
        userId: randomUUID(),
        profile: { ...profile, mobile: null },
        selfSignUp: true,
        actor: null,
        correlationId: randomUUID(),
        now: Date.now(),
      }),
    ).resolves.toMatchObject({ version: 1 });
  });

  it('treats the address case-insensitively', async () => {
    const email = `case-${randomUUID().slice(0, 8)}@example.com`;
    const profile = {
      email,
      firstName: 'A',
      lastName: 'B',
      bio: null,
      birthDate: null,
      mobile: null,
      gender: null,
    };
    await registerUser(users(), {
      userId: randomUUID(),
      profile,
      selfSignUp: true,
      actor: null,
      correlationId: randomUUID(),
      now: Date.now(),
    });
    await expect(
      registerUser(users(), {
        userId: randomUUID(),
        profile: { ...profile, email: email.toUpperCase() },
        selfSignUp: true,
        actor: null,
        correlationId: randomUUID(),
        now: Date.now(),
      }),
    ).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
  });
});
