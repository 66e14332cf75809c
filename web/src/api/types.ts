// The response shapes the app relies on (API.md "Shapes"). They move to the types generated from
// openapi/*.json (`npm run codegen -w web`) as the services' response schemas land.
import type { QueryAnswer } from './contract';

export interface Page<T> {
  readonly items: T[];
  readonly next: string | null;
}

export interface CommandAnswer {
  readonly id: string;
  readonly version: number;
  readonly position: string | null;
}

export interface PersonSummary {
  readonly id: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly avatar: string | null;
}

export interface UserStatus {
  readonly status: string;
  readonly reason: string;
  readonly effectiveAt: string;
}

export interface Profile {
  readonly id: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly bio: string | null;
  readonly birthDate: string | null;
  readonly mobile: string | null;
  readonly gender: string | null;
  readonly roles: string[];
  readonly active: boolean;
  readonly status: UserStatus | null;
  readonly kudosReceived: { readonly total: number; readonly byKind: Record<string, number> } | null;
  readonly avatar: string | null;
}

export interface StatusChange {
  readonly status: string;
  readonly reason: string;
  readonly effectiveAt: string;
  readonly recordedAt: string;
}

export interface CatalogEntry {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly active: boolean;
}

export interface Kudos {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly reason: string;
  readonly givenAt: string;
  readonly revoked: boolean;
}

export interface Comment {
  readonly id: string;
  readonly author: PersonSummary;
  readonly text: string;
  readonly postedAt: string;
}

export interface PostItem {
  readonly type: 'post';
  readonly id: string;
  readonly author: PersonSummary;
  readonly text: string;
  readonly initiative: string | null;
  readonly likeCount: number;
  readonly likedByMe: boolean;
  readonly commentCount: number;
  readonly comments: Comment[];
  readonly createdAt: string;
  readonly editedAt: string | null;
  /** Set by the app while its own write is on its way. */
  readonly pending?: boolean;
}

export interface KudosItem {
  readonly type: 'kudos';
  readonly id: string;
  readonly from: PersonSummary;
  readonly to: PersonSummary;
  readonly kind: string;
  readonly reason: string;
  readonly createdAt: string;
}

export type FeedItem = PostItem | KudosItem;

export interface InitiativeSummary {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly visibility: 'public' | 'invite-only';
  readonly owner: string;
  readonly memberCount: number;
  readonly archived: boolean;
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  readonly createdAt: string;
  readonly myMembership: string | null;
}

export interface InitiativeDetail extends InitiativeSummary {
  readonly members: Array<{ readonly userId: string; readonly role: string }>;
  readonly pending?: Array<{ readonly userId: string }>;
}

/** The inbox and its notifications (the websocket sends the same object), from openapi/query.json. */
export type Inbox = QueryAnswer<'/notifications'>;
export type AppNotification = Inbox['items'][number];

export interface Leaderboard {
  readonly period: 'week' | 'month' | 'all';
  readonly items: Array<{ readonly userId: string; readonly count: number }>;
}
