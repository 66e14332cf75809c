import type { FastifyInstance } from 'fastify';
import { isoWeekOf, monthOf } from '@engage/schemas';
import { decodeCursor, page, type Doc, type ReadSide } from './read-models.ts';
import { idParams, iso, listQuery, notFound, type ListQuery } from './schemas.ts';

function profileOf(doc: Doc) {
  const status = doc['status'] as { status: string; reason: string; effectiveAt: number } | null;
  return {
    id: doc._id,
    email: doc['email'],
    firstName: doc['firstName'],
    lastName: doc['lastName'],
    bio: doc['bio'] ?? null,
    birthDate: doc['birthDate'] ?? null,
    mobile: doc['mobile'] ?? null,
    gender: doc['gender'] ?? null,
    roles: doc['roles'],
    active: doc['active'],
    status: status && { status: status.status, reason: status.reason, effectiveAt: iso(status.effectiveAt) },
    kudosReceived: doc['kudosReceived'],
    avatar: doc['avatar'] ?? null,
  };
}

const kudosOf = (doc: Doc) => ({
  id: doc._id,
  from: doc['from'],
  to: doc['to'],
  kind: doc['kind'],
  reason: doc['reason'],
  givenAt: iso(doc['givenAt'] as number),
  revoked: doc['revoked'],
});

