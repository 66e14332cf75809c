import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp } from '../../../test/render';
import type { PostItem } from '../../api/types';
import FeedPage from './FeedPage';

const me = {
  id: 'me-1',
  email: 'me@example.com',
  firstName: 'Mia',
  lastName: 'Meyer',
  active: true,
  roles: [],
};
const post: PostItem = {
  type: 'post',
  id: 'p-1',
  author: { id: 'bob-2', firstName: 'Bob', lastName: 'Brown', avatar: null },
  text: 'Shipped the new onboarding',
  initiative: null,
  images: [],
  mentions: [],
  likeCount: 2,
  likedByMe: false,
  commentCount: 0,
  comments: [],
  createdAt: '2026-12-01T10:00:00.000Z',
  editedAt: null,
};
const common = [
  ({ path }: { path: string }) => (path === '/users/me' ? { body: me } : undefined),
  ({ path }: { path: string }) => (path === '/kudos-kinds' ? { body: { items: [], next: null } } : undefined),
  ({ path }: { path: string }) => (path === '/initiatives' ? { body: { items: [], next: null } } : undefined),
  ({ path, method }: { path: string; method: string }) =>
    path === '/feed' && method === 'GET' ? { body: { items: [post], next: null } } : undefined,
];

describe('the feed', () => {
  it('likes a post at once, and takes the like back when the server refuses', async () => {
    fakeApi([
      ...common,
      ({ path }) =>
        path === '/posts/p-1/like'
          ? { status: 403, body: { statusCode: 403, code: 'FORBIDDEN', message: 'no' } }
          : undefined,
    ]);
    const user = userEvent.setup();
    renderApp(<FeedPage />);
    const card = await screen.findByRole('article', { name: 'Post by Bob Brown' });
    await user.click(within(card).getByRole('button', { name: 'Like' }));
    expect(await within(card).findByRole('alert')).toHaveTextContent('You are not allowed to do this.');
    expect(within(card).getByText('2 likes')).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Like' })).toHaveAttribute('aria-pressed', 'false');
  });

  it('posts with an Idempotency-Key and re-reads the feed at the position the post was written', async () => {
    const { calls } = fakeApi([
      ...common,
      ({ path, method }) =>
        path === '/posts' && method === 'POST'
          ? { status: 201, body: { id: 'p-2', version: 1, position: 'posts:1:7' } }
          : undefined,
    ]);
    const user = userEvent.setup();
    renderApp(<FeedPage />);
    await screen.findByRole('article', { name: 'Post by Bob Brown' });
    await user.type(screen.getByLabelText('Share something with your colleagues'), 'Hello team');
    await user.click(screen.getByRole('button', { name: 'Post' }));
    const sent = calls.find((call) => call.method === 'POST' && call.path === '/posts');
    expect(sent?.body).toEqual({ text: 'Hello team' });
    expect(sent?.headers.get('idempotency-key')).toBeTruthy();
    await screen.findByLabelText('Share something with your colleagues');
    await expect
      .poll(() =>
        calls
          .filter((call) => call.path === '/feed')
          .at(-1)
          ?.search.get('consistentWith'),
      )
      .toBe('posts:1:7');
  });
});
