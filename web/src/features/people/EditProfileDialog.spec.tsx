import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp, type RecordedCall } from '../../../test/render';
import ProfilePage from './ProfilePage';

const empty = { items: [], next: null };

function profileServer() {
  const me = {
    id: 'me-1',
    email: 'me@example.com',
    firstName: 'Mia',
    lastName: 'Meyer',
    bio: null as string | null,
    birthDate: null as string | null,
    mobile: null as string | null,
    gender: null as string | null,
    active: true,
    roles: [],
    status: null,
    kudosReceived: { total: 0, byKind: {} },
    avatar: null,
  };
  return fakeApi([
    ({ path, method, body }: RecordedCall) => {
      if (path !== '/users/me-1' || method !== 'PATCH') return undefined;
      Object.assign(me, body);
      return { body: { id: 'me-1', version: 2, position: 'users:0:7' } };
    },
    ({ path }) => (path === '/users/me' || path === '/users/me-1' ? { body: { ...me } } : undefined),
    ({ path }) =>
      path === '/genders'
        ? {
            body: {
              items: [
                { id: 'g-w', name: 'Woman', description: null, active: true },
                { id: 'g-old', name: 'Retired choice', description: null, active: false },
              ],
              next: null,
            },
          }
        : undefined,
    ({ path }) => (['/statuses', '/kudos-kinds'].includes(path) ? { body: empty } : undefined),
    ({ path }) => (path.startsWith('/users/me-1/') ? { body: empty } : undefined),
  ]);
}

describe('editing one’s own profile', () => {
  it('checks the mobile number, sends only the profile with one Idempotency-Key, and shows the result', async () => {
    const { calls } = profileServer();
    const user = userEvent.setup();
    renderApp(<ProfilePage />, { path: '/people/me-1', route: '/people/:id' });
    await user.click(await screen.findByRole('button', { name: 'Edit profile' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit your profile' });
    const field = (label: string) => within(dialog).getByLabelText(label);
    await user.clear(field('First name'));
    await user.type(field('First name'), 'Mira');
    await user.type(field('Bio'), 'Builds the onboarding flow.');
    await user.type(field('Birth date'), '1990-04-12');
    await user.type(field('Mobile'), '0612345678');
    await user.click(within(dialog).getByLabelText('Gender'));
    const options = await screen.findAllByRole('option');
    // Retired genders are not offered to someone who does not have one.
    expect(options.map((option) => option.textContent)).toEqual(['Not said', 'Woman']);
    await user.click(screen.getByRole('option', { name: 'Woman' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText(/Write it with the country code/)).toBeInTheDocument();
    expect(calls.filter((call) => call.method === 'PATCH')).toHaveLength(0);

    await user.clear(field('Mobile'));
    await user.type(field('Mobile'), '+31612345678');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const patches = calls.filter((call) => call.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toEqual({
      firstName: 'Mira',
      lastName: 'Meyer',
      bio: 'Builds the onboarding flow.',
      birthDate: '1990-04-12',
      mobile: '+31612345678',
      gender: 'g-w',
    });
    expect(patches[0]?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    // The page reads its own write: the new name and details, without a reload.
    expect(await screen.findByRole('heading', { level: 1, name: 'Mira Meyer' })).toBeInTheDocument();
    expect(await screen.findByText('Mobile +31612345678 · Born 12 April 1990 · Woman')).toBeInTheDocument();
    const reads = calls.filter((call) => call.path === '/users/me-1' && call.method === 'GET');
    expect(reads.at(-1)?.search.get('consistentWith')).toBe('users:0:7');
  });
});
