import type { RecordedEvent } from '@engage/event-log';
import type { Projection, ReadModel } from '../runtime/projection.ts';

/** One kudos as lists show it: given by, to, of a kind, and whether a moderator revoked it. */
export interface KudosDocument extends ReadModel {
  readonly _id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly reason: string;
  readonly givenAt: number;
  readonly revoked: boolean;
  readonly revocation: { readonly by: string; readonly reason: string; readonly at: number } | null;
}

export const kudosProjection: Projection<KudosDocument> = {
  name: 'kudos',
  version: 1,
  topics: ['kudos'],
  indexes: [
    { key: { to: 1, givenAt: -1 } },
    { key: { from: 1, givenAt: -1 } },
    { key: { kind: 1, givenAt: -1 } },
    { key: { givenAt: -1 } },
  ],

  documentIds(event: RecordedEvent): readonly string[] {
    return event.type === 'KudosGiven' || event.type === 'KudosRevoked' ? [event.data.kudosId] : [];
  },

  evolve(doc, event, id): KudosDocument | null {
    switch (event.type) {
      case 'KudosGiven': {
        const { from, to, kindId, reason, givenAt } = event.data;
        return { _id: id, from, to, kind: kindId, reason, givenAt, revoked: false, revocation: null };
      }
      case 'KudosRevoked':
        return (
          doc && {
            ...doc,
            revoked: true,
            revocation: { by: event.data.revokedBy, reason: event.data.reason, at: event.data.revokedAt },
          }
        );
      default:
        return doc;
    }
  },
};
