import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CommandBus } from '../runtime/command-bus.ts';
import { DomainError } from '../runtime/decider.ts';
import {
  CommandAnswer,
  commandAnswerWith,
  commandErrors,
  commandHeaders,
  commandRequest,
  idParams,
  newAggregateId,
  pathParams,
} from '../runtime/http.ts';
import type { ReadModels } from '../read-models.ts';
import { imagesFor } from '../shared/images.ts';
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
  text: Type.String({ maxLength: 5000 }),
  images: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      maxItems: maxImages,
      description: 'File ids from POST /files with purpose post, uploaded by the sender',
    }),
  ),
  mentions: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: maxMentions }),
  ),
};
const consistentQuery = Type.Object(
  { consistentWith: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);

/** Posts in the company feed or an initiative, their comments, and likes. */
export async function postRoutes(base: FastifyInstance, options: PostRoutesOptions): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { readModels } = options;
  const send = (request: FastifyRequest, id: string, command: PostCommand) =>
    options.posts.handle(commandRequest(request, id, command));

  const checkMentions = async (mentions: readonly string[]): Promise<void> => {
    const users = await Promise.all(mentions.map((id) => readModels.user(id)));
    const unknown = mentions.filter((_id, index) => users[index]?.registered !== true);
    if (unknown.length > 0)
      throw new DomainError('UNKNOWN_MENTION', `no such user: ${unknown.join(', ')}`, {
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

  app.post(
    '/posts',
    {
      config: { permission },
      schema: {
        summary: 'Post in the company feed, or in an initiative you are a member of',
        headers: commandHeaders,
        querystring: consistentQuery,
        body: Type.Object(
          { ...contentProperties, initiative: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 201: CommandAnswer, ...commandErrors },
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
      const checked = await imagesFor(readModels, {
        field: 'images',
        fileIds: images,
        owner: request.principal?.sub ?? '',
        purpose: 'post',
      });
      const answer = await send(request, newAggregateId(request), {
        type: 'CreatePost',
        data: { text, images: checked, mentions, place },
      });
      return reply.code(201).send(answer);
    },
  );

  app.patch(
    '/posts/:id',
    {
      config: { permission },
      schema: {
        headers: commandHeaders,
        params: idParams,
        body: Type.Object(contentProperties, { additionalProperties: false }),
        response: { 200: CommandAnswer, ...commandErrors },
      },
    },
    async (request) => {
      const { text, images = [], mentions = [] } = request.body;
      await checkMentions(mentions);
      // Images already in the post stay, whoever uploaded them (a moderator editing someone's post).
      const current = await readModels.post(request.params.id);
      const checked = await imagesFor(readModels, {
        field: 'images',
        fileIds: images,
        owner: request.principal?.sub ?? '',
        purpose: 'post',
        kept: (current?.images ?? []).map((image) => ({
          fileId: image.id,
          variants: Object.entries(image.variants).map(([name, variant]) => ({ name, ...variant })),
        })),
      });
      return send(request, request.params.id, {
        type: 'EditPost',
        data: { text, images: checked, mentions, moderator: moderatorOf(request) },
      });
    },
  );

  app.delete(
    '/posts/:id',
    {
      config: { permission },
      schema: {
        headers: commandHeaders,
        params: idParams,
        response: { 200: CommandAnswer, ...commandErrors },
      },
    },
    async (request) =>
      send(request, request.params.id, { type: 'DeletePost', data: { moderator: moderatorOf(request) } }),
  );

  app.post(
    '/posts/:id/comments',
    {
      config: { permission },
      schema: {
        headers: commandHeaders,
        params: idParams,
        body: Type.Object({ text: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 201: commandAnswerWith({ commentId: Type.String() }), ...commandErrors },
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

  app.delete(
    '/posts/:id/comments/:commentId',
    {
      config: { permission },
      schema: {
        headers: commandHeaders,
        params: commentParams,
        response: { 200: CommandAnswer, ...commandErrors },
      },
    },
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
    app.route({
      method,
      url: '/posts/:id/like',
      config: { permission },
      schema: {
        summary: type === 'LikePost' ? 'Like (again: no change)' : 'Take a like back',
        headers: commandHeaders,
        params: idParams,
        response: { 200: CommandAnswer, ...commandErrors },
      },
      handler: async (request) =>
        send(request, request.params.id, {
          type,
          data: { canSee: await canSee(request, request.params.id) },
        }),
    });
  }
}
