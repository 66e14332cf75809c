import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp, type RecordedCall } from '../../../test/render';
import { fakeUploads, imageFile } from '../../../test/uploads';
import type { InitiativeDetail, PostItem, Profile } from '../../api/types';
import InitiativeFeed from '../feed/InitiativeFeed';
import InitiativePage from './InitiativePage';

const person = (id: string, firstName: string) => ({ id, firstName, lastName: 'Test', avatar: null });
const me: Profile = {
  ...person('me-1', 'Mia'),
  email: 'mia@example.com',
  bio: '',
  roles: ['member'],
  status: null,
  kudosReceived: { total: 0, byKind: {} },
} as unknown as Profile;
const guild = (changes: Partial<InitiativeDetail> = {}): InitiativeDetail => ({
  id: 'i-1',
  name: 'Quiet guild',
  description: 'Deep work',
  visibility: 'invite-only',
  cover: null,
  startsAt: null,
  endsAt: null,
  owner: 'olga-2',
  memberCount: 2,
  archived: false,
  createdAt: '2026-12-01T09:00:00.000Z',
  myMembership: 'member',
  members: [
    { userId: 'olga-2', role: 'owner', user: person('olga-2', 'Olga') },
    { userId: 'me-1', role: 'member', user: person('me-1', 'Mia') },
  ],
  ...changes,
});
const postBy = (id: string, text: string): PostItem => ({
  type: 'post',
  id,
  author: person('olga-2', 'Olga'),
  text,
  initiative: 'i-1',
  images: [],
  mentions: [],
  likeCount: 0,
  likedByMe: false,
  commentCount: 0,
  comments: [],
  createdAt: '2026-12-01T10:00:00.000Z',
  editedAt: null,
});
const coverAnswer = {
  id: 'c-2',
  position: 'files:0:2',
  variants: {
    '1280x720': { url: '/files/c-2/1280x720', width: 1280, height: 720, bytes: 9000 },
    '640x360': { url: '/files/c-2/640x360', width: 640, height: 360, bytes: 3000 },
  },
};

const answers =
  (initiative: () => InitiativeDetail) =>
  ({ path, method, search }: RecordedCall) => {
    if (path === '/users/me') return { body: me };
    if (path === '/kudos-kinds') return { body: { items: [], next: null } };
    if (path === '/initiatives/i-1' && method === 'GET') return { body: initiative() };
    if (path === '/feed' && search.get('initiative') === 'i-1')
      return search.get('cursor') === 'page-2'
        ? { body: { items: [postBy('p-1', 'An older post of the guild')], next: null } }
        : { body: { items: [postBy('p-2', 'Welcome to the guild')], next: 'page-2' } };
    return undefined;
  };

const renderPage = () =>
  renderApp(<InitiativePage feed={InitiativeFeed} />, {
    path: '/initiatives/i-1',
    route: '/initiatives/:id',
  });

describe('the initiative page', () => {
  it("shows a member the initiative's posts a page at a time", async () => {
    const { calls } = fakeApi([answers(() => guild())]);
    const user = userEvent.setup();
    renderPage();
    const posts = await screen.findByRole('region', { name: 'Posts' });
    await within(posts).findByRole('article', { name: 'Post by Olga Test' });
    expect(within(posts).getByText('Welcome to the guild')).toBeInTheDocument();
    // The company feed's "Post in" choice is not offered: here a post goes into this initiative.
    expect(within(posts).queryByLabelText('Post in')).toBeNull();

    await user.click(within(posts).getByRole('button', { name: 'Load more' }));
    expect(await within(posts).findByText('An older post of the guild')).toBeInTheDocument();
    expect(calls.filter((call) => call.path === '/feed').map((call) => call.search.get('cursor'))).toContain(
      'page-2',
    );
  });

  it('posts into the initiative from its page', async () => {
    const { calls } = fakeApi([
      answers(() => guild()),
      ({ path, method }) =>
        path === '/posts' && method === 'POST'
          ? { status: 201, body: { id: 'p-3', version: 1, position: 'posts:0:9' } }
          : undefined,
    ]);
    const user = userEvent.setup();
    renderPage();
    const posts = await screen.findByRole('region', { name: 'Posts' });
    await within(posts).findByText('Welcome to the guild');
    await user.type(within(posts).getByLabelText('Share something with your colleagues'), 'Hello guild');
    await user.click(within(posts).getByRole('button', { name: 'Post' }));
    await waitFor(() =>
      expect(calls.find((call) => call.path === '/posts')?.body).toEqual({
        text: 'Hello guild',
        initiative: 'i-1',
      }),
    );
    expect(calls.find((call) => call.path === '/posts')?.headers.get('idempotency-key')).toBeTruthy();
  });

  it('shows someone who asked to join no posts and no composer', async () => {
    const { calls } = fakeApi([answers(() => guild({ myMembership: null }))]);
    renderPage();
    await screen.findByRole('heading', { level: 1, name: 'Quiet guild' });
    expect(screen.getByRole('button', { name: 'Ask to join' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Posts' })).toBeNull();
    expect(calls.some((call) => call.path === '/feed')).toBe(false);
  });

  it('lets the owner change the cover: uploaded, then set on the initiative', async () => {
    let current = guild({ owner: 'me-1', myMembership: 'owner' });
    const { calls } = fakeApi([
      ({ path, method }) => {
        if (path !== '/initiatives/i-1' || method !== 'PATCH') return undefined;
        current = { ...current, cover: { id: 'c-2', variants: coverAnswer.variants } };
        return { body: { id: 'i-1', version: 3, position: 'initiatives:0:4' } };
      },
      answers(() => current),
    ]);
    const uploads = fakeUploads(() => ({ status: 201, body: coverAnswer }));
    const user = userEvent.setup();
    renderPage();
    await user.upload(await screen.findByLabelText('Add a cover'), imageFile('team.jpg'));
    await screen.findByRole('progressbar', { name: 'Uploading team.jpg' });
    expect(uploads.sent[0]?.form.get('purpose')).toBe('cover');
    act(() => uploads.release());

    expect(await screen.findByRole('img', { name: 'Cover of Quiet guild' })).toHaveAttribute(
      'src',
      '/files/c-2/640x360',
    );
    const patch = calls.find((call) => call.path === '/initiatives/i-1' && call.method === 'PATCH');
    expect(patch?.body).toEqual({ cover: 'c-2' });
    expect(patch?.headers.get('idempotency-key')).toBeTruthy();
    // Read again at the position of the change: never the old cover after one's own write.
    expect(
      calls
        .filter((call) => call.path === '/initiatives/i-1' && call.method === 'GET')
        .at(-1)
        ?.search.get('consistentWith'),
    ).toBe('initiatives:0:4');
    expect(screen.getByLabelText('Change the cover')).toBeInTheDocument();
  });
});
