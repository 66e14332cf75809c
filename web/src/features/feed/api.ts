import { z } from 'zod/mini';
import { api } from '../../api/base';
import type {
  Comment,
  CommandAnswer,
  FeedItem,
  InitiativeSummary,
  Page,
  PostItem,
  UploadedImage,
} from '../../api/types';
import type { RootState } from '../../app/store';

export interface FeedFilter {
  readonly initiative?: string;
  readonly author?: string;
}

export const postSchema = z.object({
  text: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'Write something first.'),
      z.maxLength(5000, 'Keep a post under 5,000 characters.'),
    ),
  initiative: z.string(),
});
export type PostForm = z.infer<typeof postSchema>;

export const commentSchema = z.object({
  text: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'Write a comment first.'),
      z.maxLength(2000, 'Keep a comment under 2,000 characters.'),
    ),
});

type FeedPages = { pages: Page<FeedItem>[]; pageParams: (string | null)[] };

/** Changes one post wherever a cached feed holds it. */
function patchPost(
  dispatch: (action: unknown) => { undo: () => void },
  state: RootState,
  postId: string,
  change: (post: PostItem) => void,
): Array<{ undo: () => void }> {
  return feedApi.util.selectCachedArgsForQuery(state, 'feed').map((arg) =>
    dispatch(
      feedApi.util.updateQueryData('feed', arg, (draft: FeedPages) => {
        for (const page of draft.pages)
          for (const item of page.items) if (item.type === 'post' && item.id === postId) change(item);
      }),
    ),
  );
}

const clean = (filter: FeedFilter) =>
  Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined && value !== ''));

