import type { DomainEvent } from '@engage/event-log';
import type { ImageRef } from '@engage/schemas';
import { DomainError, type CommandContext, type Decider } from '../runtime/decider.ts';
import { imageRefOf, type ForgetDeletedFile } from '../shared/images.ts';
import { requireActor, requireText } from '../shared/text.ts';

/** A person's profile as they (or an admin) keep it. */
export interface Profile {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly bio: string | null;
  readonly birthDate: string | null;
  readonly mobile: string | null;
  readonly gender: string | null;
}

/**
 * Commands of the users topic. Two kinds of aggregate live there: a user (keyed by user id) and
 * an email claim (keyed by `email:<address>`), whose single writer is what keeps emails unique
 * even when registrations race.
 */
export type UsersCommand =
  | { readonly type: 'ClaimEmail'; readonly data: { readonly userId: string } }
  | { readonly type: 'ReleaseEmail'; readonly data: { readonly userId: string } }
  | {
      readonly type: 'RegisterUser';
      /** genderKnown: whether the gender, if any, is an active entry of the genders catalog. */
      readonly data: Profile & { readonly selfSignUp: boolean; readonly genderKnown: boolean };
    }
  | {
      readonly type: 'UpdateProfile';
      /** avatar: the new one (checked by the shell: the sender's, uploaded as an avatar), null for none, undefined to keep it. */
      readonly data: Profile & { readonly avatar?: ImageRef | null; readonly genderKnown: boolean };
    }
  | { readonly type: 'AssignRole'; readonly data: { readonly role: string; readonly roleExists: boolean } }
  | { readonly type: 'RevokeRole'; readonly data: { readonly role: string } }
  | { readonly type: 'DeactivateUser'; readonly data: { readonly reason: string | null } }
  | ForgetDeletedFile;

export type UsersState =
  | { readonly kind: 'none' }
  | { readonly kind: 'email'; readonly claimedBy: string | null }
  | {
      readonly kind: 'user';
      readonly profile: Profile;
      readonly avatar: ImageRef | null;
      readonly roles: readonly string[];
      readonly active: boolean;
    };

/** The aggregate id of an email claim: the address, trimmed and lower-cased. */
export const emailClaimId = (email: string): string =>
  `email:${email.normalize('NFKC').trim().toLowerCase()}`;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const e164 = /^\+[1-9]\d{6,14}$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function checkProfile(profile: Profile, now: number): void {
  if (!emailPattern.test(profile.email) || profile.email.length > 254) {
    throw new DomainError('INVALID_EMAIL', 'email must look like name@example.com');
  }
  requireText('firstName', profile.firstName, 1, 100);
  requireText('lastName', profile.lastName, 1, 100);
  if (profile.bio !== null) requireText('bio', profile.bio, 0, 2000);
  if (profile.mobile !== null && !e164.test(profile.mobile)) {
    throw new DomainError('INVALID_MOBILE', 'mobile must be in E.164 form, for example +447700900123');
  }
  if (profile.birthDate !== null) {
    const parsed = Date.parse(`${profile.birthDate}T00:00:00Z`);
    if (!isoDate.test(profile.birthDate) || Number.isNaN(parsed) || parsed > now) {
      throw new DomainError('INVALID_BIRTH_DATE', 'birthDate must be a past date as YYYY-MM-DD');
    }
  }
}

/** A gender is chosen from the catalog, or left unset; one set earlier may stay after it is retired. */
function checkGender(gender: string | null, known: boolean, current: string | null): void {
  if (gender !== null && gender !== current && !known) {
    throw new DomainError(
      'UNKNOWN_GENDER',
      `${gender} is not in the genders catalog; leave gender unset or pick one from GET /genders`,
    );
  }
}

const normalised = (profile: Profile): Profile => ({ ...profile, email: profile.email.trim().toLowerCase() });

function decideEmail(command: UsersCommand, state: UsersState, context: CommandContext): DomainEvent[] {
  const email = context.aggregateId.slice('email:'.length);
  const claimedBy = state.kind === 'email' ? state.claimedBy : null;
  switch (command.type) {
    case 'ClaimEmail':
      if (claimedBy === command.data.userId) return [];
      if (claimedBy !== null) throw new DomainError('EMAIL_TAKEN', `${email} belongs to another user`);
      return [{ type: 'EmailClaimed', data: { email, userId: command.data.userId, claimedAt: context.now } }];
    case 'ReleaseEmail':
      if (claimedBy !== command.data.userId) return [];
      return [
        { type: 'EmailReleased', data: { email, userId: command.data.userId, releasedAt: context.now } },
      ];
    default:
      throw new DomainError('UNKNOWN_COMMAND', `${command.type} does not apply to an email claim`);
  }
}