/** The read side of people, kudos, status and the catalogs (API.md). */
export async function readRoutes(app: FastifyInstance, options: { readSide: ReadSide }): Promise<void> {
  const { readSide } = options;
  for (const [path, name] of [
    ['/kudos-kinds', 'kudos-kinds'],
    ['/statuses', 'statuses'],
    ['/roles', 'roles'],
    ['/genders', 'genders'],
  ] as const) {
    app.get<{ Querystring: ListQuery }>(
      path,
      { config: { permission: 'people:read' }, schema: { querystring: listQuery() } },
      async (request) => {
        const { limit, cursor, consistentWith } = request.query;
        await readSide.consistentWith(name, ['catalogs'], consistentWith);
        const { items: docs, next } = await readSide.page(name, {}, 'name', limit, cursor, 'oldest');
        return {
          items: docs.map((doc) => ({
            id: doc._id,
            name: doc['name'],
            description: doc['description'],
            active: doc['active'],
            ...(doc['permissions'] ? { permissions: doc['permissions'] } : {}),
          })),
          next,
        };
      },
    );
  }

  const userTopics = ['users', 'user-status', 'kudos'] as const;
  const readProfile = async (id: string, consistentWith: string | undefined) => {
    await readSide.consistentWith('user-profile', userTopics, consistentWith);
    const doc = await (
      await readSide.collection('user-profile')
    ).findOne({ _id: id, registered: true } as never);
    if (doc === null) throw notFound(`user ${id}`);
    return profileOf(doc);
  };

  app.get<{ Querystring: { consistentWith?: string } }>(
    '/users/me',
    { config: { permission: 'people:read' }, schema: { querystring: listQuery() } },
    async (request) => readProfile(request.principal?.sub ?? '', request.query.consistentWith),
  );

  app.get<{ Params: { id: string }; Querystring: { consistentWith?: string } }>(
    '/users/:id',
    { config: { permission: 'people:read' }, schema: { params: idParams, querystring: listQuery() } },
    async (request) => readProfile(request.params.id, request.query.consistentWith),
  );

  app.get<{ Querystring: ListQuery & { q?: string; role?: string; status?: string } }>(
    '/users',
    {
      config: { permission: 'people:read' },
      schema: {
        querystring: listQuery({
          q: { type: 'string', minLength: 1, maxLength: 100 },
          role: { type: 'string', maxLength: 60 },
          status: { type: 'string', maxLength: 100 },
        }),
      },
    },
    async (request) => {
      const { q, role, status, limit, cursor, consistentWith } = request.query;
      await readSide.consistentWith('user-profile', userTopics, consistentWith);
      const filter: Record<string, unknown> = { registered: true };
      if (q !== undefined) filter['searchTerms'] = q.trim().toLowerCase().slice(0, 30);
      if (role !== undefined) filter['roles'] = role;
      if (status !== undefined) filter['status.status'] = status;
      const { items, next } = await readSide.page('user-profile', filter, 'registeredAt', limit, cursor);
      return { items: items.map(profileOf), next };
    },
  );

  app.get<{ Params: { id: string }; Querystring: ListQuery & { direction?: 'received' | 'given' } }>(
    '/users/:id/kudos',
    {
      config: { permission: 'kudos:read' },
      schema: {
        params: idParams,
        querystring: listQuery({ direction: { enum: ['received', 'given'], default: 'received' } }),
      },
    },
    async (request) => {
      const { limit, cursor, consistentWith, direction = 'received' } = request.query;
      await readSide.consistentWith('kudos', ['kudos'], consistentWith);
      const filter = { [direction === 'received' ? 'to' : 'from']: request.params.id };
      const { items, next } = await readSide.page('kudos', filter, 'givenAt', limit, cursor);
      return { items: items.map(kudosOf), next };
    },
  );

  app.get<{ Querystring: ListQuery & { kind?: string; from?: string; to?: string } }>(
    '/kudos',
    {
      config: { permission: 'kudos:read' },
      schema: {
        querystring: listQuery({
          kind: { type: 'string', maxLength: 100 },
          from: { type: 'string', format: 'date-time' },
          to: { type: 'string', format: 'date-time' },
        }),
      },
    },
    async (request) => {
      const { limit, cursor, consistentWith, kind, from, to } = request.query;
      await readSide.consistentWith('kudos', ['kudos'], consistentWith);
      const givenAt: Record<string, number> = {};
      if (from !== undefined) givenAt['$gte'] = Date.parse(from);
      if (to !== undefined) givenAt['$lt'] = Date.parse(to);
      const filter: Record<string, unknown> = {};
      if (kind !== undefined) filter['kind'] = kind;
      if (Object.keys(givenAt).length > 0) filter['givenAt'] = givenAt;
      const { items, next } = await readSide.page('kudos', filter, 'givenAt', limit, cursor);
      return { items: items.map(kudosOf), next };
    },
  );

  app.get<{ Params: { id: string }; Querystring: ListQuery }>(
    '/users/:id/status-history',
    { config: { permission: 'people:read' }, schema: { params: idParams, querystring: listQuery() } },
    async (request) => {
      const { limit, cursor, consistentWith } = request.query;
      await readSide.consistentWith('status-history', ['user-status'], consistentWith);
      const { items, next } = await readSide.page(
        'status-history',
        { userId: request.params.id },
        'effectiveAt',
        limit,
        cursor,
      );
      return {
        items: items.map((doc) => ({
          status: doc['status'],
          reason: doc['reason'],
          effectiveAt: iso(doc['effectiveAt'] as number),
          recordedAt: iso(doc['recordedAt'] as number),
        })),
        next,
      };
    },
  );

  app.get<{ Querystring: ListQuery & { aggregate?: string; type?: string; from?: string; to?: string } }>(
    '/audit/events',
    {
      config: { permission: 'audit:read' },
      schema: {
        querystring: listQuery({
          aggregate: { type: 'string', maxLength: 100 },
          type: { type: 'string', maxLength: 60 },
          from: { type: 'string', format: 'date-time' },
          to: { type: 'string', format: 'date-time' },
        }),
      },
    },
    async (request) => {
      const { limit, cursor, consistentWith, aggregate, type, from, to } = request.query;
      await readSide.consistentWith('audit-log', ['kudos', 'user-status'], consistentWith);
      const filter: Record<string, unknown> = {};
      if (aggregate !== undefined) filter['aggregateId'] = aggregate;
      if (type !== undefined) filter['type'] = type;
      const occurredAt: Record<string, number> = {};
      if (from !== undefined) occurredAt['$gte'] = Date.parse(from);
      if (to !== undefined) occurredAt['$lt'] = Date.parse(to);
      if (Object.keys(occurredAt).length > 0) filter['occurredAt'] = occurredAt;
      if (cursor !== undefined) {
        // Oldest first: the page after a cursor holds what happened after its last event.
        const after = decodeCursor(cursor);
        filter['$or'] = [
          { occurredAt: { $gt: after.value } },
          { occurredAt: after.value, _id: { $gt: after.id } },
        ];
      }
      const docs = await (
        await readSide.collection('audit-log')
      )
        .find(filter)
        .sort({ occurredAt: 1, _id: 1 })
        .limit(limit + 1)
        .toArray();
      const { items, next } = page(docs, limit, 'occurredAt');
      return {
        items: items.map((doc) => ({
          position: doc['position'],
          eventId: doc['eventId'],
          type: doc['type'],
          aggregateId: doc['aggregateId'],
          version: doc['version'],
          occurredAt: iso(doc['occurredAt'] as number),
          actor: doc['actor'],
          prevHash: doc['prevHash'],
          data: doc['data'],
        })),
        next,
      };
    },
  );

  app.get<{ Querystring: ListQuery & { period?: 'week' | 'month' | 'all' } }>(
    '/leaderboard',
    {
      config: { permission: 'kudos:read' },
      schema: { querystring: listQuery({ period: { enum: ['week', 'month', 'all'], default: 'week' } }) },
    },
    async (request) => {
      const { period = 'week', limit, cursor, consistentWith } = request.query;
      await readSide.consistentWith('leaderboard', ['kudos'], consistentWith);
      const now = Date.now();
      const periodKey = period === 'week' ? isoWeekOf(now) : period === 'month' ? monthOf(now) : 'all';
      const filter = { period, periodKey, count: { $gt: 0 } };
      const { items: docs, next } = await readSide.page('leaderboard', filter, 'count', limit, cursor);
      return {
        period,
        periodKey,
        items: docs.map((doc) => ({ userId: doc['userId'], count: doc['count'] })),
        next,
      };
    },
  );
}
