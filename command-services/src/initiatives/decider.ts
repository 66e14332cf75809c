import type { DomainEvent } from '@engage/event-log';
import type { ImageRef, InitiativeVisibility } from '@engage/schemas';
import { DomainError, type Decider } from '../runtime/decider.ts';
import { imageRefOf, type ForgetDeletedFile } from '../shared/images.ts';
import { requireActor, requireText } from '../shared/text.ts';

export interface InitiativeDescription {
  readonly name: string;
  readonly description: string;
  readonly visibility: InitiativeVisibility;
  /** Checked by the shell: a file the sender uploaded as a cover. */
  readonly cover: ImageRef | null;
  /** ISO dates (YYYY-MM-DD). */
  readonly startsAt: string | null;
  readonly endsAt: string | null;
}

/**
 * Initiatives people start and join. `moderator` says the sender holds the moderation permission
 * (admins); the shell reads it from the token, the decider decides what it allows.
 */
export type InitiativeCommand =
  | { readonly type: 'CreateInitiative'; readonly data: InitiativeDescription }
  | {
      readonly type: 'UpdateInitiative';
      readonly data: Partial<InitiativeDescription> & { readonly moderator: boolean };
    }
  | { readonly type: 'JoinInitiative'; readonly data: Record<string, never> }
  | {
      readonly type: 'AnswerJoinRequest';
      readonly data: { readonly userId: string; readonly approve: boolean; readonly moderator: boolean };
    }
  | {
      /** Leaving (the member themself) or removing (the owner or a moderator). */
      readonly type: 'RemoveMember';
      readonly data: { readonly userId: string; readonly moderator: boolean };
    }
  | {
      readonly type: 'TransferOwnership';
      readonly data: { readonly toUserId: string; readonly moderator: boolean };
    }
  | { readonly type: 'ArchiveInitiative'; readonly data: { readonly moderator: boolean } }
  | ForgetDeletedFile;

