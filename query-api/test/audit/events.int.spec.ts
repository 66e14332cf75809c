// GET /audit/events: the history with Kafka positions, schema subjects and versions, ids, and paging.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projected, startAuditFixture, type AuditFixture } from './fixture.ts';

const day = 86_400_000;
const start = Date.UTC(2026, 2, 2, 9);

describe('GET /audit/events', () => {
  let fixture: AuditFixture;
  const giver = `u-${randomUUID()}`;
  const receiver = `u-${randomUUID()}`;
  const cause = randomUUID();

  beforeAll(async () => {
    fixture = await startAuditFixture();
    const kudos = await fixture.chain('kudos', [
      {
        aggregateId: giver,
        occurredAt: start,
        actor: giver,
        causationId: cause,
        event: {
          type: 'KudosGiven',
          data: {
            kudosId: 'k1',
            from: giver,
            to: receiver,
            kindId: 'helper',
            reason: 'Thanks',
            budgetPeriod: '2026-W10',
            givenAt: start,
          },
        },
      },
      {
        aggregateId: giver,
        occurredAt: start + day,
        actor: 'moderator',
        event: {
          type: 'KudosRevoked',
          data: {
            kudosId: 'k1',
            from: giver,
            to: receiver,
            kindId: 'helper',
            budgetPeriod: '2026-W10',
            reason: 'Duplicate',
            revokedBy: 'moderator',
            revokedAt: start + day,
            givenAt: start,
          },
        },
      },
    ]);
    const status = await fixture.chain('user-status', [
      {
        aggregateId: receiver,
        occurredAt: start + 2 * day,
        actor: receiver,
        event: {
          type: 'StatusSet',
          data: {
            userId: receiver,
            statusId: 'remote',
            reason: 'Home',
            effectiveAt: start + 2 * day,
            recordedAt: start + 2 * day,
            setBy: receiver,
          },
        },
      },
    ]);
    await fixture.write('kudos', kudos);
    await fixture.write('user-status', status);
    await fixture.project();
    await projected(fixture);
  }, 120_000);

  afterAll(async () => {
    await (fixture as AuditFixture | undefined)?.stop();
  });

  it('pages through the history oldest first with positions, schemas and ids', async () => {
    const auditor = await fixture.token(['auditor']);
    const first = await fixture.get('/audit/events?limit=2', auditor);
    expect(first.status).toBe(200);
    const items = first.body['items'] as Array<Record<string, unknown>>;
    expect(items.map((item) => item['type'])).toEqual(['KudosGiven', 'KudosRevoked']);
    expect(items[0]).toMatchObject({
      position: expect.stringMatching(new RegExp(`^${fixture.prefix}kudos:\\d:0$`)),
      topic: `${fixture.prefix}kudos`,
      offset: 0,
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      aggregateId: giver,
      version: 1,
      occurredAt: new Date(start).toISOString(),
      actor: giver,
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      causationId: cause,
      prevHash: '0'.repeat(64),
      schema: {
        id: expect.any(Number),
        subject: 'kudos-engage.kudos.KudosGiven',
        version: expect.any(Number),
      },
      data: { kudosId: 'k1', to: receiver, reason: 'Thanks' },
    });
    expect(items[1]).toMatchObject({ version: 2, causationId: null, actor: 'moderator' });
    expect(items[1]?.['schema']).toMatchObject({ subject: 'kudos-engage.kudos.KudosRevoked' });

    const second = await fixture.get(`/audit/events?limit=2&cursor=${String(first.body['next'])}`, auditor);
    expect(second.body).toMatchObject({
      items: [
        {
          type: 'StatusSet',
          aggregateId: receiver,
          schema: { subject: 'user-status-engage.user_status.StatusSet' },
        },
      ],
      next: null,
    });
  });

  it('filters by aggregate, type, actor and time', async () => {
    const admin = await fixture.token(['admin']);
    const types = async (query: string) =>
      ((await fixture.get(`/audit/events?${query}`, admin)).body['items'] as Array<{ type: string }>).map(
        (item) => item.type,
      );
    expect(await types(`aggregate=${receiver}`)).toEqual(['StatusSet']);
    expect(await types('type=KudosRevoked')).toEqual(['KudosRevoked']);
    expect(await types('actor=moderator')).toEqual(['KudosRevoked']);
    expect(
      await types(
        `from=${new Date(start + day).toISOString()}&to=${new Date(start + 2 * day).toISOString()}`,
      ),
    ).toEqual(['KudosRevoked']);
  });

  it('refuses members, unknown filters and cursors it never gave out', async () => {
    expect((await fixture.get('/audit/events', await fixture.token(['member']))).status).toBe(403);
    const auditor = await fixture.token(['auditor']);
    expect(await fixture.get('/audit/events?colour=red', auditor)).toMatchObject({
      status: 400,
      body: { code: 'INVALID_REQUEST', field: 'colour' },
    });
    expect(await fixture.get('/audit/events?cursor=nonsense', auditor)).toMatchObject({
      status: 400,
      body: { code: 'INVALID_CURSOR' },
    });
  });
});
