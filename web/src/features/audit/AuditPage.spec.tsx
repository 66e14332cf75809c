import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderApp, type RecordedCall } from '../../../test/render';
import AuditPage from './AuditPage';

const auditor = ['audit:read'];
const event = (offset: number, type = 'StatusSet') => ({
  position: `user-status:0:${offset}`,
  topic: 'user-status',
  partition: 0,
  offset,
  eventId: `e-${offset}`,
  type,
  aggregateId: 'ann-1',
  version: offset + 1,
  occurredAt: '2026-11-30T09:00:00.000Z',
  actor: 'ann-1',
  correlationId: `c-${offset}`,
  causationId: null,
  prevHash: 'h',
  schema: { id: 3, subject: 'user-status-engage.StatusSet', version: 2 },
  data: { status: 'remote', reason: 'travel' },
});
const people = ({ path }: RecordedCall) =>
  path === '/users'
    ? {
        body: {
          items: [
            {
              id: 'ann-1',
              email: 'ann@example.com',
              firstName: 'Ann',
              lastName: 'Lee',
              active: true,
              roles: [],
            },
          ],
          next: null,
        },
      }
    : undefined;

afterEach(() => vi.unstubAllGlobals());

describe('the audit console', () => {
  it('tells a member without the auditor role that it is not for them, and asks nothing', () => {
    const { calls } = fakeApi([]);
    renderApp(<AuditPage />, { path: '/audit' });
    expect(screen.getByText(/The audit console is for people whose role grants it/)).toBeInTheDocument();
    expect(calls.filter((call) => call.path.startsWith('/audit'))).toHaveLength(0);
  });

  it('lists the history, filters it by type and pages through it with the cursor', async () => {
    const { calls } = fakeApi([
      ({ path, search }) =>
        path === '/audit/events'
          ? search.get('cursor') === 'page-2'
            ? { body: { items: [event(2)], next: null } }
            : { body: { items: [event(0), event(1)], next: 'page-2' } }
          : undefined,
    ]);
    const user = userEvent.setup();
    renderApp(<AuditPage />, { path: '/audit', permissions: auditor });
    const first = await screen.findByRole('article', { name: 'StatusSet at user-status:0:0' });
    expect(within(first).getByText('user-status-engage.StatusSet v2')).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Event type' }));
    await user.click(screen.getByRole('option', { name: 'StatusSet' }));
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await expect.poll(() => calls.at(-1)?.search.get('type')).toBe('StatusSet');

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByRole('article', { name: 'StatusSet at user-status:0:2' })).toBeInTheDocument();
    expect(calls.at(-1)?.search.get('cursor')).toBe('page-2');
    expect(calls.at(-1)?.search.get('type')).toBe('StatusSet');
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByRole('article', { name: 'StatusSet at user-status:0:0' })).toBeInTheDocument();
  });

  it('refuses a time range that ends before it starts, in words', async () => {
    fakeApi([({ path }) => (path === '/audit/events' ? { body: { items: [], next: null } } : undefined)]);
    const user = userEvent.setup();
    renderApp(<AuditPage />, { path: '/audit', permissions: auditor });
    await screen.findByText('No events match these filters.');
    await user.type(screen.getByLabelText('From'), '2026-11-30T10:00');
    await user.type(screen.getByLabelText('To'), '2026-11-29T10:00');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText('The end of the range must come after its start.')).toBeInTheDocument();
  });

  it('shows a person as of an instant and as known then, with both times of the status', async () => {
    const { calls } = fakeApi([
      people,
      ({ path }) =>
        path === '/audit/users/ann-1'
          ? {
              body: {
                userId: 'ann-1',
                asOf: '2026-11-30T12:00:00.000Z',
                knownAt: '2026-11-30T13:00:00.000Z',
                kudos: {
                  received: {
                    total: 1,
                    byKind: { thanks: 1 },
                    items: [
                      {
                        id: 'k-1',
                        from: 'bob-2',
                        to: 'ann-1',
                        kind: 'thanks',
                        reason: 'great demo',
                        givenAt: '2026-11-29T08:00:00.000Z',
                        revoked: false,
                        revokedAt: null,
                      },
                    ],
                  },
                  given: { total: 0, byKind: {}, items: [] },
                },
                status: {
                  status: 'remote',
                  reason: 'travel',
                  effectiveAt: '2026-11-30T09:00:00.000Z',
                  recordedAt: '2026-11-30T11:00:00.000Z',
                  setBy: 'ann-1',
                  position: 'user-status:0:4',
                },
                foldedTo: { 'user-status:0': 5 },
                eventsRead: 3,
              },
            }
          : undefined,
    ]);
    const user = userEvent.setup();
    renderApp(<AuditPage />, { path: '/audit?tab=person', permissions: auditor });
    await user.click(screen.getByRole('button', { name: 'Show as of then' }));
    expect(await screen.findByText('Pick the person, or paste their user id.')).toBeInTheDocument();

    await user.type(screen.getByRole('combobox', { name: 'Person' }), 'Ann');
    await user.click(await screen.findByRole('option', { name: 'Ann Lee (ann@example.com)' }));
    const asOf = screen.getByLabelText('As of');
    await user.clear(asOf);
    await user.type(asOf, '2026-11-30T12:00');
    await user.type(screen.getByLabelText('Known at (optional)'), '2026-11-30T13:00');
    await user.click(screen.getByRole('button', { name: 'Show as of then' }));

    const status = await screen.findByRole('region', { name: 'Status' });
    expect(status).toHaveTextContent('remote: travel');
    expect(status).toHaveTextContent(/Effective .* recorded .* set by ann-1/);
    expect(screen.getByRole('region', { name: 'Kudos received' })).toHaveTextContent('great demo');
    const sent = calls.find((call) => call.path === '/audit/users/ann-1');
    expect(sent?.search.get('asOf')).toBe(new Date('2026-11-30T12:00').toISOString());
    expect(sent?.search.get('knownAt')).toBe(new Date('2026-11-30T13:00').toISOString());
  });

  it('names the first broken link of a chain and links it to the aggregate’s events', async () => {
    const { calls } = fakeApi([
      ({ path }) =>
        path === '/audit/verify'
          ? {
              body: {
                holds: false,
                topics: ['kudos', 'user-status'],
                aggregate: 'ann-1',
                checked: 4,
                aggregates: 1,
                firstBrokenLink: {
                  position: 'user-status:0:3',
                  aggregateId: 'ann-1',
                  version: 3,
                  expectedPrevHash: 'aaa',
                  foundPrevHash: 'bbb',
                  previousPosition: 'user-status:0:2',
                },
                brokenLinks: [],
                missingVersions: [{ aggregateId: 'ann-1', versions: [5] }],
                reordered: [],
                unreadable: [],
                readTo: { 'user-status:0': 4 },
              },
            }
          : undefined,
    ]);
    const user = userEvent.setup();
    const { router } = renderApp(<AuditPage />, { path: '/audit?tab=verify', permissions: auditor });
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('Enter the id of the aggregate to verify.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Aggregate id'), 'ann-1');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    const verdict = await screen.findByText('The chain is broken');
    const report = verdict.closest('[role="status"]') as HTMLElement;
    expect(report).toHaveTextContent('First broken link: version 3 of ann-1 at user-status:0:3');
    expect(report).toHaveTextContent('expected previous hash aaa');
    expect(report).toHaveTextContent('Missing versions of ann-1: 5.');
    expect(calls.at(-1)?.search.get('aggregate')).toBe('ann-1');
    await user.click(within(report).getByRole('link', { name: 'user-status:0:3' }));
    expect(router.state.location.search).toBe('?tab=history&aggregate=ann-1');
  });

  it('downloads the filtered export and checks its hash against the trailer', async () => {
    fakeApi([
      ({ path }) => (path === '/audit/events' ? { body: { items: [event(0)], next: null } } : undefined),
    ]);
    const jsonApi = globalThis.fetch;
    const body = `${JSON.stringify(event(0))}\n`;
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
    const sha256 = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : input.toString();
      if (!url.startsWith('/audit/export')) return jsonApi(input, init);
      asked.push(url);
      return new Response(
        `${body}${JSON.stringify({ trailer: { count: 1, sha256, signature: 'x.y.z' } })}\n`,
        {
          headers: {
            'content-type': 'application/x-ndjson',
            'content-disposition': 'attachment; filename="audit-2026.ndjson"',
          },
        },
      );
    });
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => undefined }),
    );
    const user = userEvent.setup();
    renderApp(<AuditPage />, { path: '/audit?type=StatusSet', permissions: auditor });
    await user.click(await screen.findByRole('button', { name: 'Download export' }));
    expect(
      await screen.findByText(
        'audit-2026.ndjson downloaded: 1 events; its SHA-256 matches its signed trailer.',
      ),
    ).toBeInTheDocument();
    expect(asked[0]).toBe('/audit/export?type=StatusSet&format=ndjson');
  });
});
