import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { Nullable } from '@engage/auth';
import type {
  CommentDocument,
  FeedDocument,
  InitiativeDocument,
  UserProfileDocument,
} from '@engage/projectors';
import type { ReadSide } from './read-models.ts';
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

/** How many comments a feed item shows. */
const commentsPerItem = 3;

/** Who wrote or received something, as lists show them (null names: not registered yet). */
const Person = Type.Object(
  {
    id: Type.String(),
    firstName: Nullable(Type.String()),
    lastName: Nullable(Type.String()),
    avatar: Nullable(Image),
  },
  { additionalProperties: false },
);

const initiativeFields = {
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  visibility: Type.Union([Type.Literal('public'), Type.Literal('invite-only')]),
  cover: Nullable(Image),
  startsAt: Nullable(Type.String()),
  endsAt: Nullable(Type.String()),
  owner: Type.String(),
  memberCount: Type.Integer(),
  archived: Type.Boolean(),
  createdAt: Instant,
  myMembership: Nullable(
    Type.Union([Type.Literal('owner'), Type.Literal('member'), Type.Literal('requested')]),
  ),
};

const InitiativeSummary = Type.Object(initiativeFields, { additionalProperties: false });

const Initiative = Type.Object(
  {
    ...initiativeFields,
    members: Type.Array(
      Type.Object(
        {
          userId: Type.String(),
          role: Type.Union([Type.Literal('owner'), Type.Literal('member')]),
          user: Person,
        },
        { additionalProperties: false },
      ),
    ),
    pendingRequests: Type.Optional(
      Type.Array(
        Type.Object(
          { userId: Type.String(), user: Person, requestedAt: Instant },
          { additionalProperties: false },
        ),
        { description: 'who asked to join: for the owner and moderators only' },
      ),
    ),
  },
  { additionalProperties: false },
);

const Comment = Type.Object(
  { id: Type.String(), author: Person, text: Type.String(), postedAt: Instant },
  { additionalProperties: false },
);

const KudosCard = Type.Object(
  {
    type: Type.Literal('kudos'),
    id: Type.String(),
    author: Person,
    from: Person,
    to: Person,
    kind: Type.String(),
    reason: Type.String(),
    initiative: Type.Null(),
    createdAt: Instant,
  },
  { additionalProperties: false },
);

const postFields = {
  type: Type.Literal('post'),
  id: Type.String(),
  author: Person,
  text: Type.String(),
  initiative: Nullable(Type.String()),
  images: Type.Array(Image),
  mentions: Type.Array(Type.String()),
  likeCount: Type.Integer(),
  likedByMe: Type.Boolean(),
  commentCount: Type.Integer(),
  createdAt: Instant,
  editedAt: Nullable(Instant),
};

const PostCard = Type.Object(
  { ...postFields, comments: Type.Array(Comment, { description: 'the latest few, oldest first' }) },
  { additionalProperties: false },
);

const FeedItem = Type.Union([PostCard, KudosCard]);

/** A post with a page of its comments, oldest first. */
const Post = Type.Object({ ...postFields, comments: Page(Comment) }, { additionalProperties: false });

type Member = InitiativeDocument['members'][number];
type PostDocument = Extract<FeedDocument, { type: 'post' }>;

