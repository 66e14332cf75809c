import { describe, expect, it } from '@jest/globals';
import type { DomainEvent } from '@engage/event-log';
import { given } from '../runtime/given-when-then.ts';
import { emailClaimId, usersDecider, type Profile, type UsersCommand } from './decider.ts';

const now = Date.UTC(2026, 10, 24, 9, 0);
const ada: Profile = {
  email: 'Ada@Example.com ',
  firstName: 'Ada',
  lastName: 'Lovelace',
  bio: null,
  birthDate: '1990-12-10',
  mobile: '+447700900123',
  gender: null,
};
const asAdmin = { aggregateId: 'u-ada', actor: 'admin', now };
const register = (profile: Partial<Profile> = {}): UsersCommand => ({
  type: 'RegisterUser',
  data: { ...ada, ...profile, selfSignUp: false, genderKnown: true },
});
const registered: DomainEvent = {
  type: 'UserRegistered',
  data: {
    userId: 'u-ada',
    ...ada,
    email: 'ada@example.com',
    registeredBy: 'admin',
    registeredAt: now - 1000,
  },
};

describe('email claims', () => {
  const claim = (userId: string): UsersCommand => ({ type: 'ClaimEmail', data: { userId } });
  const context = { aggregateId: emailClaimId(' Ada@Example.com'), actor: 'admin', now };
  const claimed: DomainEvent = {
    type: 'EmailClaimed',
    data: { email: 'ada@example.com', userId: 'u1', claimedAt: now },
  };

  it('are keyed by the lower-cased address', () => {
    expect(emailClaimId(' Ada@Example.com')).toBe('email:ada@example.com');
  });

  it('give an address to the first user who claims it', () => {
    given(usersDecider).when(claim('u1'), context).then([claimed]);
  });

  it('refuse a second user, and accept the same user again without a new event', () => {
    given(usersDecider, [claimed]).when(claim('u2'), context).thenRejects('EMAIL_TAKEN');
    given(usersDecider, [claimed]).when(claim('u1'), context).then([]);
  });

  it('free the address when its user releases it', () => {
    const released: DomainEvent = {
      type: 'EmailReleased',
      data: { email: 'ada@example.com', userId: 'u1', releasedAt: now },
    };
    given(usersDecider, [claimed])
      .when({ type: 'ReleaseEmail', data: { userId: 'u1' } }, context)
      .then([released]);
    given(usersDecider, [claimed, released]).when(claim('u2'), context).accepted();
  });
});

describe('registering a user', () => {
  it('records the profile with the email normalised, and who registered them', () => {
    given(usersDecider)
      .when(register(), asAdmin)
      .then([{ type: 'UserRegistered', data: { ...registered.data, registeredAt: now } }]);
  });

  it('records null as registrar for a self sign-up', () => {
    const events = given(usersDecider)
      .when(
        { type: 'RegisterUser', data: { ...ada, selfSignUp: true, genderKnown: true } },
        { ...asAdmin, actor: null },
      )
      .accepted();
    expect(events[0]?.data).toMatchObject({ registeredBy: null });
  });

  it('refuses a malformed email, mobile, birth date or name', () => {
    given(usersDecider)
      .when(register({ email: 'not-an-email' }), asAdmin)
      .thenRejects('INVALID_EMAIL');
    given(usersDecider)
      .when(register({ mobile: '07700 900123' }), asAdmin)
      .thenRejects('INVALID_MOBILE');
    given(usersDecider)
      .when(register({ birthDate: '2990-01-01' }), asAdmin)
      .thenRejects('INVALID_BIRTH_DATE');
    given(usersDecider)
      .when(register({ birthDate: '10/12/1990' }), asAdmin)
      .thenRejects('INVALID_BIRTH_DATE');
    given(usersDecider)
      .when(register({ firstName: '' }), asAdmin)
      .thenRejects('INVALID_FIRST_NAME');
  });

  it('takes a gender from the catalog, or none', () => {
    given(usersDecider)
      .when(
        {
          type: 'RegisterUser',
          data: { ...ada, gender: 'g-unknown', selfSignUp: false, genderKnown: false },
        },
        asAdmin,
      )
      .thenRejects('UNKNOWN_GENDER');
    const events = given(usersDecider)
      .when(
        { type: 'RegisterUser', data: { ...ada, gender: 'g-1', selfSignUp: false, genderKnown: true } },
        asAdmin,
      )
      .accepted();
    expect(events[0]?.data).toMatchObject({ gender: 'g-1' });
  });

  it('does not register the same user twice', () => {
    given(usersDecider, [registered]).when(register(), asAdmin).thenRejects('ALREADY_EXISTS');
  });
});

