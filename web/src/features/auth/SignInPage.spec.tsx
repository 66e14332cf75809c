import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp, tokenFor } from '../../../test/render';
import SignInPage from './SignInPage';

describe('signing in', () => {
  it('says the password is wrong in words', async () => {
    fakeApi([
      ({ path }) =>
        path === '/auth/token'
          ? {
              status: 400,
              body: { error: 'invalid_grant', error_description: 'the email or password is wrong' },
            }
          : undefined,
    ]);
    const user = userEvent.setup();
    renderApp(<SignInPage />, { userId: null, path: '/sign-in?next=/people' });
    await user.type(await screen.findByLabelText('Email'), 'mia@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The email or password is wrong.');
  });

  it('goes back where the person was, keeping the rotating refresh token', async () => {
    const { calls } = fakeApi([
      ({ path }) =>
        path === '/auth/token'
          ? {
              body: {
                access_token: tokenFor('mia'),
                refresh_token: 'r-1',
                token_type: 'Bearer',
                expires_in: 900,
              },
            }
          : undefined,
    ]);
    const user = userEvent.setup();
    const { router, store } = renderApp(<SignInPage />, {
      userId: null,
      path: '/sign-in?next=%2Fpeople%2Fbob',
    });
    await user.type(await screen.findByLabelText('Email'), 'mia@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await expect.poll(() => router.state.location.pathname).toBe('/people/bob');
    expect(store.getState().session.userId).toBe('mia');
    expect(localStorage.getItem('engage.refreshToken')).toBe('r-1');
    expect(calls[0]?.body).toEqual({
      grant_type: 'password',
      username: 'mia@example.com',
      password: 'correct horse',
    });
  });
});
