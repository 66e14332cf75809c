// The response shapes the app relies on, from openapi/query.json (`npm run codegen -w web`).
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

/** The company feed, or one initiative's (GET /feed): posts and kudos cards, newest first. */
type FeedAnswerItem = QueryAnswer<'/feed'>['items'][number];

export type PostItem = Extract<FeedAnswerItem, { type: 'post' }> & {
  /** Set by the app while its own write is on its way. */
  readonly pending?: boolean;
};

export type KudosItem = Extract<FeedAnswerItem, { type: 'kudos' }>;

export type FeedItem = PostItem | KudosItem;

/** One comment of a post (the feed shows the latest few; GET /posts/{id}/comments pages them all). */
export type Comment = PostItem['comments'][number];

/** Who wrote or received something, as lists show them. */
export type PersonSummary = PostItem['author'];

/** An uploaded image (avatar, cover, post image): its file id and each variant's URL and size, by name. */
export type UploadedImage = PostItem['images'][number];

/** An initiative in a list (GET /initiatives). */
export type InitiativeSummary = QueryAnswer<'/initiatives'>['items'][number];

/** One initiative with its members (GET /initiatives/{id}). */
export type InitiativeDetail = QueryAnswer<'/initiatives/{id}'>;

/** The inbox and its notifications (the websocket sends the same object), from openapi/query.json. */
export type Inbox = QueryAnswer<'/notifications'>;
export type AppNotification = Inbox['items'][number];

/** GET /leaderboard. */
export type Leaderboard = QueryAnswer<'/leaderboard'>;
