import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp, tokenFor } from '../../../test/render';
import SignUpPage from './SignUpPage';

async function fillIn(user: ReturnType<typeof userEvent.setup>, password = 'a long enough passphrase') {
  await user.type(await screen.findByLabelText('First name'), 'Nina');
  await user.type(screen.getByLabelText('Last name'), 'Novak');
  await user.type(screen.getByLabelText('Email'), 'nina@example.com');
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Create account' }));
}

describe('signing up', () => {
  it('registers without a token, with one Idempotency-Key, then signs the person in', async () => {
    const { calls } = fakeApi([
      ({ path, method }) =>
        path === '/users' && method === 'POST'
          ? { status: 201, body: { id: 'nina-1', version: 1, position: 'users:1:3' } }
          : undefined,
      ({ path }) =>
        path === '/auth/token'
          ? { body: { access_token: tokenFor('nina-1'), refresh_token: 'r-1', expires_in: 900 } }
          : undefined,
    ]);
    const user = userEvent.setup();
    const { store } = renderApp(<SignUpPage />, { userId: null, path: '/sign-up' });
    await fillIn(user, 'short');
    expect(await screen.findByText('Use at least 12 characters.')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'a long enough passphrase');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(store.getState().session.accessToken).toBe(tokenFor('nina-1')));
    const register = calls.find((call) => call.path === '/users');
    expect(register?.headers.get('authorization')).toBeNull();
    expect(register?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(register?.body).toEqual({
      firstName: 'Nina',
      lastName: 'Novak',
      email: 'nina@example.com',
      password: 'a long enough passphrase',
    });
    expect(calls.find((call) => call.path === '/auth/token')?.body).toMatchObject({
      grant_type: 'password',
      username: 'nina@example.com',
    });
  });

  it('says in words when the system does not allow signing up', async () => {
    fakeApi([
      ({ path }) =>
        path === '/users'
          ? {
              status: 401,
              body: {
                statusCode: 401,
                code: 'UNAUTHENTICATED',
                message: 'registering people needs an admin token',
              },
            }
          : undefined,
    ]);
    const user = userEvent.setup();
    renderApp(<SignUpPage />, { userId: null, path: '/sign-up' });
    await fillIn(user);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This organisation does not let people sign up themselves. Ask an admin to register you.',
    );
    // Nothing typed is lost.
    expect(screen.getByLabelText('Email')).toHaveValue('nina@example.com');
  });
});
