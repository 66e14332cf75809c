import type { RecordedEvent } from '@engage/event-log';
import type { InitiativeCreated, InitiativeUpdated } from '@engage/schemas';
import { imageViewOrNull, type ImageView } from '../files/projection.ts';
import type { Projection, ReadModel } from '../runtime/projection.ts';

export interface InitiativeMember {
  readonly userId: string;
  readonly role: 'owner' | 'member';
  readonly joinedAt: number;
}

/** An initiative as lists and its page show it, with its members and pending join requests. */
export interface InitiativeDocument extends ReadModel {
  readonly _id: string;
  readonly name: string;
  /** Lower-cased name, for prefix search. */
  readonly nameLower: string;
  readonly description: string;
  readonly visibility: 'public' | 'invite-only';
  readonly cover: ImageView | null;
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  readonly owner: string;
  readonly members: readonly InitiativeMember[];
  readonly memberCount: number;
  readonly pending: ReadonlyArray<{ readonly userId: string; readonly requestedAt: number }>;
  readonly archived: boolean;
  readonly createdAt: number;
}

const visibilityOf = (value: 'PUBLIC' | 'INVITE_ONLY'): 'public' | 'invite-only' =>
  value === 'PUBLIC' ? 'public' : 'invite-only';

/** The described fields, as created or as they stand after an update. */
const describedBy = (data: InitiativeCreated | InitiativeUpdated) => ({
  name: data.name,
  nameLower: data.name.toLowerCase(),
  description: data.description,
  visibility: visibilityOf(data.visibility),
  cover: imageViewOrNull(data.coverFileId, data.cover),
  startsAt: data.startsAt,
  endsAt: data.endsAt,
});

function withMembers(doc: InitiativeDocument, members: readonly InitiativeMember[]): InitiativeDocument {
  return { ...doc, members, memberCount: members.length };
}

export const initiativesProjection: Projection<InitiativeDocument> = {
  name: 'initiatives',
  version: 1,
  topics: ['initiatives'],
  indexes: [
    { key: { createdAt: -1 } },
    { key: { memberCount: -1 } },
    { key: { nameLower: 1 } },
    { key: { 'members.userId': 1 } },
    // The file-deletions policy finds which initiatives show a deleted cover.
    { key: { 'cover.id': 1 } },
  ],

  documentIds(event: RecordedEvent): readonly string[] {
    return event.type.startsWith('Initiative') ? [(event.data as { initiativeId: string }).initiativeId] : [];
  },

  evolve(doc, event, id): InitiativeDocument | null {
    if (event.type === 'InitiativeCreated') {
      const { ownerId, createdAt } = event.data;
      return {
        _id: id,
        ...describedBy(event.data),
        owner: ownerId,
        members: [{ userId: ownerId, role: 'owner', joinedAt: createdAt }],
        memberCount: 1,
        pending: [],
        archived: false,
        createdAt,
      };
    }
    if (doc === null) return null;
    const others = (userId: string) => doc.members.filter((member) => member.userId !== userId);
    switch (event.type) {
      case 'InitiativeUpdated':
        return { ...doc, ...describedBy(event.data) };
      case 'InitiativeJoinRequested':
        return {
          ...doc,
          pending: [
            ...doc.pending.filter((request) => request.userId !== event.data.userId),
            { userId: event.data.userId, requestedAt: event.data.requestedAt },
          ],
        };
      case 'InitiativeJoinRequestDeclined':
        return { ...doc, pending: doc.pending.filter((request) => request.userId !== event.data.userId) };
      case 'InitiativeMemberJoined':
        return withMembers(
          { ...doc, pending: doc.pending.filter((request) => request.userId !== event.data.userId) },
          [
            ...others(event.data.userId),
            { userId: event.data.userId, role: 'member', joinedAt: event.data.joinedAt },
          ],
        );
      case 'InitiativeMemberLeft':
      case 'InitiativeMemberRemoved':
        return withMembers(doc, others(event.data.userId));
      case 'InitiativeOwnershipTransferred':
        return {
          ...doc,
          owner: event.data.toUserId,
          members: doc.members.map((member) =>
            member.userId === event.data.toUserId
              ? { ...member, role: 'owner' as const }
              : member.userId === event.data.fromUserId
                ? { ...member, role: 'member' as const }
                : member,
          ),
        };
      case 'InitiativeArchived':
        return { ...doc, archived: true };
      case 'InitiativeCoverRemoved':
        return doc.cover?.id === event.data.fileId ? { ...doc, cover: null } : doc;
      default:
        return doc;
    }
  },
};
