import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CommandBus } from '../runtime/command-bus.ts';
import { DomainError } from '../runtime/decider.ts';
import {
  commandAnswerSchema,
  commandRequest,
  idParams,
  newAggregateId,
  pathParams,
} from '../runtime/http.ts';
import type { ReadModels } from '../read-models.ts';
import { maxImages, maxMentions, type PostCommand, type PostPlace, type PostState } from './decider.ts';

const commentParams = pathParams({ id: 100, commentId: 100 });

export interface PostRoutesOptions {
  readonly posts: CommandBus<PostCommand, PostState>;
  readonly readModels: ReadModels;
}

const permission = 'posts:write';
const moderatorOf = (request: FastifyRequest): boolean =>
  request.principal?.permissions.includes('posts:moderate') === true;

const contentProperties = {
  text: { type: 'string', maxLength: 5000 },
  images: { type: 'array', maxItems: maxImages, items: { type: 'string', minLength: 1, maxLength: 100 } },
  mentions: { type: 'array', maxItems: maxMentions, items: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;
const consistentQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { consistentWith: { type: 'string', maxLength: 200 } },
} as const;

interface ContentBody {
  text: string;
  images?: string[];
  mentions?: string[];
}

/** Posts in the company feed or an initiative, their comments, and likes. */
export async function postRoutes(app: FastifyInstance, options: PostRoutesOptions): Promise<void> {
  const { readModels } = options;
  const send = (request: FastifyRequest, id: string, command: PostCommand) =>
    options.posts.handle(commandRequest(request, id, command));

  const checkMentions = async (mentions: readonly string[]): Promise<void> => {
    const users = await Promise.all(mentions.map((id) => readModels.user(id)));
    const unknown = mentions.filter((_id, index) => users[index]?.registered !== true);
    if (unknown.length > 0)
      throw Object.assign(new DomainError('UNKNOWN_MENTION', `no such user: ${unknown.join(', ')}`, 400), {
        field: 'mentions',
      });
  };

  /** Whether the sender may see a post: it is not in an invite-only initiative they are not in. */
  const canSee = async (request: FastifyRequest, postId: string): Promise<boolean> => {
    if (moderatorOf(request)) return true;
    // Not projected yet (moments after it was written): the post aggregate itself says whether it exists.
    const post = await readModels.post(postId);
    if (post === null || post.initiative === null) return true;
    const initiative = await readModels.initiative(post.initiative);
    return (
      initiative === null ||
      initiative.visibility === 'public' ||
      initiative.members.some((member) => member.userId === request.principal?.sub)
    );
  };

  app.post<{ Body: ContentBody & { initiative?: string }; Querystring: { consistentWith?: string } }>(
    '/posts',
    {
      config: { permission },
      schema: {
        summary: 'Post in the company feed, or in an initiative you are a member of',
        querystring: consistentQuery,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['text'],
          properties: { ...contentProperties, initiative: { type: 'string', minLength: 1, maxLength: 100 } },
        },
        response: { 201: commandAnswerSchema },
      },
    },
    async (request, reply) => {
      const { text, images = [], mentions = [], initiative: initiativeId } = request.body;
      await checkMentions(mentions);
      let place: PostPlace = { kind: 'company' };
      if (initiativeId !== undefined) {
        // After a join, the client names the join's position so the membership is seen.
        await readModels.consistentWith('initiatives', 'initiatives', request.query.consistentWith);
        const initiative = await readModels.initiative(initiativeId);
        place = {
          kind: 'initiative',
          initiativeId,
          exists: initiative !== null,
          archived: initiative?.archived === true,
          authorIsMember:
            initiative?.members.some((member) => member.userId === request.principal?.sub) === true,
        };
      }
      const answer = await send(request, newAggregateId(request), {
        type: 'CreatePost',
        data: { text, imageFileIds: images, mentions, place },
      });
      return reply.code(201).send(answer);
    },
  );

  app.patch<{ Params: { id: string }; Body: ContentBody }>(
    '/posts/:id',
    {
      config: { permission },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['text'],
          properties: contentProperties,
        },
        response: { 200: commandAnswerSchema },
      },
    },
    async (request) => {
      const { text, images = [], mentions = [] } = request.body;
      await checkMentions(mentions);
      return send(request, request.params.id, {
        type: 'EditPost',
        data: { text, imageFileIds: images, mentions, moderator: moderatorOf(request) },
      });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/posts/:id',
    { config: { permission }, schema: { params: idParams, response: { 200: commandAnswerSchema } } },
    async (request) =>
      send(request, request.params.id, { type: 'DeletePost', data: { moderator: moderatorOf(request) } }),
  );

  app.post<{ Params: { id: string }; Body: { text: string } }>(
    '/posts/:id/comments',
    {
      config: { permission },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['text'],
          properties: { text: { type: 'string', maxLength: 2000 } },
        },
        response: {
          201: {
            ...commandAnswerSchema,
            properties: { ...commandAnswerSchema.properties, commentId: { type: 'string' } },
          },
        },
      },
    },
    async (request, reply) => {
      const commentId =
        request.headers['idempotency-key'] === undefined ? randomUUID() : newAggregateId(request);
      const answer = await send(request, request.params.id, {
        type: 'PostComment',
        data: { commentId, text: request.body.text, canSee: await canSee(request, request.params.id) },
      });
      return reply.code(201).send({ ...answer, commentId });
    },
  );

  app.delete<{ Params: { id: string; commentId: string } }>(
    '/posts/:id/comments/:commentId',
    { config: { permission }, schema: { params: commentParams, response: { 200: commandAnswerSchema } } },
    async (request) =>
      send(request, request.params.id, {
        type: 'DeleteComment',
        data: { commentId: request.params.commentId, moderator: moderatorOf(request) },
      }),
  );

  for (const [method, type] of [
    ['PUT', 'LikePost'],
    ['DELETE', 'UnlikePost'],
  ] as const) {
    app.route<{ Params: { id: string } }>({
      method,
      url: '/posts/:id/like',
      config: { permission },
      schema: {
        summary: type === 'LikePost' ? 'Like (again: no change)' : 'Take a like back',
        params: idParams,
        response: { 200: commandAnswerSchema },
      },
      handler: async (request) =>
        send(request, request.params.id, {
          type,
          data: { canSee: await canSee(request, request.params.id) },
        }),
    });
  }
}
