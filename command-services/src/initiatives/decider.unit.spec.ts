import { describe, expect, it } from '@jest/globals';
import type { DomainEvent } from '@engage/event-log';
import { given } from '../runtime/given-when-then.ts';
import { initiativeDecider, type InitiativeCommand, type InitiativeDescription } from './decider.ts';

const now = Date.UTC(2026, 10, 25, 9, 0);
const by = (actor: string) => ({ aggregateId: 'i1', actor, now });
const description: InitiativeDescription = {
  name: 'Green office',
  description: 'Less paper, more plants',
  visibility: 'PUBLIC',
  cover: null,
  startsAt: '2026-12-01',
  endsAt: '2027-03-01',
};
const created = (visibility: 'PUBLIC' | 'INVITE_ONLY' = 'PUBLIC'): DomainEvent => ({
  type: 'InitiativeCreated',
  data: {
    initiativeId: 'i1',
    ...description,
    coverFileId: null,
    visibility,
    ownerId: 'owner',
    createdAt: now,
  },
});
const joined = (userId: string): DomainEvent => ({
  type: 'InitiativeMemberJoined',
  data: { initiativeId: 'i1', userId, approvedBy: null, joinedAt: now, ownerId: 'owner' },
});
const requested = (userId: string): DomainEvent => ({
  type: 'InitiativeJoinRequested',
  data: { initiativeId: 'i1', userId, requestedAt: now, ownerId: 'owner' },
});
const archived: DomainEvent = {
  type: 'InitiativeArchived',
  data: { initiativeId: 'i1', archivedBy: 'owner', archivedAt: now },
};
const join: InitiativeCommand = { type: 'JoinInitiative', data: {} };
const answer = (userId: string, approve: boolean, moderator = false): InitiativeCommand => ({
  type: 'AnswerJoinRequest',
  data: { userId, approve, moderator },
});
const remove = (userId: string, moderator = false): InitiativeCommand => ({
  type: 'RemoveMember',
  data: { userId, moderator },
});

