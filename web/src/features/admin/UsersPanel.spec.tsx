import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp } from '../../../test/render';
import AdminPage from './AdminPage';

const admin = ['projections:manage', 'users:manage', 'roles:manage'];
const person = (id: string, firstName: string, roles: string[], active = true) => ({
  id,
  email: `${firstName.toLowerCase()}@example.com`,
  firstName,
  lastName: 'Quist',
  bio: null,
  birthDate: null,
  mobile: null,
  gender: null,
  roles,
  active,
  status: null,
  kudosReceived: { total: 0, byKind: {} },
  avatar: null,
});
const roles = ['member', 'admin', 'auditor'].map((id) => ({
  id,
  name: id,
  description: '',
  active: true,
  permissions: [],
}));

/** The server's side: Ann and Bob, and the changes the tab sends to Ann's account. */
function peopleServer() {
  const ann = person('ann-1', 'Ann', ['member']);
  const people = [ann, person('bob-2', 'Bob', ['member', 'auditor'])];
  return fakeApi([
    (call) => {
      if (call.method === 'POST' && call.path === '/users/ann-1/roles') {
        ann.roles = [...ann.roles, (call.body as { role: string }).role];
        return { body: { id: 'ann-1', version: 2, position: 'users:0:5' } };
      }
      if (call.method === 'DELETE' && call.path === '/users/ann-1/roles/member') {
        ann.roles = ann.roles.filter((role) => role !== 'member');
        return { body: { id: 'ann-1', version: 3, position: 'users:0:6' } };
      }
      if (call.method === 'POST' && call.path === '/users/ann-1/deactivate') {
        ann.active = false;
        return { body: { id: 'ann-1', version: 4, position: 'users:0:7' } };
      }
      return undefined;
    },
    (call) =>
      call.path === '/users'
        ? {
            body: {
              items: people.filter((one) => one.firstName.includes(call.search.get('q') ?? '')),
              next: null,
            },
          }
        : undefined,
    (call) => (call.path === '/roles' ? { body: { items: roles, next: null } } : undefined),
  ]);
}

// Long journeys through a form or two: more than the default time on a loaded machine.
describe('the users tab', { timeout: 60_000 }, () => {
  it('finds people, gives a role and takes one', async () => {
    const { calls } = peopleServer();
    const user = userEvent.setup();
    renderApp(<AdminPage />, { path: '/admin?tab=users', permissions: admin });
    expect(await screen.findByRole('article', { name: 'Bob Quist' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Find people'), 'Ann');
    await expect.poll(() => screen.queryByRole('article', { name: 'Bob Quist' })).toBeNull();
    expect(calls.some((call) => call.path === '/users' && call.search.get('q') === 'Ann')).toBe(true);

    const row = screen.getByRole('article', { name: 'Ann Quist' });
    await user.click(within(row).getByLabelText('Role to give'));
    await user.click(await screen.findByRole('option', { name: 'auditor' }));
    await user.click(within(row).getByRole('button', { name: 'Give role' }));
    await expect
      .poll(() => within(row).getByRole('list', { name: 'Roles of Ann Quist' }).textContent)
      .toContain('auditor');
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ role: 'auditor' });
    // The list was read again consistentWith the change before it showed it.
    expect(
      calls.some((call) => call.path === '/users' && call.search.get('consistentWith') === 'users:0:5'),
    ).toBe(true);

    await user.click(within(row).getByRole('button', { name: 'Take the role member from Ann Quist' }));
    await expect
      .poll(() => within(row).getByRole('list', { name: 'Roles of Ann Quist' }).textContent)
      .not.toContain('member');
  });

  it('deactivates an account, with a reason', async () => {
    const { calls } = peopleServer();
    const user = userEvent.setup();
    renderApp(<AdminPage />, { path: '/admin?tab=users', permissions: admin });
    const row = await screen.findByRole('article', { name: 'Ann Quist' });
    await user.click(within(row).getByRole('button', { name: 'Deactivate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deactivate Ann Quist?' });
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    expect(
      await within(dialog).findByText('Say why: the reason is kept in the history.'),
    ).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Reason'), 'Left the company');
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    expect(await within(row).findByText('Deactivated')).toBeInTheDocument();
    const deactivation = calls.find((call) => call.path === '/users/ann-1/deactivate');
    expect(deactivation?.body).toEqual({ reason: 'Left the company' });
    expect(deactivation?.headers.get('idempotency-key')).toBeTruthy();
    expect(within(row).queryByRole('button', { name: 'Deactivate' })).toBeNull();
  });

  it('says in words why a role could not be given, and keeps the admin’s own account out of reach', async () => {
    fakeApi([
      (call) =>
        call.method === 'POST'
          ? { status: 404, body: { statusCode: 404, code: 'UNKNOWN_ROLE', message: 'no role' } }
          : undefined,
      (call) =>
        call.path === '/users'
          ? { body: { items: [person('ann-1', 'Ann', []), person('me-1', 'Mia', ['admin'])], next: null } }
          : undefined,
      (call) => (call.path === '/roles' ? { body: { items: roles, next: null } } : undefined),
    ]);
    const user = userEvent.setup();
    renderApp(<AdminPage />, { path: '/admin?tab=users', permissions: admin });
    const row = await screen.findByRole('article', { name: 'Ann Quist' });
    expect(within(row).getByText('No roles')).toBeInTheDocument();
    // The signed-in admin cannot take their own roles or deactivate themselves here.
    const mine = screen.getByRole('article', { name: 'Mia Quist' });
    expect(within(mine).getByRole('button', { name: 'Take the role admin from Mia Quist' })).toBeDisabled();
    expect(within(mine).queryByRole('button', { name: 'Deactivate' })).toBeNull();
    await user.click(within(row).getByLabelText('Role to give'));
    await user.click(await screen.findByRole('option', { name: 'admin' }));
    await user.click(within(row).getByRole('button', { name: 'Give role' }));
    expect(await within(row).findByText('That role does not exist.')).toBeInTheDocument();
  });
});
