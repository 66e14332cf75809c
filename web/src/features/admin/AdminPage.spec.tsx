import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp, type RecordedCall } from '../../../test/render';
import AdminPage from './AdminPage';

const admin = ['projections:manage'];
const projection = (rebuild: { version: number; state: string; done: number; total: number } | null) => ({
  name: 'user-profile',
  activeVersion: 2,
  codeVersion: 2,
  state: rebuild === null ? 'live' : 'rebuilding',
  lag: { events: 12, seconds: 3 },
  positions: { 'users:0': 40 },
  deadLetters: 1,
  rebuild,
});
const progress = (state: string, extra: Record<string, unknown> = {}) => ({
  projection: 'user-profile',
  version: 3,
  fromVersion: 2,
  state,
  autoSwitch: false,
  requestedBy: 'admin-1',
  requestedAt: '2026-12-01T10:00:00.000Z',
  startedAt: '2026-12-01T10:00:01.000Z',
  finishedAt: null,
  done: 250,
  total: 1000,
  rate: 125,
  secondsLeft: 6,
  error: null,
  diff: null,
  ...extra,
});
const letter = {
  id: 'bGV0dGVy',
  projection: 'user-profile',
  reader: 'user-profile@2',
  position: 'users:0:17',
  key: 'ann-1',
  reason: 'evolve threw: no such gender',
  state: 'open',
  at: '2026-12-01T09:00:00.000Z',
  skipped: null,
  retried: null,
};
const answer =
  (method: string, path: string, body: unknown, status = 200) =>
  (call: RecordedCall) =>
    call.method === method && call.path === path ? { status, body } : undefined;

