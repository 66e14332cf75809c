import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp } from '../../../test/render';
import { fakeUploads, imageFile, postImageAnswer } from '../../../test/uploads';
import type { PostItem, Profile } from '../../api/types';
import { PostCard } from './PostCard';

const me: Profile = {
  id: 'me-1',
  email: 'me@example.com',
  firstName: 'Mia',
  lastName: 'Meyer',
  bio: null,
  birthDate: null,
  mobile: null,
  gender: null,
  roles: [],
  active: true,
  status: null,
  kudosReceived: { total: 0, byKind: {} },
  avatar: null,
};
const imageOf = (id: string) => ({
  id,
  variants: { '640': { url: `/files/${id}/640`, width: 640, height: 480 } },
});
const post = {
  type: 'post',
  id: 'p-1',
  author: { id: 'me-1', firstName: 'Mia', lastName: 'Meyer', avatar: null },
  text: 'Our plants',
  initiative: null,
  images: [imageOf('f-1'), imageOf('f-2')],
  likeCount: 0,
  likedByMe: false,
  commentCount: 0,
  comments: [],
  createdAt: '2026-12-01T10:00:00.000Z',
  editedAt: null,
} as unknown as PostItem;

describe('editing a post', () => {
  it('takes an image out and uploads another beside the ones kept, then sends them in order', async () => {
    const { calls } = fakeApi([
      ({ path, method }) =>
        path === '/posts/p-1' && method === 'PATCH'
          ? { body: { id: 'p-1', version: 2, position: 'posts:0:9' } }
          : undefined,
    ]);
    const uploads = fakeUploads(() => ({ status: 201, body: postImageAnswer('f-3') }));
    const user = userEvent.setup();
    renderApp(<PostCard post={post} me={me} />);
    const card = screen.getByRole('article', { name: 'Post by Mia Meyer' });

    await user.click(within(card).getByRole('button', { name: 'Edit' }));
    await user.click(within(card).getByRole('button', { name: 'Remove image 1 of the post' }));
    await user.upload(within(card).getByLabelText('Add images'), imageFile('desk.jpg'));
    expect(await within(card).findByRole('button', { name: 'Uploading images…' })).toBeDisabled();
    act(() => uploads.release());
    await within(card).findByRole('img', { name: 'Uploaded: desk.jpg' });
    await user.clear(within(card).getByLabelText('Edit your post'));
    await user.type(within(card).getByLabelText('Edit your post'), 'Our plants and desk');
    await user.click(within(card).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(calls.some((call) => call.method === 'PATCH')).toBe(true));
    expect(calls.find((call) => call.method === 'PATCH')?.body).toEqual({
      text: 'Our plants and desk',
      images: ['f-2', 'f-3'],
    });
    expect(within(card).getByRole('button', { name: 'Edit' })).toBeInTheDocument();
  });
});