export const feedApi = api.injectEndpoints({
  endpoints: (build) => ({
    feed: build.infiniteQuery<Page<FeedItem>, FeedFilter, string | null>({
      infiniteQueryOptions: {
        initialPageParam: null,
        getNextPageParam: (last) => last.next,
      },
      query: ({ queryArg, pageParam }) => ({
        url: '/feed',
        params: { ...clean(queryArg), limit: 20, ...(pageParam ? { cursor: pageParam } : {}) },
      }),
      providesTags: ['Feed'],
    }),
    myInitiatives: build.query<Page<InitiativeSummary>, void>({
      query: () => ({ url: '/initiatives', params: { member: 'me', limit: 100 } }),
      providesTags: ['Initiatives'],
    }),
    comments: build.query<Page<Comment>, { postId: string; cursor?: string }>({
      query: ({ postId, cursor }) => ({
        url: `/posts/${encodeURIComponent(postId)}/comments`,
        params: { limit: 20, ...(cursor ? { cursor } : {}) },
      }),
      providesTags: (_result, _error, { postId }) => [{ type: 'Post', id: postId }],
    }),
    createPost: build.mutation<
      CommandAnswer,
      {
        text: string;
        initiative?: string;
        images?: UploadedImage[];
        idempotencyKey: string;
        author: PostItem['author'];
      }
    >({
      query: ({ idempotencyKey, author: _author, images, ...body }) => ({
        url: '/posts',
        method: 'POST',
        body: {
          ...body,
          ...(images && images.length > 0 ? { images: images.map((image) => image.id) } : {}),
        },
        idempotencyKey,
      }),
      // Shown at once as pending at the top of the feed it belongs to; confirmed by the re-read.
      async onQueryStarted(
        { text, initiative, images, idempotencyKey, author },
        { dispatch, getState, queryFulfilled },
      ) {
        const pending: PostItem = {
          type: 'post',
          id: `pending-${idempotencyKey}`,
          author,
          text,
          initiative: initiative ?? null,
          images: images ?? [],
          mentions: [],
          likeCount: 0,
          likedByMe: false,
          commentCount: 0,
          comments: [],
          createdAt: new Date().toISOString(),
          editedAt: null,
          pending: true,
        };
        const patches = feedApi.util
          .selectCachedArgsForQuery(getState() as RootState, 'feed')
          .filter(
            (arg) => (arg.initiative ?? undefined) === (initiative ?? undefined) && arg.author === undefined,
          )
          .map((arg) =>
            dispatch(
              feedApi.util.updateQueryData('feed', arg, (draft: FeedPages) => {
                draft.pages[0]?.items.unshift(pending);
              }),
            ),
          );
        try {
          await queryFulfilled;
        } catch {
          for (const patch of patches) patch.undo();
        }
      },
      invalidatesTags: ['Feed'],
    }),
    deletePost: build.mutation<CommandAnswer, { postId: string; idempotencyKey: string }>({
      query: ({ postId, idempotencyKey }) => ({
        url: `/posts/${encodeURIComponent(postId)}`,
        method: 'DELETE',
        idempotencyKey,
      }),
      invalidatesTags: ['Feed'],
    }),
    editPost: build.mutation<
      CommandAnswer,
      {
        postId: string;
        text: string;
        /** The post's images after the edit, in order (none: it shows no image). */
        images: string[];
        /** Those images as shown until the feed confirms the edit. */
        shown?: UploadedImage[];
        idempotencyKey: string;
      }
    >({
      query: ({ postId, text, images, idempotencyKey }) => ({
        url: `/posts/${encodeURIComponent(postId)}`,
        method: 'PATCH',
        body: { text, images },
        idempotencyKey,
      }),
      async onQueryStarted({ postId, text, shown }, { dispatch, getState, queryFulfilled }) {
        const patches = patchPost(dispatch, getState() as RootState, postId, (post) => {
          (post as { text: string }).text = text;
          if (shown !== undefined) (post as { images?: UploadedImage[] }).images = shown;
        });
        await queryFulfilled.catch(() => patches.forEach((patch) => patch.undo()));
      },
      invalidatesTags: ['Feed'],
    }),
    setLike: build.mutation<CommandAnswer, { postId: string; liked: boolean; idempotencyKey: string }>({
      query: ({ postId, liked, idempotencyKey }) => ({
        url: `/posts/${encodeURIComponent(postId)}/like`,
        method: liked ? 'PUT' : 'DELETE',
        idempotencyKey,
      }),
      // Optimistic: the heart and the count change at once, and change back if the server refuses.
      async onQueryStarted({ postId, liked }, { dispatch, getState, queryFulfilled }) {
        const patches = patchPost(dispatch, getState() as RootState, postId, (post) => {
          if (post.likedByMe === liked) return;
          const mutable = post as { likedByMe: boolean; likeCount: number };
          mutable.likedByMe = liked;
          mutable.likeCount += liked ? 1 : -1;
        });
        await queryFulfilled.catch(() => patches.forEach((patch) => patch.undo()));
      },
    }),
    addComment: build.mutation<
      CommandAnswer,
      { postId: string; text: string; idempotencyKey: string; author: PostItem['author'] }
    >({
      query: ({ postId, text, idempotencyKey }) => ({
        url: `/posts/${encodeURIComponent(postId)}/comments`,
        method: 'POST',
        body: { text },
        idempotencyKey,
      }),
      async onQueryStarted({ postId, text, author, idempotencyKey }, { dispatch, getState, queryFulfilled }) {
        const patches = patchPost(dispatch, getState() as RootState, postId, (post) => {
          const mutable = post as { commentCount: number; comments: Comment[] };
          mutable.commentCount += 1;
          mutable.comments.push({
            id: `pending-${idempotencyKey}`,
            author,
            text,
            postedAt: new Date().toISOString(),
          });
        });
        await queryFulfilled.catch(() => patches.forEach((patch) => patch.undo()));
      },
      invalidatesTags: (_result, error, { postId }) => (error ? [] : [{ type: 'Post', id: postId }, 'Feed']),
    }),
  }),
});

export const {
  useFeedInfiniteQuery,
  useMyInitiativesQuery,
  useCommentsQuery,
  useCreatePostMutation,
  useDeletePostMutation,
  useEditPostMutation,
  useSetLikeMutation,
  useAddCommentMutation,
} = feedApi;
