import type { CommandAnswer, CommandBus, CommandRequest } from '../runtime/command-bus.ts';
import { DomainError } from '../runtime/decider.ts';
import { emailClaimId, type Profile, type UsersCommand, type UsersState } from './decider.ts';

export interface Registration {
  readonly userId: string;
  readonly profile: Profile;
  readonly selfSignUp: boolean;
  /** Whether the profile's gender, if any, is an active entry of the genders catalog. */
  readonly genderKnown?: boolean;
  readonly actor: string | null;
  readonly correlationId: string;
  readonly now: number;
  readonly idempotencyKey?: string;
}

/**
 * Registers a user in two steps, each decided by a single writer: the email's claim (so of two
 * racing registrations with one address exactly one gets it; EMAIL_TAKEN for the other), then the
 * user. A retry of the same registration finds its own claim and goes on; a refused one releases it.
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
  const register: CommandRequest<UsersCommand> = {
    ...common,
    aggregateId: registration.userId,
    command: {
      type: 'RegisterUser',
      data: {
        ...registration.profile,
        selfSignUp: registration.selfSignUp,
        genderKnown: registration.genderKnown ?? false,
      },
    },
  };
  // Decided first without appending, so a registration refused for a bad field claims nothing (a
  // refused request appends no event). An existing user is a retry's business: it goes on below.
  try {
    await users.handle({ ...register, dryRun: true });
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'ALREADY_EXISTS')) throw error;
  }
  await users.handle({
    ...common,
    aggregateId: emailClaimId(registration.profile.email),
    command: { type: 'ClaimEmail', data: { userId: registration.userId } },
  });
  try {
    return await users.handle({ ...register, idempotencyKey: registration.idempotencyKey });
  } catch (error) {
    // A registration the user decider refuses (a bad field) gives its address back.
    if (error instanceof DomainError && error.code !== 'ALREADY_EXISTS') {
      await users.handle({
        ...common,
        aggregateId: emailClaimId(registration.profile.email),
        command: { type: 'ReleaseEmail', data: { userId: registration.userId } },
      });
    }
    throw error;
  }
}
