import { api } from '../../api/base';
import type { CommandAnswer } from '../../api/types';

export const avatarApi = api.injectEndpoints({
  endpoints: (build) => ({
    /** Sets (a file id from POST /files with purpose avatar) or removes (null) a person's avatar. */
    setAvatar: build.mutation<
      CommandAnswer,
      { userId: string; avatar: string | null; idempotencyKey: string }
    >({
      query: ({ userId, avatar, idempotencyKey }) => ({
        url: `/users/${encodeURIComponent(userId)}`,
        method: 'PATCH',
        body: { avatar },
        idempotencyKey,
      }),
      invalidatesTags: (_result, _error, { userId }) => [{ type: 'User', id: userId }, 'Me', 'Users', 'Feed'],
    }),
  }),
});

export const { useSetAvatarMutation } = avatarApi;
