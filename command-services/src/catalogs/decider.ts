import type { DomainEvent } from '@engage/event-log';
import { DomainError, type Decider } from '../runtime/decider.ts';
import { requireActor, requireText } from '../shared/text.ts';
import type { KudosBudget } from '../kudos/decider.ts';
import { kudosKindDecider, type KudosKindCommand, type KudosKindState } from '../kudos-kinds/decider.ts';
import { decideName, isNameClaim, type NameCommand } from './names.ts';

/** The aggregate that holds the kudos budget every giver spends. */
export const kudosBudgetId = 'kudos-budget';

/**
 * The admin-managed catalogs: kudos kinds, statuses, roles (with permissions) and the kudos budget;
 * and the claims on their names (aggregates `name:<catalog>:<key>`, see names.ts).
 */
export type CatalogCommand =
  | KudosKindCommand
  | NameCommand
  | { readonly type: 'CreateStatus'; readonly data: { readonly name: string; readonly description: string } }
  | {
      readonly type: 'UpdateStatus';
      readonly data: { readonly name: string; readonly description: string; readonly active: boolean };
    }
  | {
      readonly type: 'CreateRole';
      readonly data: {
        readonly name: string;
        readonly description: string;
        readonly permissions: readonly string[];
      };
    }
  | {
      readonly type: 'UpdateRole';
      readonly data: {
        readonly name: string;
        readonly description: string;
        readonly permissions: readonly string[];
      };
    }
  | {
      /** A built-in role: created when missing, given the permissions it lacks when present. */
      readonly type: 'EnsureRole';
      readonly data: {
        readonly name: string;
        readonly description: string;
        readonly permissions: readonly string[];
      };
    }
  | { readonly type: 'ChangeKudosBudget'; readonly data: KudosBudget }
  | { readonly type: 'CreateGender'; readonly data: { readonly name: string } }
  | { readonly type: 'UpdateGender'; readonly data: { readonly name: string; readonly active: boolean } };

export type CatalogState =
  | { readonly kind: 'none' }
  | { readonly kind: 'kudos-kind'; readonly entry: KudosKindState }
  | { readonly kind: 'status'; readonly name: string; readonly description: string; readonly active: boolean }
  | {
      readonly kind: 'role';
      readonly name: string;
      readonly description: string;
      readonly permissions: readonly string[];
    }
  | { readonly kind: 'budget'; readonly budget: KudosBudget }
  | { readonly kind: 'gender'; readonly name: string; readonly active: boolean }
  | { readonly kind: 'name'; readonly claimedBy: string | null };

const isKudosKindCommand = (command: CatalogCommand): command is KudosKindCommand =>
  command.type.endsWith('KudosKind');

const permissionPattern = /^[a-z]+(:[a-z-]+)+$/;

function checkRole(data: { name: string; description: string; permissions: readonly string[] }): void {
  requireText('name', data.name, 1, 60);
  requireText('description', data.description, 0, 500);
  const bad = data.permissions.find((permission) => !permissionPattern.test(permission));
  if (bad !== undefined)
    throw new DomainError('INVALID_PERMISSION', `${bad} is not a permission like kudos:give`);
}

