import type { CommandAnswer, CommandBus, CommandRequest } from '../runtime/command-bus.ts';
import { emailClaimId, type Profile, type UsersCommand, type UsersState } from './decider.ts';

export interface Registration {
  readonly userId: string;
  readonly profile: Profile;
  readonly selfSignUp: boolean;
  readonly actor: string | null;
  readonly correlationId: string;
  readonly now: number;
  readonly idempotencyKey?: string;
}

/**
 * Registers a user in two steps, each decided by a single writer: the email's claim (so of two
 * racing registrations with one address exactly one gets it; EMAIL_TAKEN for the other), then the
 * user. A retry of the same registration finds its own claim and goes on.
 */
export async function registerUser(
  users: CommandBus<UsersCommand, UsersState>,
  registration: Registration,
): Promise<CommandAnswer> {
  const common: Omit<CommandRequest<UsersCommand>, 'aggregateId' | 'command'> = {
    actor: registration.actor,
    correlationId: registration.correlationId,
    now: registration.now,
  };
  await users.handle({
    ...common,
    aggregateId: emailClaimId(registration.profile.email),
    command: { type: 'ClaimEmail', data: { userId: registration.userId } },
  });
  return users.handle({
    ...common,
    aggregateId: registration.userId,
    command: { type: 'RegisterUser', data: { ...registration.profile, selfSignUp: registration.selfSignUp } },
    idempotencyKey: registration.idempotencyKey,
  });
}