describe('initiatives', () => {
  it('are created by their first owner and member, with a name and sane dates', () => {
    given(initiativeDecider)
      .when({ type: 'CreateInitiative', data: description }, by('owner'))
      .then([created()]);
    const state = given(initiativeDecider, [created()]).state;
    expect([state.ownerId, [...state.members]]).toEqual(['owner', ['owner']]);
    given(initiativeDecider)
      .when({ type: 'CreateInitiative', data: { ...description, name: ' ' } }, by('owner'))
      .thenRejects('INVALID_NAME');
    given(initiativeDecider)
      .when({ type: 'CreateInitiative', data: { ...description, endsAt: '2026-11-01' } }, by('owner'))
      .thenRejects('INVALID_DATES');
    given(initiativeDecider)
      .when({ type: 'CreateInitiative', data: { ...description, startsAt: 'soon' } }, by('owner'))
      .thenRejects('INVALID_DATE');
    given(initiativeDecider, [created()])
      .when({ type: 'CreateInitiative', data: description }, by('owner'))
      .thenRejects('ALREADY_EXISTS');
  });

  it('are updated by their owner or an admin only, and not once archived', () => {
    const update = (moderator: boolean): InitiativeCommand => ({
      type: 'UpdateInitiative',
      data: { name: 'Greener office', moderator },
    });
    const events = given(initiativeDecider, [created()]).when(update(false), by('owner')).accepted();
    expect(events[0]).toMatchObject({
      type: 'InitiativeUpdated',
      data: { name: 'Greener office', description: description.description, updatedBy: 'owner' },
    });
    given(initiativeDecider, [created()]).when(update(true), by('admin')).accepted();
    given(initiativeDecider, [created(), joined('m')])
      .when(update(false), by('m'))
      .thenRejects('NOT_OWNER');
    given(initiativeDecider, [created(), archived])
      .when(update(true), by('admin'))
      .thenRejects('INITIATIVE_ARCHIVED');
    given(initiativeDecider).when(update(true), by('admin')).thenRejects('NOT_FOUND');
  });

  it('are joined directly when public, and by a request the owner answers when invite-only', () => {
    given(initiativeDecider, [created()])
      .when(join, by('ann'))
      .then([joined('ann')]);
    given(initiativeDecider, [created(), joined('ann')])
      .when(join, by('ann'))
      .then([]);
    given(initiativeDecider, [created('INVITE_ONLY')])
      .when(join, by('ann'))
      .then([requested('ann')]);
    given(initiativeDecider, [created('INVITE_ONLY'), requested('ann')])
      .when(join, by('ann'))
      .then([]);
    const approved = given(initiativeDecider, [created('INVITE_ONLY'), requested('ann')])
      .when(answer('ann', true), by('owner'))
      .accepted();
    expect(approved).toEqual([
      {
        type: 'InitiativeMemberJoined',
        data: { initiativeId: 'i1', userId: 'ann', approvedBy: 'owner', joinedAt: now, ownerId: 'owner' },
      },
    ]);
    given(initiativeDecider, [created('INVITE_ONLY'), requested('ann')])
      .when(answer('ann', false), by('owner'))
      .then([
        {
          type: 'InitiativeJoinRequestDeclined',
          data: { initiativeId: 'i1', userId: 'ann', declinedBy: 'owner', declinedAt: now },
        },
      ]);
    given(initiativeDecider, [created('INVITE_ONLY'), requested('ann'), joined('bob')])
      .when(answer('ann', true), by('bob'))
      .thenRejects('NOT_OWNER');
    given(initiativeDecider, [created('INVITE_ONLY'), requested('ann')])
      .when(answer('ann', true, true), by('admin'))
      .accepted();
    given(initiativeDecider, [created('INVITE_ONLY')])
      .when(answer('ann', true), by('owner'))
      .thenRejects('NO_JOIN_REQUEST');
  });

  it('take no new members once archived', () => {
    given(initiativeDecider, [created(), archived]).when(join, by('ann')).thenRejects('INITIATIVE_ARCHIVED');
    given(initiativeDecider, [created('INVITE_ONLY'), requested('ann'), archived])
      .when(answer('ann', true), by('owner'))
      .thenRejects('INITIATIVE_ARCHIVED');
  });

  it('let members leave, and the owner or an admin remove them; the owner stays until they transfer', () => {
    const history = [created(), joined('ann'), joined('bob')];
    given(initiativeDecider, history)
      .when(remove('ann'), by('ann'))
      .then([{ type: 'InitiativeMemberLeft', data: { initiativeId: 'i1', userId: 'ann', leftAt: now } }]);
    given(initiativeDecider, history)
      .when(remove('ann'), by('owner'))
      .then([
        {
          type: 'InitiativeMemberRemoved',
          data: { initiativeId: 'i1', userId: 'ann', removedBy: 'owner', removedAt: now },
        },
      ]);
    given(initiativeDecider, history).when(remove('ann', true), by('admin')).accepted();
    given(initiativeDecider, history).when(remove('ann'), by('bob')).thenRejects('NOT_OWNER');
    given(initiativeDecider, history).when(remove('owner'), by('owner')).thenRejects('OWNER_CANNOT_LEAVE');
    given(initiativeDecider, history).when(remove('zed'), by('owner')).thenRejects('NO_SUCH_MEMBER');
    const left = given(initiativeDecider, [
      ...history,
      { type: 'InitiativeMemberLeft', data: { initiativeId: 'i1', userId: 'ann', leftAt: now } },
    ]).state;
    expect([...left.members]).toEqual(['owner', 'bob']);
  });

  it('pass ownership to a member, by the owner or an admin', () => {
    const history = [created(), joined('ann')];
    const transfer = (toUserId: string, moderator = false): InitiativeCommand => ({
      type: 'TransferOwnership',
      data: { toUserId, moderator },
    });
    const events = given(initiativeDecider, history).when(transfer('ann'), by('owner')).accepted();
    expect(events).toEqual([
      {
        type: 'InitiativeOwnershipTransferred',
        data: { initiativeId: 'i1', fromUserId: 'owner', toUserId: 'ann', transferredAt: now },
      },
    ]);
    expect(given(initiativeDecider, [...history, ...events]).state.ownerId).toBe('ann');
    given(initiativeDecider, history)
      .when(transfer('zed'), by('owner'))
      .thenRejects('NEW_OWNER_NOT_A_MEMBER');
    given(initiativeDecider, history).when(transfer('owner'), by('ann')).thenRejects('NOT_OWNER');
    given(initiativeDecider, history).when(transfer('ann', true), by('admin')).accepted();
  });

  it('are archived once, by the owner or an admin', () => {
    const archive = (moderator = false): InitiativeCommand => ({
      type: 'ArchiveInitiative',
      data: { moderator },
    });
    given(initiativeDecider, [created()]).when(archive(), by('owner')).then([archived]);
    given(initiativeDecider, [created(), archived]).when(archive(), by('owner')).then([]);
    given(initiativeDecider, [created(), joined('ann')])
      .when(archive(), by('ann'))
      .thenRejects('NOT_OWNER');
    given(initiativeDecider, [created()]).when(archive(true), by('admin')).accepted();
  });
});