describe('the operations console', () => {
  it('is not shown to a member without the permission', () => {
    fakeApi([]);
    renderApp(<AdminPage />, { path: '/admin' });
    expect(screen.getByText(/The admin console is for people whose role grants it/)).toBeInTheDocument();
  });

  it('shows each projection’s lag, starts a rebuild and shows its live progress', async () => {
    let started = false;
    const { calls } = fakeApi([
      (call) =>
        call.path === '/admin/projections'
          ? {
              body: {
                items: [
                  projection(started ? { version: 3, state: 'running', done: 250, total: 1000 } : null),
                ],
              },
            }
          : undefined,
      (call) => {
        if (call.method !== 'POST' || call.path !== '/admin/projections/user-profile/rebuild')
          return undefined;
        started = true;
        return { status: 202, body: progress('requested', { done: 0, startedAt: null }) };
      },
      answer('GET', '/admin/projections/user-profile/rebuild', progress('running')),
    ]);
    const user = userEvent.setup();
    renderApp(<AdminPage />, { path: '/admin', permissions: admin });
    const card = await screen.findByRole('article', { name: 'Projection user-profile' });
    expect(card).toHaveTextContent('Version 2 live · 12 events behind (3 s) · 1 open dead letters');

    await user.click(within(card).getByRole('button', { name: 'Rebuild' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rebuild user-profile?' });
    await user.click(within(dialog).getByRole('checkbox', { name: /Switch to it on its own/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Start rebuild' }));
    const sent = calls.find((call) => call.method === 'POST');
    expect(sent?.body).toEqual({ autoSwitch: true });

    const bar = await screen.findByRole('progressbar', {
      name: 'Rebuild of user-profile to version 3: progress',
    });
    expect(bar).toHaveAttribute('aria-valuenow', '25');
    expect(
      screen.getByText('Version 3: 250 of 1,000 events (25%), 125 events/s, 6 s left.'),
    ).toBeInTheDocument();
  });

  it('shows the shadow diff of a caught-up rebuild and switches to it', async () => {
    const { calls } = fakeApi([
      answer('GET', '/admin/projections', {
        items: [projection({ version: 3, state: 'ready', done: 1000, total: 1000 })],
      }),
      answer(
        'GET',
        '/admin/projections/user-profile/rebuild',
        progress('ready', {
          done: 1000,
          secondsLeft: 0,
          diff: {
            compared: 40,
            added: 1,
            removed: 0,
            changed: 2,
            samples: { added: ['eve-5'], removed: [], changed: [{ id: 'ann-1', fields: ['gender', 'bio'] }] },
          },
        }),
      ),
      answer('POST', '/admin/projections/user-profile/switch', {
        projection: 'user-profile',
        activeVersion: 3,
      }),
    ]);
    const user = userEvent.setup();
    renderApp(<AdminPage />, { path: '/admin', permissions: admin });
    const diff = await screen.findByRole('region', { name: 'Shadow diff' });
    expect(diff).toHaveTextContent('40 documents compared: 1 added, 0 removed, 2 changed.');
    expect(within(diff).getByRole('list', { name: 'Changed documents' })).toHaveTextContent(
      'ann-1: gender, bio',
    );
    await user.click(screen.getByRole('button', { name: 'Switch to version 3' }));
    await expect
      .poll(() =>
        calls.some(
          (call) => call.method === 'POST' && call.path === '/admin/projections/user-profile/switch',
        ),
      )
      .toBe(true);
  });

  it('says in words why a switch is refused', async () => {
    fakeApi([
      answer('GET', '/admin/projections', {
        items: [projection({ version: 3, state: 'ready', done: 1000, total: 1000 })],
      }),
      answer('GET', '/admin/projections/user-profile/rebuild', progress('ready', { done: 1000 })),
      answer(
        'POST',
        '/admin/projections/user-profile/switch',
        { statusCode: 409, code: 'REBUILD_NOT_READY', message: 'behind' },
        409,
      ),
    ]);
    const user = userEvent.setup();
    renderApp(<AdminPage />, { path: '/admin', permissions: admin });
    await user.click(await screen.findByRole('button', { name: 'Switch to version 3' }));
    expect(
      await screen.findByText('The rebuild has not caught up yet. Wait until it is ready, then switch.'),
    ).toBeInTheDocument();
  });

  it('retries a dead letter: it leaves the open ones and shows who applied it again', async () => {
    let retried = false;
    const { calls } = fakeApi([
      answer('GET', '/admin/projections', { items: [projection(null)] }),
      (call) => {
        if (call.method !== 'GET' || call.path !== '/admin/dead-letters') return undefined;
        const current = retried
          ? { ...letter, state: 'retried', retried: { by: 'admin-1', at: '2026-12-01T11:00:00.000Z' } }
          : letter;
        const wanted = call.search.get('state');
        return { body: { items: wanted && wanted !== current.state ? [] : [current], next: null } };
      },
      (call) => {
        if (call.method !== 'POST' || call.path !== `/admin/dead-letters/${letter.id}/retry`)
          return undefined;
        retried = true;
        return { body: { item: { ...letter, state: 'retried' } } };
      },
    ]);
    const user = userEvent.setup();
    renderApp(<AdminPage />, { path: '/admin?tab=dead-letters', permissions: admin });
    const card = await screen.findByRole('article', { name: 'Dead letter of user-profile@2 at users:0:17' });
    await user.click(within(card).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('No dead letters open.')).toBeInTheDocument();
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(1);
    await user.click(screen.getByRole('combobox', { name: 'State' }));
    await user.click(screen.getByRole('option', { name: 'Retried' }));
    const done = await screen.findByRole('article', { name: 'Dead letter of user-profile@2 at users:0:17' });
    expect(done).toHaveTextContent(/Applied again by admin-1 on/);
    expect(within(done).queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });

  it('says why a retry failed, and skips a dead letter only with a reason', async () => {
    const { calls } = fakeApi([
      answer('GET', '/admin/projections', { items: [projection(null)] }),
      answer('GET', '/admin/dead-letters', { items: [letter], next: null }),
      answer(
        'POST',
        `/admin/dead-letters/${letter.id}/retry`,
        { statusCode: 409, code: 'DEAD_LETTER_STILL_FAILS', message: 'still' },
        409,
      ),
      answer('POST', `/admin/dead-letters/${letter.id}/skip`, {
        item: { ...letter, state: 'skipped', skipped: { by: 'admin-1', reason: 'test data', at: letter.at } },
      }),
    ]);
    const user = userEvent.setup();
    renderApp(<AdminPage />, { path: '/admin?tab=dead-letters', permissions: admin });
    const card = await screen.findByRole('article', { name: 'Dead letter of user-profile@2 at users:0:17' });
    expect(card).toHaveTextContent('evolve threw: no such gender');
    expect(calls.find((call) => call.path === '/admin/dead-letters')?.search.get('state')).toBe('open');

    await user.click(within(card).getByRole('button', { name: 'Retry' }));
    expect(
      await within(card).findByText(
        'The event still cannot be applied: the cause is not fixed yet. It stays open.',
      ),
    ).toBeInTheDocument();

    await user.click(within(card).getByRole('button', { name: 'Skip' }));
    const dialog = await screen.findByRole('dialog', { name: 'Skip the event at users:0:17?' });
    await user.click(within(dialog).getByRole('button', { name: 'Skip it' }));
    expect(await within(dialog).findByText(/Say why it is skipped/)).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Why skip it'), 'test data');
    await user.click(within(dialog).getByRole('button', { name: 'Skip it' }));
    await expect
      .poll(() => calls.find((call) => call.path.endsWith('/skip'))?.body)
      .toEqual({ reason: 'test data' });
  });
});
