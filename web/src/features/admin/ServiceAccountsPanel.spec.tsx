import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp } from '../../../test/render';
import AdminPage from './AdminPage';

const admin = ['projections:manage', 'clients:manage'];
const roles = ['member', 'auditor'].map((id) => ({
  id,
  name: id,
  description: '',
  active: true,
  permissions: [],
}));

// Long journeys through a form or two: more than the default time on a loaded machine.
describe('the service accounts tab', { timeout: 60_000 }, () => {
  it('creates an account, shows its secret once, and deletes an account', async () => {
    const accounts = [
      { clientId: 'svc-old', name: 'Old sync', roles: ['member'], createdAt: '2026-11-01T09:00:00.000Z' },
    ];
    const { calls } = fakeApi([
      (call) => {
        if (call.method === 'POST' && call.path === '/auth/clients') {
          const created = {
            clientId: 'svc-new',
            name: 'HR export',
            roles: ['auditor'],
            createdAt: '2026-12-02T10:00:00.000Z',
          };
          accounts.push(created);
          return { status: 201, body: { ...created, clientSecret: 's3cr3t-shown-once' } };
        }
        if (call.method === 'DELETE' && call.path === '/auth/clients/svc-old') {
          accounts.splice(0, 1);
          return { status: 204 };
        }
        return undefined;
      },
      (call) => (call.path === '/auth/clients' ? { body: { items: accounts, next: null } } : undefined),
      (call) => (call.path === '/roles' ? { body: { items: roles, next: null } } : undefined),
    ]);
    const user = userEvent.setup();
    renderApp(<AdminPage />, { path: '/admin?tab=service-accounts', permissions: admin });
    expect(await screen.findByRole('article', { name: 'Service account Old sync' })).toHaveTextContent(
      'Client id svc-old',
    );

    const form = screen.getByRole('form', { name: 'New service account' });
    await user.click(within(form).getByRole('button', { name: 'Create account' }));
    expect(await within(form).findByText('Name what the account is for.')).toBeInTheDocument();
    expect(within(form).getByText('Give it at least one role.')).toBeInTheDocument();

    await user.type(within(form).getByLabelText('What it is for'), 'HR export');
    await user.click(within(form).getByLabelText('Roles'));
    await user.click(await screen.findByRole('option', { name: 'auditor' }));
    await user.click(within(form).getByRole('button', { name: 'Create account' }));
    const secret = await screen.findByRole('dialog', { name: 'Copy the secret of HR export now' });
    expect(within(secret).getByLabelText('Client secret')).toHaveValue('s3cr3t-shown-once');
    expect(within(secret).getByLabelText('Client id')).toHaveValue('svc-new');
    const sent = calls.find((call) => call.method === 'POST');
    expect(sent?.body).toEqual({ name: 'HR export', roles: ['auditor'] });
    expect(sent?.headers.get('idempotency-key')).toBeTruthy();
    await user.click(within(secret).getByRole('button', { name: 'I have stored it' }));
    await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
    // Gone for good: the list never carries a secret.
    expect(screen.queryByText('s3cr3t-shown-once')).toBeNull();
    expect(await screen.findByRole('article', { name: 'Service account HR export' })).toBeInTheDocument();

    const old = screen.getByRole('article', { name: 'Service account Old sync' });
    await user.click(within(old).getByRole('button', { name: 'Delete' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete Old sync?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await expect.poll(() => screen.queryByRole('article', { name: 'Service account Old sync' })).toBeNull();
  });
});
