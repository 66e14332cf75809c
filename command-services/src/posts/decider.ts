import type { DomainEvent } from '@engage/event-log';
import type { ImageRef } from '@engage/schemas';
import { DomainError, type Decider } from '../runtime/decider.ts';
import type { ForgetDeletedFile } from '../shared/images.ts';
import { requireActor, requireText } from '../shared/text.ts';

/** Where a new post goes, as the shell found it: the company feed, or an initiative. */
export type PostPlace =
  | { readonly kind: 'company' }
  | {
      readonly kind: 'initiative';
      readonly initiativeId: string;
      readonly exists: boolean;
      readonly archived: boolean;
      readonly authorIsMember: boolean;
    };

export interface PostContent {
  readonly text: string;
  /** Checked by the shell: files uploaded for posts, the sender's (or already in the post). */
  readonly images: readonly ImageRef[];
  readonly mentions: readonly string[];
}

/**
 * A post, its comments and its likes: one aggregate, so a like and an unlike of one person never
 * race, and the like count is exact. `moderator`: the sender may moderate posts (admins);
 * `canSee`: the post is visible to the sender (its initiative is public, or they are a member).
 */
export type PostCommand =
  | { readonly type: 'CreatePost'; readonly data: PostContent & { readonly place: PostPlace } }
  | { readonly type: 'EditPost'; readonly data: PostContent & { readonly moderator: boolean } }
  | { readonly type: 'DeletePost'; readonly data: { readonly moderator: boolean } }
  | {
      readonly type: 'PostComment';
      readonly data: { readonly commentId: string; readonly text: string; readonly canSee: boolean };
    }
  | {
      readonly type: 'DeleteComment';
      readonly data: { readonly commentId: string; readonly moderator: boolean };
    }
  | { readonly type: 'LikePost'; readonly data: { readonly canSee: boolean } }
  | { readonly type: 'UnlikePost'; readonly data: { readonly canSee: boolean } }
  | ForgetDeletedFile;

export interface PostState {
  readonly authorId: string | null;
  readonly deleted: boolean;
  /** Live comments and who wrote each. */
  readonly comments: ReadonlyMap<string, string>;
  readonly likedBy: ReadonlySet<string>;
  /** The files the post shows as images. */
  readonly imageFileIds: readonly string[];
}

export const maxImages = 10;
export const maxMentions = 20;

function checkContent(content: PostContent): void {
  requireText('text', content.text, 1, 5000);
  if (uniqueImages(content.images).length > maxImages)
    throw new DomainError('TOO_MANY_IMAGES', `a post has at most ${maxImages} images`);
  if (content.mentions.length > maxMentions)
    throw new DomainError('TOO_MANY_MENTIONS', `a post mentions at most ${maxMentions} people`);
}

/** The post, when it exists and is not deleted. */
function live(state: PostState): PostState & { authorId: string } {
  if (state.authorId === null) throw new DomainError('NOT_FOUND', 'there is no such post');
  if (state.deleted) throw new DomainError('POST_DELETED', 'this post was deleted');
  return state as PostState & { authorId: string };
}

function visible(state: PostState, canSee: boolean): PostState & { authorId: string } {
  const post = live(state);
  // A post the sender may not see is, to them, no post at all.
  if (!canSee) throw new DomainError('NOT_FOUND', 'there is no such post');
  return post;
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];

function uniqueImages(images: readonly ImageRef[]): ImageRef[] {
  const ids = new Set<string>();
  return images.filter((image) => !ids.has(image.fileId) && ids.add(image.fileId));
}

/** The images' fields of an event: their ids, and their variants. */
function imageFields(images: readonly ImageRef[]) {
  const kept = uniqueImages(images);
  return { imageFileIds: kept.map((image) => image.fileId), images: kept };
}