/** Initiatives, the feed, and posts with their comments. */
export async function socialRoutes(base: FastifyInstance, options: { readSide: ReadSide }): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { readSide } = options;
  const moderates = (request: FastifyRequest, permission: string) =>
    request.principal?.permissions.includes(permission) === true;
  const me = (request: FastifyRequest) => request.principal?.sub ?? '';

  /** Author summaries for every user id on a page, in one query. */
  const people = async (ids: Iterable<string>) => {
    const unique = [...new Set(ids)];
    const docs = await (
      await readSide.collection<UserProfileDocument>('user-profile')
    )
      .find({ _id: { $in: unique } })
      .toArray();
    const byId = new Map(docs.map((doc) => [doc._id, doc]));
    return (id: string): Static<typeof Person> => {
      const doc = byId.get(id);
      return {
        id,
        firstName: doc?.firstName ?? null,
        lastName: doc?.lastName ?? null,
        avatar: imageOf(doc?.avatar),
      };
    };
  };

  /** An initiative the caller may see: invite-only ones show only to members and moderators. */
  const visibleInitiative = async (request: FastifyRequest, id: string): Promise<InitiativeDocument> => {
    const doc = await (await readSide.collection<InitiativeDocument>('initiatives')).findOne({ _id: id });
    if (doc === null) throw notFound(`initiative ${id}`);
    const members = doc.members;
    if (
      doc.visibility === 'invite-only' &&
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

  const summaryOf = (doc: InitiativeDocument, viewer: string): Static<typeof InitiativeSummary> => {
    const members = doc.members;
    const pending = doc.pending;
    return {
      id: doc._id,
      name: doc.name,
      description: doc.description,
      visibility: doc.visibility,
      cover: imageOf(doc.cover),
      startsAt: doc.startsAt ?? null,
      endsAt: doc.endsAt ?? null,
      owner: doc.owner,
      memberCount: doc.memberCount,
      archived: doc.archived,
      createdAt: iso(doc.createdAt),
      myMembership:
        members.find((member) => member.userId === viewer)?.role ??
        (pending.some((request) => request.userId === viewer) ? 'requested' : null),
    };
  };

  app.get(
    '/initiatives',
    {
      config: { permission: 'initiatives:read' },
      schema: {
        querystring: listQuery({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          member: Type.Optional(Type.String({ maxLength: 100, description: 'a user id, or "me"' })),
          sort: Type.Optional(
            Type.Union([Type.Literal('newest'), Type.Literal('members')], { default: 'newest' }),
          ),
        }),
        response: { 200: Page(InitiativeSummary), ...readErrors },
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
      const { items, next } = await readSide.page<InitiativeDocument>(
        'initiatives',
        filter,
        field,
        limit,
        cursor,
      );
      return { items: items.map((doc) => summaryOf(doc, me(request))), next };
    },
  );

  app.get(
    '/initiatives/:id',
    {
      config: { permission: 'initiatives:read' },
      schema: {
        params: idParams,
        querystring: consistencyQuery,
        response: { 200: Initiative, ...readOneErrors },
      },
    },
    async (request) => {
      await readSide.consistentWith('initiatives', ['initiatives'], request.query.consistentWith);
      const doc = await (
        await readSide.collection<InitiativeDocument>('initiatives')
      ).findOne({ _id: request.params.id });
      if (doc === null) throw notFound(`initiative ${request.params.id}`);
      const members = doc.members;
      const pending = doc.pending;
      const owns = doc.owner === me(request) || moderates(request, 'initiatives:moderate');
      const person = await people([
        ...members.map((member) => member.userId),
        ...pending.map((each) => each.userId),
      ]);
      return {
        ...summaryOf(doc, me(request)),
        members: members.map((member: Member) => ({
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
  const itemsOf = async (docs: readonly FeedDocument[], viewer: string) => {
    const person = await people(
      docs.flatMap((doc) =>
        doc.type === 'kudos'
          ? [doc.author, doc.to]
          : [doc.author, ...doc.recentComments.map((comment) => comment.author)],
      ),
    );
    const postOf = (doc: PostDocument): Static<typeof PostCard> => ({
      type: 'post',
      id: doc._id,
      author: person(doc.author),
      text: doc.text,
      initiative: doc.initiative,
      images: doc.images.map((image) => imageOf(image)),
      mentions: [...doc.mentions],
      likeCount: doc.likeCount,
      likedByMe: doc.likedBy.includes(viewer),
      commentCount: doc.commentCount,
      comments: doc.recentComments.slice(-commentsPerItem).map((comment) => ({
        id: comment.id,
        author: person(comment.author),
        text: comment.text,
        postedAt: iso(comment.postedAt),
      })),
      createdAt: iso(doc.createdAt),
      editedAt: iso(doc.editedAt),
    });
    return docs.map((doc): Static<typeof FeedItem> =>
      doc.type === 'kudos'
        ? {
            type: 'kudos',
            id: doc._id,
            author: person(doc.author),
            from: person(doc.author),
            to: person(doc.to),
            kind: doc.kind,
            reason: doc.reason,
            initiative: null,
            createdAt: iso(doc.createdAt),
          }
        : postOf(doc),
    );
  };

  app.get(
    '/feed',
    {
      config: { permission: 'posts:read' },
      schema: {
        summary: 'The company feed (posts and kudos), or one initiative’s posts; newest first',
        querystring: listQuery({
          initiative: Type.Optional(Type.String({ maxLength: 100 })),
          author: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 200: Page(FeedItem), ...readOneErrors },
      },
    },
    async (request) => {
      const { limit, cursor, consistentWith, initiative, author } = request.query;
      await readSide.consistentWith('feed', ['posts', 'kudos'], consistentWith);
      if (initiative !== undefined) await visibleInitiative(request, initiative);
      const filter: Record<string, unknown> = { initiative: initiative ?? null };
      if (author !== undefined) filter['author'] = author === 'me' ? me(request) : author;
      const { items, next } = await readSide.page<FeedDocument>('feed', filter, 'createdAt', limit, cursor);
      return { items: await itemsOf(items, me(request)), next };
    },
  );

  const commentsPage = async (postId: string, limit: number, cursor: string | undefined) => {
    const { items, next } = await readSide.page<CommentDocument>(
      'comments',
      { postId },
      'postedAt',
      limit,
      cursor,
      'oldest',
    );
    const person = await people(items.map((doc) => doc.author));
    return {
      items: items.map((doc) => ({
        id: doc._id,
        author: person(doc.author),
        text: doc.text,
        postedAt: iso(doc.postedAt),
      })),
      next,
    };
  };

  /** A post the caller may see, or 404 (deleted, unknown, or in an initiative closed to them). */
  const visiblePost = async (request: FastifyRequest, id: string, consistentWith: string | undefined) => {
    await readSide.consistentWith('feed', ['posts'], consistentWith);
    await readSide.consistentWith('comments', ['posts'], consistentWith);
    const doc = await (
      await readSide.collection<PostDocument>('feed')
    ).findOne({ _id: id, type: 'post' } as never);
    if (doc === null) throw notFound(`post ${id}`);
    if (doc.initiative !== null) await visibleInitiative(request, doc.initiative);
    return doc;
  };

  app.get(
    '/posts/:id',
    {
      config: { permission: 'posts:read' },
      schema: {
        summary: 'A post with its comments, oldest first, paginated',
        params: idParams,
        querystring: listQuery(),
        response: { 200: Post, ...readOneErrors },
      },
    },
    async (request) => {
      const { limit, cursor, consistentWith } = request.query;
      const doc = await visiblePost(request, request.params.id, consistentWith);
      const [item] = await itemsOf([doc], me(request));
      if (item?.type !== 'post') throw notFound(`post ${request.params.id}`);
      return { ...item, comments: await commentsPage(request.params.id, limit, cursor) };
    },
  );

  app.get(
    '/posts/:id/comments',
    {
      config: { permission: 'posts:read' },
      schema: {
        summary: "A post's comments, oldest first",
        params: idParams,
        querystring: listQuery(),
        response: { 200: Page(Comment), ...readOneErrors },
      },
    },
    async (request) => {
      const { limit, cursor, consistentWith } = request.query;
      await visiblePost(request, request.params.id, consistentWith);
      return commentsPage(request.params.id, limit, cursor);
    },
  );
}
