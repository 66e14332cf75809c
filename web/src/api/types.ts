// The response shapes the app relies on: from openapi/query.json (`npm run codegen -w web`) where
// the routes declare them; the feed's items (with the app's own pending state) stay written here.
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

/** An uploaded image (avatar, cover, post image): its file id and each variant's URL and size, by name. */
export interface UploadedImage {
  readonly id: string;
  readonly variants: Readonly<
    Record<string, { readonly url: string; readonly width: number; readonly height: number }>
  >;
}

export interface PersonSummary {
  readonly id: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly avatar: UploadedImage | null;
}

export interface UserStatus {
  readonly status: string;
  readonly reason: string;
  readonly effectiveAt: string;
}

/** A person (GET /users/{id}). */
export type Profile = QueryAnswer<'/users/{id}'>;

/** One change of a status timeline (GET /users/{id}/status-history). */
export type StatusChange = QueryAnswer<'/users/{id}/status-history'>['items'][number];

/** A catalog entry (kudos kinds, statuses, roles, genders). */
export type CatalogEntry = QueryAnswer<'/statuses'>['items'][number];

/** A kudos (GET /users/{id}/kudos). */
export type Kudos = QueryAnswer<'/users/{id}/kudos'>['items'][number];

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
  readonly images?: UploadedImage[];
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

/** An initiative in a list (GET /initiatives). */
export type InitiativeSummary = QueryAnswer<'/initiatives'>['items'][number];

/** One initiative with its members (GET /initiatives/{id}). */
export type InitiativeDetail = QueryAnswer<'/initiatives/{id}'>;

/** The inbox and its notifications (the websocket sends the same object), from openapi/query.json. */
export type Inbox = QueryAnswer<'/notifications'>;
export type AppNotification = Inbox['items'][number];

/** GET /leaderboard. */
export type Leaderboard = QueryAnswer<'/leaderboard'>;