const avatar = (fileId: string) => ({
  fileId,
  variants: [{ name: '256', url: `/files/${fileId}/256`, width: 256, height: 256 }],
});

describe('a user', () => {
  it('updates the profile, and an update that changes nothing records nothing', () => {
    const events = given(usersDecider, [registered])
      .when(
        {
          type: 'UpdateProfile',
          data: { ...ada, bio: 'Poet of science', avatar: avatar('f1'), genderKnown: true },
        },
        { ...asAdmin, actor: 'u-ada' },
      )
      .accepted();
    expect(events).toEqual([
      {
        type: 'UserProfileUpdated',
        data: expect.objectContaining({
          bio: 'Poet of science',
          avatarFileId: 'f1',
          avatar: avatar('f1'),
          email: 'ada@example.com',
          updatedBy: 'u-ada',
        }),
      },
    ]);
    given(usersDecider, [registered])
      .when({ type: 'UpdateProfile', data: { ...ada, avatar: null, genderKnown: true } }, asAdmin)
      .then([]);
    // No avatar named: the one it has stays.
    given(usersDecider, [registered, ...events])
      .when({ type: 'UpdateProfile', data: { ...ada, bio: 'Poet of science', genderKnown: true } }, asAdmin)
      .then([]);
  });

  it('loses an avatar whose file was deleted, once; another deleted file changes nothing', () => {
    const updated = given(usersDecider, [registered])
      .when({ type: 'UpdateProfile', data: { ...ada, avatar: avatar('f1'), genderKnown: true } }, asAdmin)
      .accepted();
    const forget = (fileId: string): UsersCommand => ({ type: 'ForgetDeletedFile', data: { fileId } });
    const removed: DomainEvent = {
      type: 'UserAvatarRemoved',
      data: { userId: 'u-ada', fileId: 'f1', removedAt: now },
    };
    given(usersDecider, [registered, ...updated])
      .when(forget('f1'), asAdmin)
      .then([removed]);
    given(usersDecider, [registered, ...updated])
      .when(forget('f2'), asAdmin)
      .then([]);
    given(usersDecider, [registered, ...updated, removed])
      .when(forget('f1'), asAdmin)
      .then([]);
  });

  it('gets a role that exists once, and loses it once', () => {
    const assign: UsersCommand = { type: 'AssignRole', data: { role: 'auditor', roleExists: true } };
    const assigned: DomainEvent = {
      type: 'RoleAssigned',
      data: { userId: 'u-ada', role: 'auditor', assignedBy: 'admin', assignedAt: now },
    };
    given(usersDecider, [registered]).when(assign, asAdmin).then([assigned]);
    given(usersDecider, [registered, assigned]).when(assign, asAdmin).then([]);
    given(usersDecider, [registered])
      .when({ type: 'AssignRole', data: { role: 'wizard', roleExists: false } }, asAdmin)
      .thenRejects('UNKNOWN_ROLE');
    given(usersDecider, [registered, assigned])
      .when({ type: 'RevokeRole', data: { role: 'auditor' } }, asAdmin)
      .then([
        {
          type: 'RoleRevoked',
          data: { userId: 'u-ada', role: 'auditor', revokedBy: 'admin', revokedAt: now },
        },
      ]);
    given(usersDecider, [registered])
      .when({ type: 'RevokeRole', data: { role: 'auditor' } }, asAdmin)
      .then([]);
  });

  it('is deactivated once, and then keeps their profile as it was', () => {
    const deactivate: UsersCommand = { type: 'DeactivateUser', data: { reason: 'Left the company' } };
    const deactivated: DomainEvent = {
      type: 'UserDeactivated',
      data: { userId: 'u-ada', reason: 'Left the company', deactivatedBy: 'admin', deactivatedAt: now },
    };
    given(usersDecider, [registered]).when(deactivate, asAdmin).then([deactivated]);
    given(usersDecider, [registered, deactivated]).when(deactivate, asAdmin).then([]);
    given(usersDecider, [registered, deactivated])
      .when({ type: 'UpdateProfile', data: { ...ada, bio: 'x', avatar: null, genderKnown: true } }, asAdmin)
      .thenRejects('USER_INACTIVE');
  });

  it('must exist to be changed', () => {
    given(usersDecider)
      .when({ type: 'DeactivateUser', data: { reason: null } }, asAdmin)
      .thenRejects('NOT_FOUND');
  });
});
