import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { Nullable } from '@engage/auth';
import type {
  KudosDocument,
  LeaderboardDocument,
  RoleDocument,
  StatusHistoryDocument,
  UserProfileDocument,
} from '@engage/projectors';
import { isoWeekOf, monthOf } from '@engage/schemas';
import type { Doc, ReadSide } from './read-models.ts';
import {
  consistencyQuery,
  idParams,
  Image,
  imageOf,
  Instant,
  iso,
  listQuery,
  notFound,
  Page,
  readErrors,
  readOneErrors,
} from './schemas.ts';

/** A kudos kind, status, role or gender: catalog entries as clients see them. */
const CatalogEntry = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    active: Type.Boolean(),
    permissions: Type.Optional(Type.Array(Type.String(), { description: 'roles only' })),
  },
  { additionalProperties: false },
);

/** A person's profile. */
const UserProfile = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    firstName: Type.String(),
    lastName: Type.String(),
    bio: Nullable(Type.String()),
    birthDate: Nullable(Type.String()),
    mobile: Nullable(Type.String()),
    gender: Nullable(Type.String()),
    roles: Type.Array(Type.String()),
    active: Type.Boolean(),
    status: Nullable(
      Type.Object(
        { status: Type.String(), reason: Type.String(), effectiveAt: Instant },
        { additionalProperties: false },
      ),
    ),
    kudosReceived: Type.Object(
      { total: Type.Integer(), byKind: Type.Record(Type.String(), Type.Integer()) },
      { additionalProperties: false },
    ),
    avatar: Nullable(Image),
  },
  { additionalProperties: false },
);

const Kudos = Type.Object(
  {
    id: Type.String(),
    from: Type.String(),
    to: Type.String(),
    kind: Type.String(),
    reason: Type.String(),
    givenAt: Instant,
    revoked: Type.Boolean(),
  },
  { additionalProperties: false },
);

const StatusChange = Type.Object(
  { status: Type.String(), reason: Type.String(), effectiveAt: Instant, recordedAt: Instant },
  { additionalProperties: false },
);

const Leaderboard = Type.Object(
  {
    period: Type.Union([Type.Literal('week'), Type.Literal('month'), Type.Literal('all')]),
    periodKey: Type.String({ description: '2026-W48, 2026-11 or all' }),
    items: Type.Array(
      Type.Object({ userId: Type.String(), count: Type.Integer() }, { additionalProperties: false }),
    ),
    next: Nullable(Type.String()),
  },
  { additionalProperties: false },
);

function profileOf(doc: UserProfileDocument): Static<typeof UserProfile> {
  const status = doc.status;
  return {
    id: doc._id,
    email: doc.email,
    firstName: doc.firstName,
    lastName: doc.lastName,
    bio: doc.bio ?? null,
    birthDate: doc.birthDate ?? null,
    mobile: doc.mobile ?? null,
    gender: doc.gender ?? null,
    roles: [...doc.roles],
    active: doc.active,
    status: status && { status: status.status, reason: status.reason, effectiveAt: iso(status.effectiveAt) },
    kudosReceived: doc.kudosReceived,
    avatar: imageOf(doc.avatar),
  };
}

const kudosOf = (doc: KudosDocument): Static<typeof Kudos> => ({
  id: doc._id,
  from: doc.from,
  to: doc.to,
  kind: doc.kind,
  reason: doc.reason,
  givenAt: iso(doc.givenAt),
  revoked: doc.revoked,
});