export const postDecider: Decider<PostCommand, PostState> = {
  initialState: { authorId: null, deleted: false, comments: new Map(), likedBy: new Set(), imageFileIds: [] },

  decide(command, state, context): DomainEvent[] {
    const actor = requireActor(context.actor);
    const postId = context.aggregateId;
    const now = context.now;
    switch (command.type) {
      case 'CreatePost': {
        if (state.authorId !== null) throw new DomainError('ALREADY_EXISTS', `post ${postId} already exists`);
        checkContent(command.data);
        const { place } = command.data;
        if (place.kind === 'initiative') {
          if (!place.exists) throw new DomainError('UNKNOWN_INITIATIVE', 'there is no such initiative');
          if (place.archived)
            throw new DomainError('INITIATIVE_ARCHIVED', 'this initiative is archived: no new posts');
          if (!place.authorIsMember)
            throw new DomainError('NOT_A_MEMBER', 'only members of an initiative post in it; join it first');
        }
        return [
          {
            type: 'PostCreated',
            data: {
              postId,
              authorId: actor,
              text: command.data.text,
              initiativeId: place.kind === 'initiative' ? place.initiativeId : null,
              ...imageFields(command.data.images),
              mentions: unique(command.data.mentions),
              createdAt: now,
            },
          },
        ];
      }
      case 'EditPost': {
        const post = live(state);
        if (post.authorId !== actor && !command.data.moderator)
          throw new DomainError('NOT_AUTHOR', "only a post's author or an admin may edit it");
        checkContent(command.data);
        return [
          {
            type: 'PostEdited',
            data: {
              postId,
              text: command.data.text,
              ...imageFields(command.data.images),
              mentions: unique(command.data.mentions),
              editedBy: actor,
              editedAt: now,
            },
          },
        ];
      }
      case 'DeletePost': {
        const post = live(state);
        if (post.authorId !== actor && !command.data.moderator)
          throw new DomainError('NOT_AUTHOR', "only a post's author or an admin may delete it");
        return [{ type: 'PostDeleted', data: { postId, deletedBy: actor, deletedAt: now } }];
      }
      case 'PostComment': {
        visible(state, command.data.canSee);
        requireText('text', command.data.text, 1, 2000);
        if (state.comments.has(command.data.commentId))
          throw new DomainError('ALREADY_EXISTS', 'that comment already exists');
        return [
          {
            type: 'CommentPosted',
            data: {
              postId,
              commentId: command.data.commentId,
              authorId: actor,
              text: command.data.text,
              postedAt: now,
              postAuthorId: state.authorId,
            },
          },
        ];
      }
      case 'DeleteComment': {
        const post = live(state);
        const author = state.comments.get(command.data.commentId);
        if (author === undefined) throw new DomainError('NOT_FOUND', 'there is no such comment');
        if (author !== actor && post.authorId !== actor && !command.data.moderator)
          throw new DomainError(
            'NOT_AUTHOR',
            "only the comment's author, the post's author or an admin may delete it",
          );
        return [
          {
            type: 'CommentDeleted',
            data: { postId, commentId: command.data.commentId, deletedBy: actor, deletedAt: now },
          },
        ];
      }
      case 'LikePost':
        visible(state, command.data.canSee);
        // Liking twice is a no-op, not an error.
        return state.likedBy.has(actor)
          ? []
          : [
              {
                type: 'PostLiked',
                data: { postId, userId: actor, likedAt: now, postAuthorId: state.authorId },
              },
            ];
      case 'UnlikePost':
        visible(state, command.data.canSee);
        return state.likedBy.has(actor)
          ? [{ type: 'PostUnliked', data: { postId, userId: actor, unlikedAt: now } }]
          : [];
      case 'ForgetDeletedFile': {
        const { fileId } = command.data;
        return state.deleted || !state.imageFileIds.includes(fileId)
          ? []
          : [{ type: 'PostImageRemoved', data: { postId, fileId, removedAt: now } }];
      }
    }
  },

  evolve(state, event): PostState {
    switch (event.type) {
      case 'PostCreated':
        return { ...state, authorId: event.data.authorId, imageFileIds: event.data.imageFileIds };
      case 'PostEdited':
        return { ...state, imageFileIds: event.data.imageFileIds };
      case 'PostImageRemoved':
        return { ...state, imageFileIds: state.imageFileIds.filter((id) => id !== event.data.fileId) };
      case 'PostDeleted':
        return { ...state, deleted: true };
      case 'CommentPosted':
        return {
          ...state,
          comments: new Map([...state.comments, [event.data.commentId, event.data.authorId]]),
        };
      case 'CommentDeleted': {
        const comments = new Map(state.comments);
        comments.delete(event.data.commentId);
        return { ...state, comments };
      }
      case 'PostLiked':
        return { ...state, likedBy: new Set([...state.likedBy, event.data.userId]) };
      case 'PostUnliked':
        return {
          ...state,
          likedBy: new Set([...state.likedBy].filter((user) => user !== event.data.userId)),
        };
      default:
        return state;
    }
  },
};
