import { describe, expect, it } from '@jest/globals';
import type { DomainEvent } from '@engage/event-log';
import { given } from '../runtime/given-when-then.ts';
import { catalogDecider, kudosBudgetId } from './decider.ts';
import { nameClaimId, nameKey } from './names.ts';

const now = Date.UTC(2026, 10, 24, 9, 0);
const asAdmin = (aggregateId: string) => ({ aggregateId, actor: 'admin', now });

describe('the catalogs', () => {
  it('keep kudos kinds through the kudos-kind rules', () => {
    const events = given(catalogDecider)
      .when(
        { type: 'CreateKudosKind', data: { name: 'Customer hero', description: 'Delights customers' } },
        asAdmin('kk1'),
      )
      .accepted();
    expect(events[0]?.type).toBe('KudosKindCreated');
    given(catalogDecider, [...events])
      .when({ type: 'RetireKudosKind' }, asAdmin('kk1'))
      .accepted();
  });

  it('keep statuses, which can be retired by an update', () => {
    const created: DomainEvent = {
      type: 'StatusCreated',
      data: {
        statusId: 's1',
        name: 'Remote',
        description: 'Working from home',
        createdBy: 'admin',
        createdAt: now,
      },
    };
    given(catalogDecider)
      .when(
        { type: 'CreateStatus', data: { name: 'Remote', description: 'Working from home' } },
        asAdmin('s1'),
      )
      .then([created]);
    given(catalogDecider, [created])
      .when(
        { type: 'UpdateStatus', data: { name: 'Remote', description: 'Working from home', active: false } },
        asAdmin('s1'),
      )
      .then([
        {
          type: 'StatusUpdated',
          data: {
            statusId: 's1',
            name: 'Remote',
            description: 'Working from home',
            active: false,
            updatedBy: 'admin',
            updatedAt: now,
          },
        },
      ]);
    given(catalogDecider, [created])
      .when({ type: 'CreateStatus', data: { name: 'Again', description: '' } }, asAdmin('s1'))
      .thenRejects('ALREADY_EXISTS');
  });

  it('keep roles with well-formed permissions', () => {
    given(catalogDecider)
      .when(
        {
          type: 'CreateRole',
          data: { name: 'auditor', description: 'Reads history', permissions: ['audit:read'] },
        },
        asAdmin('auditor'),
      )
      .accepted();
    given(catalogDecider)
      .when(
        { type: 'CreateRole', data: { name: 'x', description: '', permissions: ['everything'] } },
        asAdmin('x'),
      )
      .thenRejects('INVALID_PERMISSION');
  });

  it('give a built-in role the permissions a newer release adds, and keep the ones an admin added', () => {
    const ensure = (permissions: string[]) =>
      ({ type: 'EnsureRole', data: { name: 'member', description: 'Everyone', permissions } }) as const;
    const created = given(catalogDecider)
      .when(ensure(['kudos:give']), asAdmin('member'))
      .accepted();
    expect(created.map((event) => event.type)).toEqual(['RoleCreated']);
    const history: DomainEvent[] = [
      ...created,
      {
        type: 'RoleUpdated',
        data: {
          roleId: 'member',
          name: 'member',
          description: 'Everyone',
          permissions: ['kudos:give', 'custom:thing'],
          updatedBy: 'admin',
          updatedAt: now,
        },
      },
    ];
    given(catalogDecider, history)
      .when(ensure(['kudos:give']), asAdmin('member'))
      .then([]);
    const updated = given(catalogDecider, history)
      .when(ensure(['kudos:give', 'posts:write']), asAdmin('member'))
      .accepted();
    expect(updated[0]?.data).toMatchObject({ permissions: ['kudos:give', 'custom:thing', 'posts:write'] });
  });

  it('keep one kudos budget, changed by admins', () => {
    given(catalogDecider)
      .when({ type: 'ChangeKudosBudget', data: { perPeriod: 5, period: 'MONTH' } }, asAdmin(kudosBudgetId))
      .then([
        {
          type: 'KudosBudgetChanged',
          data: { perPeriod: 5, period: 'MONTH', changedBy: 'admin', changedAt: now },
        },
      ]);
    given(catalogDecider)
      .when({ type: 'ChangeKudosBudget', data: { perPeriod: -1, period: 'WEEK' } }, asAdmin(kudosBudgetId))
      .thenRejects('INVALID_BUDGET');
    given(catalogDecider)
      .when({ type: 'ChangeKudosBudget', data: { perPeriod: 5, period: 'WEEK' } }, asAdmin('elsewhere'))
      .thenRejects('WRONG_CATALOG');
  });

  it('do not mix kinds of entry under one id', () => {
    const status: DomainEvent = {
      type: 'StatusCreated',
      data: { statusId: 'same', name: 'Remote', description: '', createdBy: 'admin', createdAt: now },
    };
    given(catalogDecider, [status])
      .when({ type: 'RetireKudosKind' }, asAdmin('same'))
      .thenRejects('WRONG_CATALOG');
  });

  it('compare names in NFC, case-folded', () => {
    expect(nameKey(' Team Player ')).toBe(nameKey('team player'));
    expect(nameKey('Cafe\u0301 Straße')).toBe(nameKey('CAFÉ STRASSE'));
    expect(nameKey('Team Player')).not.toBe(nameKey('Team Players'));
    expect(nameClaimId('statuses', 'Away')).toBe('name:statuses:away');
  });

  it('give a name to one entry at a time, and take it back only from its holder', () => {
    const claimId = nameClaimId('kudos-kinds', 'Team Player');
    const claimed: DomainEvent = {
      type: 'NameClaimed',
      data: { catalog: 'kudos-kinds', name: 'team player', entryId: 'k1', claimedAt: now },
    };
    given(catalogDecider)
      .when({ type: 'ClaimName', data: { entryId: 'k1' } }, asAdmin(claimId))
      .then([claimed]);
    given(catalogDecider, [claimed])
      .when({ type: 'ClaimName', data: { entryId: 'k1' } }, asAdmin(claimId))
      .then([]);
    given(catalogDecider, [claimed])
      .when({ type: 'ClaimName', data: { entryId: 'k2' } }, asAdmin(claimId))
      .thenRejects('NAME_TAKEN');
    given(catalogDecider, [claimed])
      .when({ type: 'ReleaseName', data: { entryId: 'k2' } }, asAdmin(claimId))
      .then([]);
    const released: DomainEvent = {
      type: 'NameReleased',
      data: { catalog: 'kudos-kinds', name: 'team player', entryId: 'k1', releasedAt: now },
    };
    given(catalogDecider, [claimed])
      .when({ type: 'ReleaseName', data: { entryId: 'k1' } }, asAdmin(claimId))
      .then([released]);
    given(catalogDecider, [claimed, released])
      .when({ type: 'ClaimName', data: { entryId: 'k2' } }, asAdmin(claimId))
      .accepted();
    given(catalogDecider)
      .when({ type: 'CreateStatus', data: { name: 'x', description: '' } }, asAdmin(claimId))
      .thenRejects('WRONG_CATALOG');
    given(catalogDecider)
      .when({ type: 'ClaimName', data: { entryId: 'k1' } }, asAdmin('k1'))
      .thenRejects('WRONG_CATALOG');
  });
});
