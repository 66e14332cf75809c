import type { RecordedEvent } from '@engage/event-log';
import type { Projection, ReadModel } from '../runtime/projection.ts';

/** A status people can set, as GET /statuses lists it. */
export interface StatusDocument extends ReadModel {
  readonly _id: string;
  readonly name: string;
  readonly description: string;
  readonly active: boolean;
}

export const statusesProjection: Projection<StatusDocument> = {
  name: 'statuses',
  version: 1,
  topics: ['catalogs'],
  documentIds: (event: RecordedEvent) =>
    event.type === 'StatusCreated' || event.type === 'StatusUpdated' ? [event.data.statusId] : [],
  evolve(doc, event, id): StatusDocument | null {
    if (event.type === 'StatusCreated')
      return { _id: id, name: event.data.name, description: event.data.description, active: true };
    if (event.type === 'StatusUpdated')
      return {
        _id: id,
        name: event.data.name,
        description: event.data.description,
        active: event.data.active,
      };
    return doc;
  },
};

/** A role and the permissions it grants, as GET /roles lists it. */
export interface RoleDocument extends ReadModel {
  readonly _id: string;
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly string[];
  readonly active: boolean;
}

export const rolesProjection: Projection<RoleDocument> = {
  name: 'roles',
  version: 1,
  topics: ['catalogs'],
  documentIds: (event: RecordedEvent) =>
    event.type === 'RoleCreated' || event.type === 'RoleUpdated' ? [event.data.roleId] : [],
  evolve(doc, event, id): RoleDocument | null {
    if (event.type === 'RoleCreated' || event.type === 'RoleUpdated') {
      const { name, description, permissions } = event.data;
      return { _id: id, name, description, permissions, active: true };
    }
    return doc;
  },
};

/** The kudos budget every giver spends, as admins last set it. */
export interface KudosBudgetDocument extends ReadModel {
  readonly _id: string;
  readonly perPeriod: number;
  readonly period: 'WEEK' | 'MONTH';
}

export const kudosBudgetProjection: Projection<KudosBudgetDocument> = {
  name: 'kudos-budget',
  version: 1,
  topics: ['catalogs'],
  documentIds: (event: RecordedEvent) =>
    event.type === 'KudosBudgetChanged' ? [event.metadata.aggregateId] : [],
  evolve(doc, event, id): KudosBudgetDocument | null {
    if (event.type !== 'KudosBudgetChanged') return doc;
    return { _id: id, perPeriod: event.data.perPeriod, period: event.data.period };
  },
};

/** A gender people may choose, as GET /genders lists it. */
export interface GenderDocument extends ReadModel {
  readonly _id: string;
  readonly name: string;
  readonly description: string;
  readonly active: boolean;
}

export const gendersProjection: Projection<GenderDocument> = {
  name: 'genders',
  version: 1,
  topics: ['catalogs'],
  documentIds: (event: RecordedEvent) =>
    event.type === 'GenderCreated' || event.type === 'GenderUpdated' ? [event.data.genderId] : [],
  evolve(doc, event, id): GenderDocument | null {
    if (event.type === 'GenderCreated')
      return { _id: id, name: event.data.name, description: '', active: true };
    if (event.type === 'GenderUpdated')
      return { _id: id, name: event.data.name, description: '', active: event.data.active };
    return doc;
  },
};
