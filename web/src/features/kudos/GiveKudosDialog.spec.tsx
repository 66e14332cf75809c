import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp, type RecordedCall } from '../../../test/render';
import { GiveKudosDialog } from './GiveKudosDialog';

const me = {
  id: 'me-1',
  email: 'me@example.com',
  firstName: 'Mia',
  lastName: 'Meyer',
  active: true,
  roles: [],
};
const bob = {
  id: 'bob-2',
  email: 'bob@example.com',
  firstName: 'Bob',
  lastName: 'Brown',
  active: true,
  roles: [],
};

function kudosServer(options: { refuse?: { status: number; code: string } } = {}) {
  let given = 0;
  return fakeApi([
    ({ path }) => (path === '/users/me' ? { body: me } : undefined),
    ({ path }) => (path === '/users/bob-2' ? { body: bob } : undefined),
    ({ path }) => (path === '/users' ? { body: { items: [me, bob], next: null } } : undefined),
    ({ path }) =>
      path === '/kudos-kinds'
        ? {
            body: {
              items: [{ id: 'teamwork', name: 'Teamwork', description: '', active: true }],
              next: null,
            },
          }
        : undefined,
    ({ path }) =>
      path === '/users/me/kudos-budget'
        ? { body: { perPeriod: 10, period: 'WEEK', periodKey: '2026-W49', given, left: 10 - given } }
        : undefined,
    ({ path, method }: RecordedCall) => {
      if (path !== '/kudos' || method !== 'POST') return undefined;
      if (options.refuse)
        return {
          status: options.refuse.status,
          body: { statusCode: options.refuse.status, code: options.refuse.code, message: 'no' },
        };
      given += 1;
      return { status: 201, body: { id: 'k-1', version: 1, position: 'kudos:0:41' } };
    },
  ]);
}

describe('the give-kudos dialog', () => {
  it('gives kudos by keyboard and shows the budget before and after, reading its own write', async () => {
    const { calls } = kudosServer();
    const user = userEvent.setup();
    renderApp(<GiveKudosDialog receiver="bob-2" onClose={() => {}} />);
    expect(await screen.findByText('You have 10 of 10 kudos left this week.')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByLabelText('Who receives the kudos')).toHaveValue('Bob Brown (bob@example.com)'),
    );

    await user.click(screen.getByLabelText('Kind of kudos'));
    await user.click(await screen.findByRole('option', { name: 'Teamwork' }));
    await user.type(screen.getByLabelText('Reason'), 'Fixed the release at midnight');
    await user.click(screen.getByRole('button', { name: 'Send kudos' }));

    expect(await screen.findByText('Kudos sent. You have 9 of 10 kudos left this week.')).toBeInTheDocument();
    const sent = calls.find((call) => call.method === 'POST' && call.path === '/kudos');
    expect(sent?.body).toEqual({ to: 'bob-2', kind: 'teamwork', reason: 'Fixed the release at midnight' });
    expect(sent?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    const reread = calls.filter((call) => call.path === '/users/me/kudos-budget').at(-1);
    expect(reread?.search.get('consistentWith')).toBe('kudos:0:41');
  });

  it('says in words why kudos were refused, and keeps what was typed', async () => {
    kudosServer({ refuse: { status: 409, code: 'KUDOS_BUDGET_EXHAUSTED' } });
    const user = userEvent.setup();
    renderApp(<GiveKudosDialog receiver="bob-2" onClose={() => {}} />);
    await waitFor(() =>
      expect(screen.getByLabelText('Who receives the kudos')).toHaveValue('Bob Brown (bob@example.com)'),
    );
    await user.click(screen.getByLabelText('Kind of kudos'));
    await user.click(await screen.findByRole('option', { name: 'Teamwork' }));
    await user.type(screen.getByLabelText('Reason'), 'Great demo');
    await user.click(screen.getByRole('button', { name: 'Send kudos' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(/given all your kudos for this period/)).toBeInTheDocument();
    expect(alert).not.toHaveTextContent('KUDOS_BUDGET_EXHAUSTED');
    expect(screen.getByLabelText('Reason')).toHaveValue('Great demo');
  });

  it('asks for a receiver and a reason before sending anything', async () => {
    const { calls } = kudosServer();
    const user = userEvent.setup();
    renderApp(<GiveKudosDialog receiver={null} onClose={() => {}} />);
    await screen.findByText('You have 10 of 10 kudos left this week.');
    await user.click(screen.getByRole('button', { name: 'Send kudos' }));
    expect(await screen.findByText('Pick who receives the kudos.')).toBeInTheDocument();
    expect(screen.getByText('Say what they did: a reason is required.')).toBeInTheDocument();
    expect(calls.some((call) => call.path === '/kudos')).toBe(false);
  });
});