export interface InitiativeState {
  readonly exists: boolean;
  readonly description: InitiativeDescription | null;
  readonly ownerId: string | null;
  readonly members: ReadonlySet<string>;
  readonly pending: ReadonlySet<string>;
  readonly archived: boolean;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function checkDescription(description: InitiativeDescription): void {
  requireText('name', description.name, 1, 100);
  requireText('description', description.description, 0, 5000);
  for (const [field, value] of [
    ['startsAt', description.startsAt],
    ['endsAt', description.endsAt],
  ] as const) {
    if (value !== null && (!isoDate.test(value) || Number.isNaN(Date.parse(value))))
      throw new DomainError('INVALID_DATE', `${field} is a date like 2026-12-01`);
  }
  if (
    description.startsAt !== null &&
    description.endsAt !== null &&
    description.endsAt < description.startsAt
  )
    throw new DomainError('INVALID_DATES', 'endsAt is on or after startsAt');
}

function existing(
  state: InitiativeState,
): InitiativeState & { description: InitiativeDescription; ownerId: string } {
  if (!state.exists || state.description === null || state.ownerId === null)
    throw new DomainError('NOT_FOUND', 'there is no such initiative');
  return state as InitiativeState & { description: InitiativeDescription; ownerId: string };
}

function open(state: InitiativeState): void {
  if (state.archived)
    throw new DomainError('INITIATIVE_ARCHIVED', 'this initiative is archived: no changes, members or posts');
}

function ownerOrModerator(state: InitiativeState, actor: string, moderator: boolean, what: string): void {
  if (state.ownerId !== actor && !moderator)
    throw new DomainError('NOT_OWNER', `only the initiative's owner or an admin may ${what}`);
}

export const initiativeDecider: Decider<InitiativeCommand, InitiativeState> = {
  initialState: {
    exists: false,
    description: null,
    ownerId: null,
    members: new Set(),
    pending: new Set(),
    archived: false,
  },

  decide(command, state, context): DomainEvent[] {
    const actor = requireActor(context.actor);
    const initiativeId = context.aggregateId;
    const now = context.now;
    switch (command.type) {
      case 'CreateInitiative': {
        if (state.exists)
          throw new DomainError('ALREADY_EXISTS', `initiative ${initiativeId} already exists`);
        checkDescription(command.data);
        const { name, description, visibility, cover, startsAt, endsAt } = command.data;
        return [
          {
            type: 'InitiativeCreated',
            data: {
              initiativeId,
              name: name.trim(),
              description,
              visibility,
              coverFileId: cover?.fileId ?? null,
              cover,
              startsAt,
              endsAt,
              ownerId: actor,
              createdAt: now,
            },
          },
        ];
      }
      case 'UpdateInitiative': {
        const current = existing(state);
        ownerOrModerator(state, actor, command.data.moderator, 'change it');
        open(state);
        const { moderator: _moderator, ...changes } = command.data;
        const next: InitiativeDescription = { ...current.description, ...changes };
        checkDescription(next);
        const same = (Object.keys(next) as Array<keyof InitiativeDescription>).every((key) =>
          key === 'cover'
            ? next.cover?.fileId === current.description.cover?.fileId
            : next[key] === current.description[key],
        );
        if (same) return [];
        return [
          {
            type: 'InitiativeUpdated',
            data: {
              initiativeId,
              ...next,
              name: next.name.trim(),
              coverFileId: next.cover?.fileId ?? null,
              updatedBy: actor,
              updatedAt: now,
            },
          },
        ];
      }
      case 'JoinInitiative': {
        const current = existing(state);
        open(state);
        if (state.members.has(actor) || state.pending.has(actor)) return [];
        return current.description.visibility === 'PUBLIC'
          ? [
              {
                type: 'InitiativeMemberJoined',
                data: {
                  initiativeId,
                  userId: actor,
                  approvedBy: null,
                  joinedAt: now,
                  ownerId: current.ownerId,
                },
              },
            ]
          : [
              {
                type: 'InitiativeJoinRequested',
                data: { initiativeId, userId: actor, requestedAt: now, ownerId: current.ownerId },
              },
            ];
      }
      case 'AnswerJoinRequest': {
        existing(state);
        const { userId, approve, moderator } = command.data;
        ownerOrModerator(state, actor, moderator, 'answer join requests');
        if (!state.pending.has(userId))
          throw new DomainError('NO_JOIN_REQUEST', `${userId} has not asked to join`);
        if (approve) open(state);
        return approve
          ? [
              {
                type: 'InitiativeMemberJoined',
                data: { initiativeId, userId, approvedBy: actor, joinedAt: now, ownerId: state.ownerId },
              },
            ]
          : [
              {
                type: 'InitiativeJoinRequestDeclined',
                data: { initiativeId, userId, declinedBy: actor, declinedAt: now },
              },
            ];
      }
      case 'RemoveMember': {
        existing(state);
        const { userId, moderator } = command.data;
        if (userId === state.ownerId)
          throw new DomainError(
            'OWNER_CANNOT_LEAVE',
            'the owner cannot leave or be removed; transfer ownership first',
          );
        if (!state.members.has(userId)) {
          if (userId === actor && state.pending.has(userId))
            // Withdrawing one's own request.
            return [
              {
                type: 'InitiativeJoinRequestDeclined',
                data: { initiativeId, userId, declinedBy: actor, declinedAt: now },
              },
            ];
          throw new DomainError('NO_SUCH_MEMBER', `${userId} is not a member`);
        }
        if (userId === actor)
          return [{ type: 'InitiativeMemberLeft', data: { initiativeId, userId, leftAt: now } }];
        ownerOrModerator(state, actor, moderator, 'remove members');
        return [
          {
            type: 'InitiativeMemberRemoved',
            data: { initiativeId, userId, removedBy: actor, removedAt: now },
          },
        ];
      }
      case 'TransferOwnership': {
        const current = existing(state);
        const { toUserId, moderator } = command.data;
        ownerOrModerator(state, actor, moderator, 'transfer ownership');
        open(state);
        if (!state.members.has(toUserId))
          throw new DomainError('NEW_OWNER_NOT_A_MEMBER', 'ownership goes to a member of the initiative');
        if (toUserId === current.ownerId) return [];
        return [
          {
            type: 'InitiativeOwnershipTransferred',
            data: { initiativeId, fromUserId: current.ownerId, toUserId, transferredAt: now },
          },
        ];
      }
      case 'ArchiveInitiative': {
        existing(state);
        ownerOrModerator(state, actor, command.data.moderator, 'archive it');
        if (state.archived) return [];
        return [{ type: 'InitiativeArchived', data: { initiativeId, archivedBy: actor, archivedAt: now } }];
      }
      case 'ForgetDeletedFile': {
        const { fileId } = command.data;
        // Archived or not: a deleted file shows nowhere.
        if (state.description?.cover?.fileId !== fileId) return [];
        return [{ type: 'InitiativeCoverRemoved', data: { initiativeId, fileId, removedAt: now } }];
      }
    }
  },

  evolve(state, event): InitiativeState {
    const without = (set: ReadonlySet<string>, id: string) => new Set([...set].filter((each) => each !== id));
    switch (event.type) {
      case 'InitiativeCreated': {
        const { name, description, visibility, coverFileId, cover, startsAt, endsAt, ownerId } = event.data;
        return {
          ...state,
          exists: true,
          description: {
            name,
            description,
            visibility,
            cover: imageRefOf(coverFileId, cover),
            startsAt,
            endsAt,
          },
          ownerId,
          members: new Set([ownerId]),
        };
      }
      case 'InitiativeUpdated': {
        const { name, description, visibility, coverFileId, cover, startsAt, endsAt } = event.data;
        const image = imageRefOf(coverFileId, cover);
        return { ...state, description: { name, description, visibility, cover: image, startsAt, endsAt } };
      }
      case 'InitiativeJoinRequested':
        return { ...state, pending: new Set([...state.pending, event.data.userId]) };
      case 'InitiativeJoinRequestDeclined':
        return { ...state, pending: without(state.pending, event.data.userId) };
      case 'InitiativeMemberJoined':
        return {
          ...state,
          members: new Set([...state.members, event.data.userId]),
          pending: without(state.pending, event.data.userId),
        };
      case 'InitiativeMemberLeft':
      case 'InitiativeMemberRemoved':
        return { ...state, members: without(state.members, event.data.userId) };
      case 'InitiativeOwnershipTransferred':
        return { ...state, ownerId: event.data.toUserId };
      case 'InitiativeArchived':
        return { ...state, archived: true };
      case 'InitiativeCoverRemoved':
        return state.description?.cover?.fileId === event.data.fileId
          ? { ...state, description: { ...state.description, cover: null } }
          : state;
      default:
        return state;
    }
  },
};
