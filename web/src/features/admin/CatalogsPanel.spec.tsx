import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp, type RecordedCall } from '../../../test/render';
import AdminPage from './AdminPage';

const admin = ['projections:manage', 'catalogs:manage', 'roles:manage'];
const entry = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  description: '',
  active: true,
  ...extra,
});
const page = (items: unknown[]) => ({ items, next: null });
const position = 'catalogs:0:41';

/** A catalog served from `items`, which a test changes to play the server's side of a write. */
function catalogServer(catalogs: Record<string, ReturnType<typeof entry>[]>) {
  return (call: RecordedCall) => {
    const name = call.path.slice(1);
    if (call.method === 'GET' && name in catalogs) return { body: page(catalogs[name] ?? []) };
    return undefined;
  };
}

// Long journeys through a form or two: more than the default time on a loaded machine.
describe('the catalogs tab', { timeout: 60_000 }, () => {
  it('lists each catalog, and adds a kudos kind the list then reads back consistentWith the write', async () => {
    const catalogs = {
      'kudos-kinds': [entry('k-1', 'Teamwork', { description: 'Pulled together' })],
      statuses: [entry('s-1', 'On leave', { active: false })],
      genders: [entry('g-1', 'Woman')],
      roles: [entry('member', 'member', { permissions: ['kudos:give', 'people:read'] })],
    };
    const { calls } = fakeApi([
      (call) => {
        if (call.method !== 'POST' || call.path !== '/kudos-kinds') return undefined;
        catalogs['kudos-kinds'].push(entry('k-2', 'Mentoring', { description: 'Taught us' }));
        return { status: 201, body: { id: 'k-2', version: 1, position } };
      },
      catalogServer(catalogs),
    ]);
    const user = userEvent.setup();
    renderApp(<AdminPage />, { path: '/admin?tab=catalogs', permissions: admin });

    const kinds = await screen.findByRole('region', { name: 'Kudos kinds' });
    expect(await within(kinds).findByText('Teamwork')).toBeInTheDocument();
    expect(within(kinds).getByText('Pulled together')).toBeInTheDocument();
    const statuses = screen.getByRole('region', { name: 'Statuses' });
    expect(await within(statuses).findByText('Retired')).toBeInTheDocument();
    const roles = screen.getByRole('region', { name: 'Roles' });
    expect(await within(roles).findByRole('list', { name: 'Permissions of member' })).toHaveTextContent(
      'kudos:givepeople:read',
    );

    const form = within(kinds).getByRole('form', { name: 'Add a kudos kind' });
    await user.click(within(form).getByRole('button', { name: 'Add kudos kind' }));
    expect(within(form).getByText('Enter a name.')).toBeInTheDocument();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);

    await user.type(within(form).getByLabelText('Name'), 'Mentoring');
    await user.type(within(form).getByLabelText('Description (optional)'), 'Taught us');
    await user.click(within(form).getByRole('button', { name: 'Add kudos kind' }));
    const sent = calls.find((call) => call.method === 'POST');
    expect(sent?.body).toEqual({ name: 'Mentoring', description: 'Taught us' });
    expect(sent?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    // The list is read again consistentWith the write, and then holds it for real.
    await expect
      .poll(() =>
        calls.some((call) => call.path === '/kudos-kinds' && call.search.get('consistentWith') === position),
      )
      .toBe(true);
    await expect.poll(() => within(kinds).queryByText('Saving…')).toBeNull();
    expect(within(kinds).getByText('Mentoring')).toBeInTheDocument();
    expect(within(form).getByLabelText('Name')).toHaveValue('');
  });

  it('renames and retires a status, and says why a taken name is refused', async () => {
    const catalogs = {
      'kudos-kinds': [],
      statuses: [entry('s-1', 'Remote', { description: 'Working from home' })],
      genders: [],
      roles: [],
    };
    let tries = 0;
    const { calls } = fakeApi([
      (call) => {
        if (call.method !== 'PATCH' || call.path !== '/statuses/s-1') return undefined;
        tries += 1;
        if (tries === 1)
          return { status: 409, body: { statusCode: 409, code: 'NAME_TAKEN', message: 'taken' } };
        catalogs.statuses = [
          entry('s-1', 'Home office', { description: 'Working from home', active: false }),
        ];
        return { body: { id: 's-1', version: 2, position } };
      },
      catalogServer(catalogs),
    ]);
    const user = userEvent.setup();
    renderApp(<AdminPage />, { path: '/admin?tab=catalogs', permissions: admin });
    const statuses = await screen.findByRole('region', { name: 'Statuses' });
    await user.click(await within(statuses).findByRole('button', { name: 'Change Remote' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change the status Remote' });
    const name = within(dialog).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Home office');
    await user.click(within(dialog).getByRole('switch', { name: 'Offered to people' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText(/Another entry already has this name/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
    const patches = calls.filter((call) => call.method === 'PATCH');
    expect(patches.map((call) => call.body)).toEqual([
      { name: 'Home office', description: 'Working from home', active: false },
      { name: 'Home office', description: 'Working from home', active: false },
    ]);
    // One intent, one key: the retry after a refusal is the same request.
    expect(patches[0]?.headers.get('idempotency-key')).toBe(patches[1]?.headers.get('idempotency-key'));
    expect(await within(statuses).findByText('Retired')).toBeInTheDocument();
    expect(within(statuses).getByText('Home office')).toBeInTheDocument();
  });

  it('adds a role with permissions and changes what a role grants', async () => {
    const catalogs = {
      'kudos-kinds': [],
      statuses: [],
      genders: [],
      roles: [entry('auditor', 'auditor', { permissions: ['audit:read'] })],
    };
    const { calls } = fakeApi([
      (call) => {
        if (call.method === 'POST' && call.path === '/roles') {
          catalogs.roles.push(entry('moderator', 'moderator', { permissions: ['kudos:moderate'] }));
          return { status: 201, body: { id: 'moderator', version: 1, position } };
        }
        if (call.method === 'PATCH' && call.path === '/roles/auditor')
          return {
            status: 409,
            body: { statusCode: 409, code: 'BUILT_IN_PERMISSION', message: 'keeps audit:read' },
          };
        return undefined;
      },
      catalogServer(catalogs),
    ]);
    const user = userEvent.setup();
    renderApp(<AdminPage />, { path: '/admin?tab=catalogs', permissions: admin });
    const roles = await screen.findByRole('region', { name: 'Roles' });
    const form = within(roles).getByRole('form', { name: 'Add a role' });
    await user.type(within(form).getByLabelText('Role name'), 'Moderator!');
    await user.type(within(form).getByLabelText('Permissions'), 'Kudos{Enter}');
    await user.click(within(form).getByRole('button', { name: 'Add role' }));
    expect(within(form).getByText(/lower-case letters, digits or dashes/)).toBeInTheDocument();
    expect(within(form).getByText(/reads like area:action/)).toBeInTheDocument();

    await user.clear(within(form).getByLabelText('Role name'));
    await user.type(within(form).getByLabelText('Role name'), 'moderator');
    // Backspace in the picker takes the last permission back.
    await user.type(within(form).getByLabelText('Permissions'), '{Backspace}kudos:moderate{Enter}');
    await user.click(within(form).getByRole('button', { name: 'Add role' }));
    await expect
      .poll(() => calls.find((call) => call.method === 'POST')?.body)
      .toEqual({
        name: 'moderator',
        description: '',
        permissions: ['kudos:moderate'],
      });
    expect(await within(roles).findByRole('article', { name: 'Role moderator' })).toBeInTheDocument();

    await user.click(within(roles).getByRole('button', { name: 'Change the role auditor' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change the role auditor' });
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText(/A built-in role keeps the permissions/)).toBeInTheDocument();
    expect(calls.find((call) => call.method === 'PATCH')?.body).toEqual({
      description: '',
      permissions: ['audit:read'],
    });
  });
});
