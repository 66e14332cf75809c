import type { RecordedEvent } from '@engage/event-log';
import { imageViewOrNull, type ImageView } from '../files/projection.ts';
import type { Projection, ReadModel } from '../runtime/projection.ts';

/** A person as GET /users/{id} shows them, and as the people directory finds them. */
export interface UserProfileDocument extends ReadModel {
  readonly _id: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly bio: string | null;
  readonly birthDate: string | null;
  readonly mobile: string | null;
  readonly gender: string | null;
  readonly avatar: ImageView | null;
  readonly roles: readonly string[];
  readonly active: boolean;
  readonly status: { readonly status: string; readonly reason: string; readonly effectiveAt: number } | null;
  readonly kudosReceived: { readonly total: number; readonly byKind: Readonly<Record<string, number>> };
  /** Every prefix of the first name, last name, full name and email, lower-cased: the directory's search. */
  readonly searchTerms: readonly string[];
  readonly registeredAt: number;
  /**
   * False until UserRegistered is applied: events of other topics (kudos, status) may arrive
   * first, and are kept on this stub rather than lost. Queries show registered people only.
   */
  readonly registered: boolean;
}

const maxPrefix = 30;

/** The directory's search terms: prefixes, so a search is an indexed equality match. */
export function searchTermsOf(doc: Pick<UserProfileDocument, 'firstName' | 'lastName' | 'email'>): string[] {
  const terms = new Set<string>();
  for (const word of [doc.firstName, doc.lastName, `${doc.firstName} ${doc.lastName}`, doc.email]) {
    const lower = word.trim().toLowerCase();
    for (let length = 1; length <= Math.min(lower.length, maxPrefix); length += 1)
      terms.add(lower.slice(0, length));
  }
  return [...terms];
}

function withProfile(
  doc: UserProfileDocument,
  profile: Pick<UserProfileDocument, 'email' | 'firstName' | 'lastName'>,
): UserProfileDocument {
  return { ...doc, ...profile, searchTerms: searchTermsOf({ ...doc, ...profile }) };
}

/** A person not registered yet, holding what other topics already said about them. */
function stub(id: string): UserProfileDocument {
  return {
    _id: id,
    email: '',
    firstName: '',
    lastName: '',
    bio: null,
    birthDate: null,
    mobile: null,
    gender: null,
    avatar: null,
    roles: [],
    active: true,
    status: null,
    kudosReceived: { total: 0, byKind: {} },
    searchTerms: [],
    registeredAt: 0,
    registered: false,
  };
}

function countKudos(doc: UserProfileDocument, kindId: string, delta: number): UserProfileDocument {
  const byKind = {
    ...doc.kudosReceived.byKind,
    [kindId]: Math.max(0, (doc.kudosReceived.byKind[kindId] ?? 0) + delta),
  };
  return { ...doc, kudosReceived: { total: Math.max(0, doc.kudosReceived.total + delta), byKind } };
}

export const userProfileProjection: Projection<UserProfileDocument> = {
  name: 'user-profile',
  version: 1,
  topics: ['users', 'user-status', 'kudos'],
  indexes: [
    { key: { searchTerms: 1 } },
    { key: { roles: 1 } },
    { key: { 'status.status': 1 } },
    { key: { email: 1 } },
    // The file-deletions policy finds who shows a deleted avatar.
    { key: { 'avatar.id': 1 } },
  ],

  documentIds(event: RecordedEvent): readonly string[] {
    switch (event.type) {
      case 'UserRegistered':
      case 'UserProfileUpdated':
      case 'RoleAssigned':
      case 'RoleRevoked':
      case 'UserDeactivated':
      case 'UserAvatarRemoved':
      case 'StatusSet':
        return [event.data.userId];
      case 'KudosGiven':
      case 'KudosRevoked':
        return [event.data.to];
      default:
        return [];
    }
  },

  evolve(doc, event, id): UserProfileDocument | null {
    switch (event.type) {
      case 'UserRegistered': {
        const { email, firstName, lastName, bio, birthDate, mobile, gender, registeredAt } = event.data;
        const base: UserProfileDocument = {
          _id: id,
          email,
          firstName,
          lastName,
          bio,
          birthDate,
          mobile,
          gender,
          avatar: null,
          roles: doc?.roles ?? [],
          active: true,
          status: doc?.status ?? null,
          kudosReceived: doc?.kudosReceived ?? { total: 0, byKind: {} },
          searchTerms: [],
          registeredAt,
          registered: true,
        };
        return withProfile(base, base);
      }
      case 'UserProfileUpdated': {
        if (doc === null) return null;
        const { email, firstName, lastName, bio, birthDate, mobile, gender, avatarFileId, avatar } =
          event.data;
        return withProfile(
          { ...doc, bio, birthDate, mobile, gender, avatar: imageViewOrNull(avatarFileId, avatar) },
          { email, firstName, lastName },
        );
      }
      case 'RoleAssigned':
        return doc && { ...doc, roles: [...new Set([...doc.roles, event.data.role])] };
      case 'RoleRevoked':
        return doc && { ...doc, roles: doc.roles.filter((role) => role !== event.data.role) };
      case 'UserDeactivated':
        return doc && { ...doc, active: false };
      case 'UserAvatarRemoved':
        return doc?.avatar?.id === event.data.fileId ? { ...doc, avatar: null } : doc;
      case 'StatusSet': {
        const current = doc ?? stub(id);
        const { statusId, reason, effectiveAt } = event.data;
        // The current status is the latest to take effect; a backdated correction stays in the history.
        if (current.status !== null && effectiveAt < current.status.effectiveAt) return current;
        return { ...current, status: { status: statusId, reason, effectiveAt } };
      }
      case 'KudosGiven':
        return countKudos(doc ?? stub(id), event.data.kindId, 1);
      case 'KudosRevoked':
        return countKudos(doc ?? stub(id), event.data.kindId, -1);
      default:
        return doc;
    }
  },
};
