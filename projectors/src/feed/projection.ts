import type { RecordedEvent } from '@engage/event-log';
import { imageViewsOf, type ImageView } from '../files/projection.ts';
import type { Projection, ReadModel } from '../runtime/projection.ts';

export interface CommentView {
  readonly id: string;
  readonly author: string;
  readonly text: string;
  readonly postedAt: number;
}

/** How many of a post's newest comments its feed item carries. */
export const recentCommentsKept = 5;

/**
 * The feed: posts (company-wide or in an initiative) and, in the company feed, kudos cards. A
 * deleted post or a revoked kudos leaves the feed; its history stays in the log.
 */
export type FeedDocument = ReadModel &
  (
    | {
        readonly _id: string;
        readonly type: 'post';
        readonly author: string;
        readonly text: string;
        readonly initiative: string | null;
        readonly images: readonly ImageView[];
        readonly mentions: readonly string[];
        readonly likedBy: readonly string[];
        readonly likeCount: number;
        readonly commentCount: number;
        readonly recentComments: readonly CommentView[];
        readonly createdAt: number;
        readonly editedAt: number | null;
      }
    | {
        readonly _id: string;
        readonly type: 'kudos';
        readonly author: string;
        readonly to: string;
        readonly kind: string;
        readonly reason: string;
        readonly initiative: null;
        readonly createdAt: number;
      }
  );

type PostItem = Extract<FeedDocument, { type: 'post' }>;

const postEvents = new Set([
  'PostCreated',
  'PostEdited',
  'PostImageRemoved',
  'PostDeleted',
  'PostLiked',
  'PostUnliked',
  'CommentPosted',
  'CommentDeleted',
]);

export const kudosCardId = (kudosId: string): string => `kudos-${kudosId}`;

export const feedProjection: Projection<FeedDocument> = {
  name: 'feed',
  version: 1,
  topics: ['posts', 'kudos'],
  indexes: [
    { key: { initiative: 1, createdAt: -1 } },
    { key: { initiative: 1, author: 1, createdAt: -1 } },
    { key: { createdAt: -1 } },
    // The file-deletions policy finds which posts show a deleted image.
    { key: { 'images.id': 1 } },
  ],

  documentIds(event: RecordedEvent): readonly string[] {
    if (event.type === 'KudosGiven' || event.type === 'KudosRevoked')
      return [kudosCardId(event.data.kudosId)];
    if (postEvents.has(event.type)) return [(event.data as { postId: string }).postId];
    return [];
  },

  evolve(doc, event, id): FeedDocument | null {
    switch (event.type) {
      case 'KudosGiven': {
        const { from, to, kindId, reason, givenAt } = event.data;
        return {
          _id: id,
          type: 'kudos',
          author: from,
          to,
          kind: kindId,
          reason,
          initiative: null,
          createdAt: givenAt,
        };
      }
      case 'KudosRevoked':
        return null;
      case 'PostCreated': {
        const { authorId, text, initiativeId, imageFileIds, images, mentions, createdAt } = event.data;
        return {
          _id: id,
          type: 'post',
          author: authorId,
          text,
          initiative: initiativeId,
          images: imageViewsOf(imageFileIds, images),
          mentions,
          likedBy: [],
          likeCount: 0,
          commentCount: 0,
          recentComments: [],
          createdAt,
          editedAt: null,
        };
      }
      case 'PostDeleted':
        return null;
      default:
        break;
    }
    if (doc === null || doc.type !== 'post') return doc;
    const post: PostItem = doc;
    switch (event.type) {
      case 'PostEdited':
        return {
          ...post,
          text: event.data.text,
          images: imageViewsOf(event.data.imageFileIds, event.data.images),
          mentions: event.data.mentions,
          editedAt: event.data.editedAt,
        };
      case 'PostImageRemoved':
        return { ...post, images: post.images.filter((image) => image.id !== event.data.fileId) };
      case 'PostLiked': {
        const likedBy = post.likedBy.includes(event.data.userId)
          ? post.likedBy
          : [...post.likedBy, event.data.userId];
        return { ...post, likedBy, likeCount: likedBy.length };
      }
      case 'PostUnliked': {
        const likedBy = post.likedBy.filter((user) => user !== event.data.userId);
        return { ...post, likedBy, likeCount: likedBy.length };
      }
      case 'CommentPosted': {
        const { commentId, authorId, text, postedAt } = event.data;
        const recentComments = [
          ...post.recentComments,
          { id: commentId, author: authorId, text, postedAt },
        ].slice(-recentCommentsKept);
        return { ...post, commentCount: post.commentCount + 1, recentComments };
      }
      case 'CommentDeleted':
        return {
          ...post,
          commentCount: Math.max(0, post.commentCount - 1),
          recentComments: post.recentComments.filter((comment) => comment.id !== event.data.commentId),
        };
      default:
        return post;
    }
  },
};

/** Every comment, for a post's page (paginated, oldest first). */
export interface CommentDocument extends ReadModel {
  readonly _id: string;
  readonly postId: string;
  readonly author: string;
  readonly text: string;
  readonly postedAt: number;
}

export const commentsProjection: Projection<CommentDocument> = {
  name: 'comments',
  version: 1,
  topics: ['posts'],
  indexes: [{ key: { postId: 1, postedAt: 1 } }],

  documentIds(event: RecordedEvent): readonly string[] {
    return event.type === 'CommentPosted' || event.type === 'CommentDeleted' ? [event.data.commentId] : [];
  },

  evolve(_doc, event, id): CommentDocument | null {
    if (event.type !== 'CommentPosted') return null;
    const { postId, authorId, text, postedAt } = event.data;
    return { _id: id, postId, author: authorId, text, postedAt };
  },
};