export const catalogDecider: Decider<CatalogCommand, CatalogState> = {
  initialState: { kind: 'none' },

  decide(command, state, context): DomainEvent[] {
    const id = context.aggregateId;
    if (command.type === 'ClaimName' || command.type === 'ReleaseName')
      return decideName(command, state.kind === 'name' ? state.claimedBy : null, context);
    if (isNameClaim(id)) throw new DomainError('WRONG_CATALOG', `${id} is a name claim`);
    if (isKudosKindCommand(command)) {
      if (state.kind !== 'none' && state.kind !== 'kudos-kind')
        throw new DomainError('WRONG_CATALOG', `${id} is not a kudos kind`);
      return [
        ...kudosKindDecider.decide(
          command,
          state.kind === 'kudos-kind' ? state.entry : kudosKindDecider.initialState,
          context,
        ),
      ];
    }
    const actor = requireActor(context.actor);
    switch (command.type) {
      case 'CreateStatus':
        if (state.kind !== 'none') throw new DomainError('ALREADY_EXISTS', `${id} already exists`);
        requireText('name', command.data.name, 1, 60);
        requireText('description', command.data.description, 0, 500);
        return [
          {
            type: 'StatusCreated',
            data: { statusId: id, ...command.data, createdBy: actor, createdAt: context.now },
          },
        ];
      case 'UpdateStatus': {
        if (state.kind !== 'status') throw new DomainError('NOT_FOUND', `no status ${id}`);
        requireText('name', command.data.name, 1, 60);
        requireText('description', command.data.description, 0, 500);
        const { name, description, active } = command.data;
        if (name === state.name && description === state.description && active === state.active) return [];
        return [
          {
            type: 'StatusUpdated',
            data: { statusId: id, name, description, active, updatedBy: actor, updatedAt: context.now },
          },
        ];
      }
      case 'CreateRole':
        if (state.kind !== 'none') throw new DomainError('ALREADY_EXISTS', `${id} already exists`);
        checkRole(command.data);
        return [
          {
            type: 'RoleCreated',
            data: {
              roleId: id,
              ...command.data,
              permissions: [...command.data.permissions],
              createdBy: actor,
              createdAt: context.now,
            },
          },
        ];
      case 'EnsureRole': {
        if (state.kind === 'none')
          return [...catalogDecider.decide({ ...command, type: 'CreateRole' }, state, context)];
        if (state.kind !== 'role') throw new DomainError('ALREADY_EXISTS', `${id} already exists`);
        const missing = command.data.permissions.filter(
          (permission) => !state.permissions.includes(permission),
        );
        if (missing.length === 0) return [];
        return [
          {
            type: 'RoleUpdated',
            data: {
              roleId: id,
              name: state.name,
              description: state.description,
              permissions: [...state.permissions, ...missing],
              updatedBy: actor,
              updatedAt: context.now,
            },
          },
        ];
      }
      case 'UpdateRole':
        if (state.kind !== 'role') throw new DomainError('NOT_FOUND', `no role ${id}`);
        checkRole(command.data);
        return [
          {
            type: 'RoleUpdated',
            data: {
              roleId: id,
              ...command.data,
              permissions: [...command.data.permissions],
              updatedBy: actor,
              updatedAt: context.now,
            },
          },
        ];
      case 'ChangeKudosBudget':
        if (id !== kudosBudgetId)
          throw new DomainError('WRONG_CATALOG', `the budget lives in ${kudosBudgetId}`);
        if (
          !Number.isInteger(command.data.perPeriod) ||
          command.data.perPeriod < 0 ||
          command.data.perPeriod > 1000
        ) {
          throw new DomainError('INVALID_BUDGET', 'perPeriod is a whole number from 0 to 1000');
        }
        if (
          state.kind === 'budget' &&
          state.budget.perPeriod === command.data.perPeriod &&
          state.budget.period === command.data.period
        ) {
          return [];
        }
        return [
          { type: 'KudosBudgetChanged', data: { ...command.data, changedBy: actor, changedAt: context.now } },
        ];
      case 'CreateGender':
        if (state.kind !== 'none') throw new DomainError('ALREADY_EXISTS', `${id} already exists`);
        requireText('name', command.data.name, 1, 60);
        return [
          {
            type: 'GenderCreated',
            data: { genderId: id, name: command.data.name, createdBy: actor, createdAt: context.now },
          },
        ];
      case 'UpdateGender':
        if (state.kind !== 'gender') throw new DomainError('NOT_FOUND', `no gender ${id}`);
        requireText('name', command.data.name, 1, 60);
        if (command.data.name === state.name && command.data.active === state.active) return [];
        return [
          {
            type: 'GenderUpdated',
            data: {
              genderId: id,
              name: command.data.name,
              active: command.data.active,
              updatedBy: actor,
              updatedAt: context.now,
            },
          },
        ];
      default: {
        const unknown: never = command;
        throw new DomainError('UNKNOWN_COMMAND', `unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },

  evolve(state, event): CatalogState {
    switch (event.type) {
      case 'KudosKindCreated':
      case 'KudosKindUpdated':
      case 'KudosKindRetired':
      case 'KudosKindRestored':
        return {
          kind: 'kudos-kind',
          entry: kudosKindDecider.evolve(
            state.kind === 'kudos-kind' ? state.entry : kudosKindDecider.initialState,
            event,
          ),
        };
      case 'StatusCreated':
        return { kind: 'status', name: event.data.name, description: event.data.description, active: true };
      case 'StatusUpdated':
        return {
          kind: 'status',
          name: event.data.name,
          description: event.data.description,
          active: event.data.active,
        };
      case 'RoleCreated':
      case 'RoleUpdated':
        return {
          kind: 'role',
          name: event.data.name,
          description: event.data.description,
          permissions: event.data.permissions,
        };
      case 'KudosBudgetChanged':
        return { kind: 'budget', budget: { perPeriod: event.data.perPeriod, period: event.data.period } };
      case 'GenderCreated':
        return { kind: 'gender', name: event.data.name, active: true };
      case 'GenderUpdated':
        return { kind: 'gender', name: event.data.name, active: event.data.active };
      case 'NameClaimed':
        return { kind: 'name', claimedBy: event.data.entryId };
      case 'NameReleased':
        return { kind: 'name', claimedBy: null };
      default:
        return state;
    }
  },
};
