import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Doc, ReadSide } from './read-models.ts';
import { idParams, iso, listQuery, notFound, type ListQuery } from './schemas.ts';

/** How many comments a feed item shows. */
const commentsPerItem = 3;

interface Member {
  userId: string;
  role: string;
}

/** Initiatives, the feed, and posts with their comments. */
export async function socialRoutes(app: FastifyInstance, options: { readSide: ReadSide }): Promise<void> {
  const { readSide } = options;
  const moderates = (request: FastifyRequest, permission: string) =>
    request.principal?.permissions.includes(permission) === true;
  const me = (request: FastifyRequest) => request.principal?.sub ?? '';

  /** Author summaries for every user id on a page, in one query. */
  const people = async (ids: Iterable<string>) => {
    const unique = [...new Set(ids)];
    const docs = await (await readSide.collection('user-profile')).find({ _id: { $in: unique } }).toArray();
    const byId = new Map(docs.map((doc) => [doc._id, doc]));
    return (id: string) => {
      const doc = byId.get(id);
      return {
        id,
        firstName: (doc?.['firstName'] as string | undefined) ?? null,
        lastName: (doc?.['lastName'] as string | undefined) ?? null,
        avatar: (doc?.['avatar'] as string | undefined) ?? null,
      };
    };
  };

  /** An initiative the caller may see: invite-only ones show only to members and moderators. */
  const visibleInitiative = async (request: FastifyRequest, id: string): Promise<Doc> => {
    const doc = await (await readSide.collection('initiatives')).findOne({ _id: id });
    if (doc === null) throw notFound(`initiative ${id}`);
    const members = doc['members'] as Member[];
    if (
      doc['visibility'] === 'invite-only' &&
      !members.some((member) => member.userId === me(request)) &&
      !moderates(request, 'initiatives:moderate')
    ) {
      // Its name and description are listed; its posts are for its members.
      throw Object.assign(new Error('this initiative is invite-only: its posts are for its members'), {
        statusCode: 403,
        code: 'NOT_A_MEMBER',
      });
    }
    return doc;
  };

  const summaryOf = (doc: Doc, viewer: string) => {
    const members = doc['members'] as Member[];
    const pending = doc['pending'] as Array<{ userId: string }>;
    return {
      id: doc._id,
      name: doc['name'],
      description: doc['description'],
      visibility: doc['visibility'],
      cover: doc['cover'] ?? null,
      startsAt: doc['startsAt'] ?? null,
      endsAt: doc['endsAt'] ?? null,
      owner: doc['owner'],
      memberCount: doc['memberCount'],
      archived: doc['archived'],
      createdAt: iso(doc['createdAt'] as number),
      myMembership:
        members.find((member) => member.userId === viewer)?.role ??
        (pending.some((request) => request.userId === viewer) ? 'requested' : null),
    };
  };

  app.get<{ Querystring: ListQuery & { q?: string; member?: string; sort?: 'newest' | 'members' } }>(
    '/initiatives',
    {
      config: { permission: 'initiatives:read' },
      schema: {
        querystring: listQuery({
          q: { type: 'string', maxLength: 100 },
          member: { type: 'string', maxLength: 100, description: 'a user id, or "me"' },
          sort: { type: 'string', enum: ['newest', 'members'], default: 'newest' },
        }),
      },
    },
    async (request) => {
      const { limit, cursor, consistentWith, q, member, sort } = request.query;
      await readSide.consistentWith('initiatives', ['initiatives'], consistentWith);
      const filter: Record<string, unknown> = {};
      if (q !== undefined && q.trim() !== '') {
        const prefix = q.trim().toLowerCase();
        filter['nameLower'] = { $gte: prefix, $lt: `${prefix}\uffff` };
      }
      if (member !== undefined) filter['members.userId'] = member === 'me' ? me(request) : member;
      const field = sort === 'members' ? 'memberCount' : 'createdAt';
      const { items, next } = await readSide.page('initiatives', filter, field, limit, cursor);
      return { items: items.map((doc) => summaryOf(doc, me(request))), next };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { consistentWith?: string } }>(
    '/initiatives/:id',
    {
      config: { permission: 'initiatives:read' },
      schema: { params: idParams, querystring: listQuery() },
    },
    async (request) => {
      await readSide.consistentWith('initiatives', ['initiatives'], request.query.consistentWith);
      const doc = await (await readSide.collection('initiatives')).findOne({ _id: request.params.id });
      if (doc === null) throw notFound(`initiative ${request.params.id}`);
      const members = doc['members'] as Member[];
      const pending = doc['pending'] as Array<{ userId: string; requestedAt: number }>;
      const owns = doc['owner'] === me(request) || moderates(request, 'initiatives:moderate');
      const person = await people([
        ...members.map((member) => member.userId),
        ...pending.map((each) => each.userId),
      ]);
      return {
        ...summaryOf(doc, me(request)),
        members: members.map((member) => ({
          userId: member.userId,
          role: member.role,
          user: person(member.userId),
        })),
        // Who asked to join is for the owner (and admins) to see.
        ...(owns
          ? {
              pendingRequests: pending.map((each) => ({
                userId: each.userId,
                user: person(each.userId),
                requestedAt: iso(each.requestedAt),
              })),
            }
          : {}),
      };
    },
  );

  /** Feed items as clients show them: author summary, counts, whether I liked it, latest comments. */
  const itemsOf = async (docs: Doc[], viewer: string) => {
    const person = await people(
      docs.flatMap((doc) => [
        doc['author'] as string,
        ...(doc['type'] === 'kudos' ? [doc['to'] as string] : []),
        ...((doc['recentComments'] as Array<{ author: string }> | undefined) ?? []).map(
          (comment) => comment.author,
        ),
      ]),
    );
    return docs.map((doc) => {
      if (doc['type'] === 'kudos')
        return {
          type: 'kudos',
          id: doc._id,
          author: person(doc['author'] as string),
          from: person(doc['author'] as string),
          to: person(doc['to'] as string),
          kind: doc['kind'],
          reason: doc['reason'],
          initiative: null,
          createdAt: iso(doc['createdAt'] as number),
        };
      const comments = (
        doc['recentComments'] as Array<{ id: string; author: string; text: string; postedAt: number }>
      )
        .slice(-commentsPerItem)
        .map((comment) => ({
          id: comment.id,
          author: person(comment.author),
          text: comment.text,
          postedAt: iso(comment.postedAt),
        }));
      return {
        type: 'post',
        id: doc._id,
        author: person(doc['author'] as string),
        text: doc['text'],
        initiative: doc['initiative'],
        images: doc['images'],
        mentions: doc['mentions'],
        likeCount: doc['likeCount'],
        likedByMe: (doc['likedBy'] as string[]).includes(viewer),
        commentCount: doc['commentCount'],
        comments,
        createdAt: iso(doc['createdAt'] as number),
        editedAt: iso(doc['editedAt'] as number | null),
      };
    });
  };

  app.get<{ Querystring: ListQuery & { initiative?: string; author?: string } }>(
    '/feed',
    {
      config: { permission: 'posts:read' },
      schema: {
        summary: 'The company feed (posts and kudos), or one initiative’s posts; newest first',
        querystring: listQuery({
          initiative: { type: 'string', maxLength: 100 },
          author: { type: 'string', maxLength: 100 },
        }),
      },
    },
    async (request) => {
      const { limit, cursor, consistentWith, initiative, author } = request.query;
      await readSide.consistentWith('feed', ['posts', 'kudos'], consistentWith);
      if (initiative !== undefined) await visibleInitiative(request, initiative);
      const filter: Record<string, unknown> = { initiative: initiative ?? null };
      if (author !== undefined) filter['author'] = author === 'me' ? me(request) : author;
      const { items, next } = await readSide.page('feed', filter, 'createdAt', limit, cursor);
      return { items: await itemsOf(items, me(request)), next };
    },
  );

  const commentsPage = async (postId: string, limit: number, cursor: string | undefined) => {
    const { items, next } = await readSide.page('comments', { postId }, 'postedAt', limit, cursor, 'oldest');
    const person = await people(items.map((doc) => doc['author'] as string));
    return {
      items: items.map((doc) => ({
        id: doc._id,
        author: person(doc['author'] as string),
        text: doc['text'],
        postedAt: iso(doc['postedAt'] as number),
      })),
      next,
    };
  };

  /** A post the caller may see, or 404 (deleted, unknown, or in an initiative closed to them). */
  const visiblePost = async (request: FastifyRequest, id: string, consistentWith: string | undefined) => {
    await readSide.consistentWith('feed', ['posts'], consistentWith);
    await readSide.consistentWith('comments', ['posts'], consistentWith);
    const doc = await (await readSide.collection('feed')).findOne({ _id: id, type: 'post' });
    if (doc === null) throw notFound(`post ${id}`);
    if (doc['initiative'] !== null) await visibleInitiative(request, doc['initiative'] as string);
    return doc;
  };

  app.get<{ Params: { id: string }; Querystring: ListQuery }>(
    '/posts/:id',
    {
      config: { permission: 'posts:read' },
      schema: {
        summary: 'A post with its comments, oldest first, paginated',
        params: idParams,
        querystring: listQuery(),
      },
    },
    async (request) => {
      const { limit, cursor, consistentWith } = request.query;
      const doc = await visiblePost(request, request.params.id, consistentWith);
      const [item] = await itemsOf([doc], me(request));
      return { ...item, comments: await commentsPage(request.params.id, limit, cursor) };
    },
  );

  app.get<{ Params: { id: string }; Querystring: ListQuery }>(
    '/posts/:id/comments',
    {
      config: { permission: 'posts:read' },
      schema: { summary: "A post's comments, oldest first", params: idParams, querystring: listQuery() },
    },
    async (request) => {
      const { limit, cursor, consistentWith } = request.query;
      await visiblePost(request, request.params.id, consistentWith);
      return commentsPage(request.params.id, limit, cursor);
    },
  );
}
