import type { RecordedEvent } from '@engage/event-log';
import type { Projection, ReadModel } from '../runtime/projection.ts';

/** The kudos-kinds catalog as GET /kudos-kinds lists it. */
export interface KudosKindDocument extends ReadModel {
  readonly _id: string;
  readonly name: string;
  readonly description: string;
  readonly active: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export const kudosKindsProjection: Projection<KudosKindDocument> = {
  name: 'kudos-kinds',
  version: 1,
  topics: ['catalogs'],
  indexes: [{ key: { name: 1 } }],

  documentIds(event: RecordedEvent): readonly string[] {
    switch (event.type) {
      case 'KudosKindCreated':
      case 'KudosKindUpdated':
      case 'KudosKindRetired':
      case 'KudosKindRestored':
        return [event.data.kindId];
      default:
        return [];
    }
  },

  evolve(doc, event, id): KudosKindDocument | null {
    switch (event.type) {
      case 'KudosKindCreated':
        return {
          _id: id,
          name: event.data.name,
          description: event.data.description,
          active: true,
          createdAt: event.data.createdAt,
          updatedAt: event.data.createdAt,
        };
      case 'KudosKindUpdated':
        return (
          doc && {
            ...doc,
            name: event.data.name,
            description: event.data.description,
            updatedAt: event.data.updatedAt,
          }
        );
      case 'KudosKindRetired':
        return doc && { ...doc, active: false, updatedAt: event.data.retiredAt };
      case 'KudosKindRestored':
        return doc && { ...doc, active: true, updatedAt: event.data.restoredAt };
      default:
        return doc;
    }
  },
};