/** The read side of people, kudos, status and the catalogs (API.md). */
export async function readRoutes(base: FastifyInstance, options: { readSide: ReadSide }): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { readSide } = options;
  for (const [path, name] of [
    ['/kudos-kinds', 'kudos-kinds'],
    ['/statuses', 'statuses'],
    ['/roles', 'roles'],
    ['/genders', 'genders'],
  ] as const) {
    app.get(
      path,
      {
        config: { permission: 'people:read' },
        schema: { querystring: listQuery(), response: { 200: Page(CatalogEntry), ...readErrors } },
      },
      async (request) => {
        const { limit, cursor, consistentWith } = request.query;
        await readSide.consistentWith(name, ['catalogs'], consistentWith);
        const { items: docs, next } = await readSide.page<RoleDocument & Doc>(
          name,
          {},
          'name',
          limit,
          cursor,
          'oldest',
        );
        return {
          items: docs.map((doc) => ({
            id: doc._id,
            name: doc.name,
            description: doc.description,
            active: doc.active,
            ...(doc.permissions ? { permissions: [...doc.permissions] } : {}),
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
      await readSide.collection<UserProfileDocument>('user-profile')
    ).findOne({ _id: id } as never);
    // By _id alone, so any server answers from the _id index.
    if (doc === null || !doc.registered) throw notFound(`user ${id}`);
    return profileOf(doc);
  };

  app.get(
    '/users/me',
    {
      config: { permission: 'people:read' },
      schema: { querystring: consistencyQuery, response: { 200: UserProfile, ...readOneErrors } },
    },
    async (request) => readProfile(request.principal?.sub ?? '', request.query.consistentWith),
  );

  app.get(
    '/users/:id',
    {
      config: { permission: 'people:read' },
      schema: {
        params: idParams,
        querystring: consistencyQuery,
        response: { 200: UserProfile, ...readOneErrors },
      },
    },
    async (request) => readProfile(request.params.id, request.query.consistentWith),
  );

  app.get(
    '/users',
    {
      config: { permission: 'people:read' },
      schema: {
        querystring: listQuery({
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          role: Type.Optional(Type.String({ maxLength: 60 })),
          status: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 200: Page(UserProfile), ...readErrors },
      },
    },
    async (request) => {
      const { q, role, status, limit, cursor, consistentWith } = request.query;
      await readSide.consistentWith('user-profile', userTopics, consistentWith);
      const filter: Record<string, unknown> = { registered: true };
      if (q !== undefined) filter['searchTerms'] = q.trim().toLowerCase().slice(0, 30);
      if (role !== undefined) filter['roles'] = role;
      if (status !== undefined) filter['status.status'] = status;
      const { items, next } = await readSide.page<UserProfileDocument>(
        'user-profile',
        filter,
        'registeredAt',
        limit,
        cursor,
      );
      return { items: items.map(profileOf), next };
    },
  );

  app.get(
    '/users/:id/kudos',
    {
      config: { permission: 'kudos:read' },
      schema: {
        params: idParams,
        querystring: listQuery({
          direction: Type.Optional(
            Type.Union([Type.Literal('received'), Type.Literal('given')], { default: 'received' }),
          ),
        }),
        response: { 200: Page(Kudos), ...readErrors },
      },
    },
    async (request) => {
      const { limit, cursor, consistentWith, direction = 'received' } = request.query;
      await readSide.consistentWith('kudos', ['kudos'], consistentWith);
      const filter = { [direction === 'received' ? 'to' : 'from']: request.params.id };
      const { items, next } = await readSide.page<KudosDocument>('kudos', filter, 'givenAt', limit, cursor);
      return { items: items.map(kudosOf), next };
    },
  );

  app.get(
    '/kudos',
    {
      config: { permission: 'kudos:read' },
      schema: {
        querystring: listQuery({
          kind: Type.Optional(Type.String({ maxLength: 100 })),
          from: Type.Optional(Instant),
          to: Type.Optional(Instant),
        }),
        response: { 200: Page(Kudos), ...readErrors },
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
      const { items, next } = await readSide.page<KudosDocument>('kudos', filter, 'givenAt', limit, cursor);
      return { items: items.map(kudosOf), next };
    },
  );

  app.get(
    '/users/:id/status-history',
    {
      config: { permission: 'people:read' },
      schema: {
        params: idParams,
        querystring: listQuery(),
        response: { 200: Page(StatusChange), ...readErrors },
      },
    },
    async (request) => {
      const { limit, cursor, consistentWith } = request.query;
      await readSide.consistentWith('status-history', ['user-status'], consistentWith);
      const { items, next } = await readSide.page<StatusHistoryDocument>(
        'status-history',
        { userId: request.params.id },
        'effectiveAt',
        limit,
        cursor,
      );
      return {
        items: items.map((doc) => ({
          status: doc.status,
          reason: doc.reason,
          effectiveAt: iso(doc.effectiveAt),
          recordedAt: iso(doc.recordedAt),
        })),
        next,
      };
    },
  );

  app.get(
    '/leaderboard',
    {
      config: { permission: 'kudos:read' },
      schema: {
        querystring: listQuery({
          period: Type.Optional(
            Type.Union([Type.Literal('week'), Type.Literal('month'), Type.Literal('all')], {
              default: 'week',
            }),
          ),
        }),
        response: { 200: Leaderboard, ...readErrors },
      },
    },
    async (request) => {
      const { period = 'week', limit, cursor, consistentWith } = request.query;
      await readSide.consistentWith('leaderboard', ['kudos'], consistentWith);
      const now = Date.now();
      const periodKey = period === 'week' ? isoWeekOf(now) : period === 'month' ? monthOf(now) : 'all';
      const filter = { period, periodKey, count: { $gt: 0 } };
      const { items: docs, next } = await readSide.page<LeaderboardDocument & Doc>(
        'leaderboard',
        filter,
        'count',
        limit,
        cursor,
      );
      return {
        period,
        periodKey,
        items: docs.map((doc) => ({ userId: doc.userId, count: doc.count })),
        next,
      };
    },
  );
}
