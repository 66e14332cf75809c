import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp } from '../../../test/render';
import AdminPage from './AdminPage';

const admin = ['projections:manage', 'catalogs:manage'];

// Long journeys through a form or two: more than the default time on a loaded machine.
describe('the kudos budget tab', { timeout: 60_000 }, () => {
  it('shows the rule in force, refuses a fraction in words, and changes it', async () => {
    let rule = { perPeriod: 5, period: 'WEEK' };
    const { calls } = fakeApi([
      (call) => {
        if (call.method !== 'PUT' || call.path !== '/kudos-budget') return undefined;
        rule = call.body as typeof rule;
        return { body: { id: 'kudos-budget', version: 3, position: 'catalogs:1:9' } };
      },
      (call) =>
        call.path === '/users/me/kudos-budget'
          ? { body: { ...rule, periodKey: '2026-W49', given: 1, left: rule.perPeriod - 1 } }
          : undefined,
    ]);
    const user = userEvent.setup();
    renderApp(<AdminPage />, { path: '/admin?tab=budget', permissions: admin });
    expect(await screen.findByText(/each person may give 5 kudos per week/)).toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'Change the kudos budget' });
    const amount = within(form).getByLabelText('Kudos each person may give');
    await user.clear(amount);
    await user.type(amount, '2.5');
    await user.click(within(form).getByRole('button', { name: 'Change budget' }));
    expect(await within(form).findByText('Enter a whole number of kudos.')).toBeInTheDocument();
    expect(calls.some((call) => call.method === 'PUT')).toBe(false);

    await user.clear(amount);
    await user.type(amount, '20');
    await user.click(within(form).getByLabelText('Per'));
    await user.click(await screen.findByRole('option', { name: 'month' }));
    await user.click(within(form).getByRole('button', { name: 'Change budget' }));
    expect(await screen.findByText('Budget changed: it applies from now on.')).toBeInTheDocument();
    const sent = calls.find((call) => call.method === 'PUT');
    expect(sent?.body).toEqual({ perPeriod: 20, period: 'MONTH' });
    expect(sent?.headers.get('idempotency-key')).toBeTruthy();
    expect(screen.getByText(/each person may give 20 kudos per month/)).toBeInTheDocument();
    expect(
      calls.some(
        (call) =>
          call.path === '/users/me/kudos-budget' && call.search.get('consistentWith') === 'catalogs:1:9',
      ),
    ).toBe(true);
  });
});
