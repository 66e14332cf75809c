import type { DomainEvent } from '@engage/event-log';
import { DomainError, type CommandContext, type Decider } from '../runtime/decider.ts';

/** A kind of kudos people can give, tied to one of the company's values; admins keep the catalog. */
export type KudosKindCommand =
  | {
      readonly type: 'CreateKudosKind';
      readonly data: { readonly name: string; readonly description: string };
    }
  | {
      /** Any of the fields: one command, so a change of text and of `active` lands at once or not at all. */
      readonly type: 'UpdateKudosKind';
      readonly data: { readonly name?: string; readonly description?: string; readonly active?: boolean };
    }
  | { readonly type: 'RetireKudosKind' }
  | { readonly type: 'RestoreKudosKind' };

export type KudosKindState =
  | { readonly exists: false }
  | { readonly exists: true; readonly name: string; readonly description: string; readonly active: boolean };

const maxName = 60;
const maxDescription = 500;

function checkText(name: string, description: string): void {
  if (name.trim().length === 0 || name.length > maxName) {
    throw new DomainError('INVALID_NAME', `a kudos kind's name is 1-${maxName} characters`);
  }
  if (description.length > maxDescription) {
    throw new DomainError('INVALID_DESCRIPTION', `a description is at most ${maxDescription} characters`);
  }
}

function actorOf(context: CommandContext): string {
  if (context.actor === null) throw new DomainError('ACTOR_REQUIRED', 'catalog changes name who made them');
  return context.actor;
}

export const kudosKindDecider: Decider<KudosKindCommand, KudosKindState> = {
  initialState: { exists: false },

  decide(command, state, context): DomainEvent[] {
    const kindId = context.aggregateId;
    if (command.type === 'CreateKudosKind') {
      if (state.exists) throw new DomainError('ALREADY_EXISTS', `kudos kind ${kindId} already exists`);
      checkText(command.data.name, command.data.description);
      return [
        {
          type: 'KudosKindCreated',
          data: { kindId, ...command.data, createdBy: actorOf(context), createdAt: context.now },
        },
      ];
    }
    if (!state.exists) throw new DomainError('NOT_FOUND', `no kudos kind ${kindId}`);
    switch (command.type) {
      case 'UpdateKudosKind': {
        // A field left out keeps its value.
        const name = command.data.name ?? state.name;
        const description = command.data.description ?? state.description;
        checkText(name, description);
        const events: DomainEvent[] = [];
        if (name !== state.name || description !== state.description)
          events.push({
            type: 'KudosKindUpdated',
            data: { kindId, name, description, updatedBy: actorOf(context), updatedAt: context.now },
          });
        if (command.data.active === false && state.active)
          events.push({
            type: 'KudosKindRetired',
            data: { kindId, retiredBy: actorOf(context), retiredAt: context.now },
          });
        if (command.data.active === true && !state.active)
          events.push({
            type: 'KudosKindRestored',
            data: { kindId, restoredBy: actorOf(context), restoredAt: context.now },
          });
        return events;
      }
      case 'RetireKudosKind':
        return state.active
          ? [
              {
                type: 'KudosKindRetired',
                data: { kindId, retiredBy: actorOf(context), retiredAt: context.now },
              },
            ]
          : [];
      case 'RestoreKudosKind':
        return state.active
          ? []
          : [
              {
                type: 'KudosKindRestored',
                data: { kindId, restoredBy: actorOf(context), restoredAt: context.now },
              },
            ];
      default: {
        const unknown: never = command;
        throw new DomainError('UNKNOWN_COMMAND', `unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },

  evolve(state, event): KudosKindState {
    switch (event.type) {
      case 'KudosKindCreated':
        return { exists: true, name: event.data.name, description: event.data.description, active: true };
      case 'KudosKindUpdated':
        return state.exists
          ? { ...state, name: event.data.name, description: event.data.description }
          : state;
      case 'KudosKindRetired':
        return state.exists ? { ...state, active: false } : state;
      case 'KudosKindRestored':
        return state.exists ? { ...state, active: true } : state;
      default:
        return state;
    }
  },
};
