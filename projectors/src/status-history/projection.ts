import type { RecordedEvent } from '@engage/event-log';
import type { Projection, ReadModel } from '../runtime/projection.ts';

/** One entry of a person's status timeline, with when it took effect and when it was recorded. */
export interface StatusHistoryDocument extends ReadModel {
  readonly _id: string;
  readonly userId: string;
  readonly status: string;
  readonly reason: string;
  readonly effectiveAt: number;
  readonly recordedAt: number;
  readonly setBy: string;
}

export const statusHistoryProjection: Projection<StatusHistoryDocument> = {
  name: 'status-history',
  version: 1,
  topics: ['user-status'],
  indexes: [{ key: { userId: 1, effectiveAt: -1 } }],

  documentIds(event: RecordedEvent): readonly string[] {
    return event.type === 'StatusSet' ? [event.metadata.eventId] : [];
  },

  evolve(doc, event, id): StatusHistoryDocument | null {
    if (event.type !== 'StatusSet') return doc;
    const { userId, statusId, reason, effectiveAt, recordedAt, setBy } = event.data;
    return { _id: id, userId, status: statusId, reason, effectiveAt, recordedAt, setBy };
  },
};
