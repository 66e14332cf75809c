import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp } from '../../../test/render';
import AdminPage from './AdminPage';

const admin = ['projections:manage', 'notifications:broadcast'];

// Long journeys through a form or two: more than the default time on a loaded machine.
describe('the broadcast tab', { timeout: 60_000 }, () => {
  it('asks for a title and a message, sends them once, and says so', async () => {
    let answers = 0;
    const { calls } = fakeApi([
      (call) => {
        if (call.method !== 'POST' || call.path !== '/notifications/broadcast') return undefined;
        answers += 1;
        // The first try is lost on its way back: the retry carries the same key.
        return answers === 1
          ? { status: 503, body: { statusCode: 503, code: 'UPSTREAM_UNAVAILABLE', message: 'busy' } }
          : { status: 201, body: { id: 'b-1', version: 1, position: 'notifications:0:3' } };
      },
    ]);
    const user = userEvent.setup();
    renderApp(<AdminPage />, { path: '/admin?tab=broadcast', permissions: admin });
    const form = await screen.findByRole('form', { name: 'Message to everyone' });
    await user.click(within(form).getByRole('button', { name: 'Send to everyone' }));
    expect(within(form).getByText('Give the message a title.')).toBeInTheDocument();
    expect(within(form).getByText('Write the message.')).toBeInTheDocument();

    await user.type(within(form).getByLabelText('Title'), 'Office closed Friday');
    await user.type(within(form).getByLabelText('Message'), 'The heating is being repaired.');
    expect(within(form).getByText('30 / 2000 characters')).toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Send to everyone' }));
    expect(await within(form).findByText('“Office closed Friday” was sent to everyone.')).toBeInTheDocument();
    const sent = calls.filter((call) => call.method === 'POST');
    expect(sent.map((call) => call.body)).toEqual([
      { title: 'Office closed Friday', message: 'The heating is being repaired.' },
      { title: 'Office closed Friday', message: 'The heating is being repaired.' },
    ]);
    expect(sent[0]?.headers.get('idempotency-key')).toBe(sent[1]?.headers.get('idempotency-key'));
    expect(within(form).getByLabelText('Title')).toHaveValue('');
  });
});
