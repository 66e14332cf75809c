import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CommandBus } from '../runtime/command-bus.ts';
import {
  commandAnswerSchema,
  commandRequest,
  idParams,
  newAggregateId,
  pathParams,
} from '../runtime/http.ts';
import type { ReadModels } from '../read-models.ts';
import type { InitiativeCommand, InitiativeDescription, InitiativeState } from './decider.ts';

const memberParams = pathParams({ id: 100, userId: 100 });

export interface InitiativeRoutesOptions {
  readonly initiatives: CommandBus<InitiativeCommand, InitiativeState>;
  readonly readModels: ReadModels;
}

const permission = 'initiatives:write';
const moderatorOf = (request: FastifyRequest): boolean =>
  request.principal?.permissions.includes('initiatives:moderate') === true;

const nullableDate = { type: ['string', 'null'], maxLength: 10 } as const;
const descriptionProperties = {
  name: { type: 'string', minLength: 1, maxLength: 100 },
  description: { type: 'string', maxLength: 5000 },
  visibility: { type: 'string', enum: ['public', 'invite-only'] },
  startsAt: nullableDate,
  endsAt: nullableDate,
  cover: { type: ['string', 'null'], maxLength: 100 },
} as const;

interface DescriptionBody {
  name?: string;
  description?: string;
  visibility?: 'public' | 'invite-only';
  startsAt?: string | null;
  endsAt?: string | null;
  cover?: string | null;
}

/** The body's fields in the decider's terms, only those present. */
function descriptionOf(body: DescriptionBody): Partial<InitiativeDescription> {
  return {
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.description === undefined ? {} : { description: body.description }),
    ...(body.visibility === undefined
      ? {}
      : { visibility: body.visibility === 'public' ? ('PUBLIC' as const) : ('INVITE_ONLY' as const) }),
    ...(body.startsAt === undefined ? {} : { startsAt: body.startsAt }),
    ...(body.endsAt === undefined ? {} : { endsAt: body.endsAt }),
    ...(body.cover === undefined ? {} : { coverFileId: body.cover }),
  };
}

/** Starting, changing, joining, leaving and archiving initiatives. */
export async function initiativeRoutes(
  app: FastifyInstance,
  options: InitiativeRoutesOptions,
): Promise<void> {
  const send = (request: FastifyRequest, id: string, command: InitiativeCommand) =>
    options.initiatives.handle(commandRequest(request, id, command));

  app.post<{ Body: DescriptionBody }>(
    '/initiatives',
    {
      config: { permission },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'visibility'],
          properties: descriptionProperties,
        },
        response: { 201: commandAnswerSchema },
      },
    },
    async (request, reply) => {
      const answer = await send(request, newAggregateId(request), {
        type: 'CreateInitiative',
        data: {
          name: '',
          description: '',
          visibility: 'PUBLIC',
          coverFileId: null,
          startsAt: null,
          endsAt: null,
          ...descriptionOf(request.body),
        },
      });
      return reply.code(201).send(answer);
    },
  );

  app.patch<{ Params: { id: string }; Body: DescriptionBody }>(
    '/initiatives/:id',
    {
      config: { permission },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: descriptionProperties,
        },
        response: { 200: commandAnswerSchema },
      },
    },
    async (request) =>
      send(request, request.params.id, {
        type: 'UpdateInitiative',
        data: { ...descriptionOf(request.body), moderator: moderatorOf(request) },
      }),
  );

  app.post<{ Params: { id: string } }>(
    '/initiatives/:id/members',
    {
      config: { permission },
      schema: {
        summary: 'Join (public) or ask to join (invite-only)',
        params: idParams,
        response: {
          200: {
            ...commandAnswerSchema,
            properties: { ...commandAnswerSchema.properties, membership: { type: 'string' } },
          },
        },
      },
    },
    async (request) => {
      const answer = await send(request, request.params.id, { type: 'JoinInitiative', data: {} });
      const initiative = await options.readModels.initiative(request.params.id);
      const member = initiative?.visibility !== 'invite-only';
      return { ...answer, membership: member ? 'member' : 'requested' };
    },
  );

  app.delete<{ Params: { id: string; userId: string } }>(
    '/initiatives/:id/members/:userId',
    {
      config: { permission },
      schema: {
        summary: 'Leave (yourself) or remove a member',
        params: memberParams,
        response: { 200: commandAnswerSchema },
      },
    },
    async (request) =>
      send(request, request.params.id, {
        type: 'RemoveMember',
        data: { userId: request.params.userId, moderator: moderatorOf(request) },
      }),
  );

  for (const [path, approve] of [
    ['approve', true],
    ['decline', false],
  ] as const) {
    app.post<{ Params: { id: string; userId: string } }>(
      `/initiatives/:id/requests/:userId/${path}`,
      {
        config: { permission },
        schema: {
          summary: `${path} a request to join`,
          params: memberParams,
          response: { 200: commandAnswerSchema },
        },
      },
      async (request) =>
        send(request, request.params.id, {
          type: 'AnswerJoinRequest',
          data: { userId: request.params.userId, approve, moderator: moderatorOf(request) },
        }),
    );
  }

  app.post<{ Params: { id: string }; Body: { userId: string } }>(
    '/initiatives/:id/transfer',
    {
      config: { permission },
      schema: {
        summary: 'Hand ownership to a member',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['userId'],
          properties: { userId: { type: 'string', minLength: 1, maxLength: 100 } },
        },
        response: { 200: commandAnswerSchema },
      },
    },
    async (request) =>
      send(request, request.params.id, {
        type: 'TransferOwnership',
        data: { toUserId: request.body.userId, moderator: moderatorOf(request) },
      }),
  );

  app.post<{ Params: { id: string } }>(
    '/initiatives/:id/archive',
    { config: { permission }, schema: { params: idParams, response: { 200: commandAnswerSchema } } },
    async (request) =>
      send(request, request.params.id, {
        type: 'ArchiveInitiative',
        data: { moderator: moderatorOf(request) },
      }),
  );
}
