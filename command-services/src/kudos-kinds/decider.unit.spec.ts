import { describe, expect, it } from '@jest/globals';
import type { DomainEvent } from '@engage/event-log';
import { statusOf } from '../runtime/errors.ts';
import { given } from '../runtime/given-when-then.ts';
import { kudosKindDecider } from './decider.ts';

const now = Date.UTC(2026, 10, 24, 9, 0, 0);
const created: DomainEvent = {
  type: 'KudosKindCreated',
  data: {
    kindId: 'aggregate-1',
    name: 'Team player',
    description: 'Helps others',
    createdBy: 'admin',
    createdAt: now - 1000,
  },
};

describe('kudos kinds', () => {
  it('are created with a name and description by whoever sent the command', () => {
    given(kudosKindDecider)
      .when(
        { type: 'CreateKudosKind', data: { name: 'Team player', description: 'Helps others' } },
        { actor: 'admin' },
      )
      .then([
        {
          type: 'KudosKindCreated',
          data: {
            kindId: 'aggregate-1',
            name: 'Team player',
            description: 'Helps others',
            createdBy: 'admin',
            createdAt: now,
          },
        },
      ]);
  });

  it('change their text and retire in one command: both events, or none', () => {
    given(kudosKindDecider, [created])
      .when(
        { type: 'UpdateKudosKind', data: { description: 'Helps a lot', active: false } },
        { actor: 'admin' },
      )
      .then([
        {
          type: 'KudosKindUpdated',
          data: {
            kindId: 'aggregate-1',
            name: 'Team player',
            description: 'Helps a lot',
            updatedBy: 'admin',
            updatedAt: now,
          },
        },
        { type: 'KudosKindRetired', data: { kindId: 'aggregate-1', retiredBy: 'admin', retiredAt: now } },
      ]);
    given(kudosKindDecider, [created])
      .when({ type: 'UpdateKudosKind', data: { name: ' ', active: false } }, { actor: 'admin' })
      .thenRejects('INVALID_NAME');
  });

  it('are not created twice', () => {
    given(kudosKindDecider, [created])
      .when({ type: 'CreateKudosKind', data: { name: 'Again', description: '' } })
      .thenRejects('ALREADY_EXISTS');
  });

  it('need a name of 1 to 60 characters', () => {
    given(kudosKindDecider)
      .when({ type: 'CreateKudosKind', data: { name: '  ', description: '' } })
      .thenRejects('INVALID_NAME');
    const error = given(kudosKindDecider)
      .when({ type: 'CreateKudosKind', data: { name: 'x'.repeat(61), description: '' } })
      .thenRejects('INVALID_NAME');
    expect(statusOf(error.code)).toBe(400);
  });

  it('cannot be changed before they exist', () => {
    const error = given(kudosKindDecider).when({ type: 'RetireKudosKind' }).thenRejects('NOT_FOUND');
    expect(statusOf(error.code)).toBe(404);
  });

  it('are updated, and an update that changes nothing records nothing', () => {
    given(kudosKindDecider, [created])
      .when(
        { type: 'UpdateKudosKind', data: { name: 'Team hero', description: 'Helps others' } },
        { actor: 'admin-2' },
      )
      .then([
        {
          type: 'KudosKindUpdated',
          data: {
            kindId: 'aggregate-1',
            name: 'Team hero',
            description: 'Helps others',
            updatedBy: 'admin-2',
            updatedAt: now,
          },
        },
      ]);
    given(kudosKindDecider, [created])
      .when({ type: 'UpdateKudosKind', data: { name: 'Team player', description: 'Helps others' } })
      .then([]);
  });

  it('are retired once and restored once', () => {
    const retired: DomainEvent = {
      type: 'KudosKindRetired',
      data: { kindId: 'aggregate-1', retiredBy: 'admin', retiredAt: now },
    };
    given(kudosKindDecider, [created]).when({ type: 'RetireKudosKind' }, { actor: 'admin' }).then([retired]);
    given(kudosKindDecider, [created, retired]).when({ type: 'RetireKudosKind' }).then([]);
    given(kudosKindDecider, [created, retired])
      .when({ type: 'RestoreKudosKind' }, { actor: 'admin' })
      .then([
        { type: 'KudosKindRestored', data: { kindId: 'aggregate-1', restoredBy: 'admin', restoredAt: now } },
      ]);
    expect(given(kudosKindDecider, [created, retired]).state).toMatchObject({ active: false });
  });
});