function decideUser(command: UsersCommand, state: UsersState, context: CommandContext): DomainEvent[] {
  const userId = context.aggregateId;
  if (command.type === 'RegisterUser') {
    if (state.kind === 'user') throw new DomainError('ALREADY_EXISTS', `user ${userId} exists`);
    const { selfSignUp, genderKnown, ...given } = command.data;
    const profile = normalised(given);
    checkProfile(profile, context.now);
    checkGender(profile.gender, genderKnown, null);
    return [
      {
        type: 'UserRegistered',
        data: {
          userId,
          ...profile,
          registeredBy: selfSignUp ? null : requireActor(context.actor),
          registeredAt: context.now,
        },
      },
    ];
  }
  if (state.kind !== 'user') throw new DomainError('NOT_FOUND', `no user ${userId}`);
  switch (command.type) {
    case 'UpdateProfile': {
      if (!state.active) throw new DomainError('USER_INACTIVE', `user ${userId} is deactivated`);
      const { avatar = state.avatar, genderKnown, ...given } = command.data;
      const profile = normalised(given);
      checkProfile(profile, context.now);
      checkGender(profile.gender, genderKnown, state.profile.gender);
      if (
        JSON.stringify(profile) === JSON.stringify(state.profile) &&
        avatar?.fileId === state.avatar?.fileId
      )
        return [];
      return [
        {
          type: 'UserProfileUpdated',
          data: {
            userId,
            ...profile,
            avatarFileId: avatar?.fileId ?? null,
            avatar,
            updatedBy: requireActor(context.actor),
            updatedAt: context.now,
          },
        },
      ];
    }
    case 'AssignRole':
      if (!command.data.roleExists)
        throw new DomainError('UNKNOWN_ROLE', `there is no role ${command.data.role}`);
      if (state.roles.includes(command.data.role)) return [];
      return [
        {
          type: 'RoleAssigned',
          data: {
            userId,
            role: command.data.role,
            assignedBy: requireActor(context.actor),
            assignedAt: context.now,
          },
        },
      ];
    case 'RevokeRole':
      if (!state.roles.includes(command.data.role)) return [];
      return [
        {
          type: 'RoleRevoked',
          data: {
            userId,
            role: command.data.role,
            revokedBy: requireActor(context.actor),
            revokedAt: context.now,
          },
        },
      ];
    case 'ForgetDeletedFile': {
      const { fileId } = command.data;
      if (state.avatar?.fileId !== fileId) return [];
      return [{ type: 'UserAvatarRemoved', data: { userId, fileId, removedAt: context.now } }];
    }
    case 'DeactivateUser':
      if (!state.active) return [];
      return [
        {
          type: 'UserDeactivated',
          data: {
            userId,
            reason: command.data.reason,
            deactivatedBy: requireActor(context.actor),
            deactivatedAt: context.now,
          },
        },
      ];
    default:
      throw new DomainError('UNKNOWN_COMMAND', `${command.type} does not apply to a user`);
  }
}

const profileOf = (data: Profile): Profile => ({
  email: data.email,
  firstName: data.firstName,
  lastName: data.lastName,
  bio: data.bio,
  birthDate: data.birthDate,
  mobile: data.mobile,
  gender: data.gender,
});

export const usersDecider: Decider<UsersCommand, UsersState> = {
  initialState: { kind: 'none' },

  decide(command, state, context) {
    return context.aggregateId.startsWith('email:')
      ? decideEmail(command, state, context)
      : decideUser(command, state, context);
  },

  evolve(state, event): UsersState {
    switch (event.type) {
      case 'EmailClaimed':
        return { kind: 'email', claimedBy: event.data.userId };
      case 'EmailReleased':
        return { kind: 'email', claimedBy: null };
      case 'UserRegistered':
        return { kind: 'user', profile: profileOf(event.data), avatar: null, roles: [], active: true };
      case 'UserProfileUpdated':
        return state.kind === 'user'
          ? {
              ...state,
              profile: profileOf(event.data),
              avatar: imageRefOf(event.data.avatarFileId, event.data.avatar),
            }
          : state;
      case 'RoleAssigned':
        return state.kind === 'user' ? { ...state, roles: [...state.roles, event.data.role] } : state;
      case 'RoleRevoked':
        return state.kind === 'user'
          ? { ...state, roles: state.roles.filter((role) => role !== event.data.role) }
          : state;
      case 'UserDeactivated':
        return state.kind === 'user' ? { ...state, active: false } : state;
      case 'UserAvatarRemoved':
        return state.kind === 'user' && state.avatar?.fileId === event.data.fileId
          ? { ...state, avatar: null }
          : state;
      default:
        return state;
    }
  },
};
