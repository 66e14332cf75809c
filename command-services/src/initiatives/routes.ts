import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { Nullable } from '@engage/auth';
import type { CommandBus } from '../runtime/command-bus.ts';
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
import { imageFor } from '../shared/images.ts';
import type { InitiativeCommand, InitiativeDescription, InitiativeState } from './decider.ts';

const memberParams = pathParams({ id: 100, userId: 100 });

export interface InitiativeRoutesOptions {
  readonly initiatives: CommandBus<InitiativeCommand, InitiativeState>;
  readonly readModels: ReadModels;
}

const permission = 'initiatives:write';
const moderatorOf = (request: FastifyRequest): boolean =>
  request.principal?.permissions.includes('initiatives:moderate') === true;

const nullableDate = Nullable(Type.String({ maxLength: 10 }));
const descriptionProperties = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('invite-only')])),
  startsAt: Type.Optional(nullableDate),
  endsAt: Type.Optional(nullableDate),
  cover: Type.Optional(
    Nullable(
      Type.String({
        maxLength: 100,
        description: 'A file id from POST /files with purpose cover, uploaded by the sender; null removes it',
      }),
    ),
  ),
};

/** A new initiative: a name and a visibility at least. */
const CreateBody = Type.Object(
  {
    ...descriptionProperties,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    visibility: Type.Union([Type.Literal('public'), Type.Literal('invite-only')]),
  },
  { additionalProperties: false },
);

/** A change: any of the description's fields. */
const ChangeBody = Type.Object(descriptionProperties, { additionalProperties: false, minProperties: 1 });

type DescriptionBody = Static<typeof ChangeBody>;

/** The body's fields in the decider's terms, only those present; the cover checked (the sender's, a cover). */
async function descriptionOf(
  request: FastifyRequest,
  body: DescriptionBody,
  readModels: ReadModels,
): Promise<Partial<InitiativeDescription>> {
  const { cover } = body;
  return {
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.description === undefined ? {} : { description: body.description }),
    ...(body.visibility === undefined
      ? {}
      : { visibility: body.visibility === 'public' ? ('PUBLIC' as const) : ('INVITE_ONLY' as const) }),
    ...(body.startsAt === undefined ? {} : { startsAt: body.startsAt }),
    ...(body.endsAt === undefined ? {} : { endsAt: body.endsAt }),
    ...(cover === undefined
      ? {}
      : {
          cover:
            cover === null
              ? null
              : await imageFor(readModels, {
                  field: 'cover',
                  fileId: cover,
                  owner: request.principal?.sub ?? '',
                  purpose: 'cover',
                }),
        }),
  };
}

/** Starting, changing, joining, leaving and archiving initiatives. */
export async function initiativeRoutes(
  base: FastifyInstance,
  options: InitiativeRoutesOptions,
): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const send = (request: FastifyRequest, id: string, command: InitiativeCommand) =>
    options.initiatives.handle(commandRequest(request, id, command));

  app.post(
    '/initiatives',
    {
      config: { permission },
      schema: {
        headers: commandHeaders,
        body: CreateBody,
        response: { 201: CommandAnswer, ...commandErrors },
      },
    },
    async (request, reply) => {
      const answer = await send(request, newAggregateId(request), {
        type: 'CreateInitiative',
        data: {
          name: '',
          description: '',
          visibility: 'PUBLIC',
          cover: null,
          startsAt: null,
          endsAt: null,
          ...(await descriptionOf(request, request.body, options.readModels)),
        },
      });
      return reply.code(201).send(answer);
    },
  );

  app.patch(
    '/initiatives/:id',
    {
      config: { permission },
      schema: {
        headers: commandHeaders,
        params: idParams,
        body: ChangeBody,
        response: { 200: CommandAnswer, ...commandErrors },
      },
    },
    async (request) =>
      send(request, request.params.id, {
        type: 'UpdateInitiative',
        data: {
          ...(await descriptionOf(request, request.body, options.readModels)),
          moderator: moderatorOf(request),
        },
      }),
  );

  app.post(
    '/initiatives/:id/members',
    {
      config: { permission },
      schema: {
        summary: 'Join (public) or ask to join (invite-only)',
        headers: commandHeaders,
        params: idParams,
        response: {
          200: commandAnswerWith({
            membership: Type.Union([Type.Literal('member'), Type.Literal('requested')]),
          }),
          ...commandErrors,
        },
      },
    },
    async (request) => {
      const answer = await send(request, request.params.id, { type: 'JoinInitiative', data: {} });
      const initiative = await options.readModels.initiative(request.params.id);
      const member = initiative?.visibility !== 'invite-only';
      return { ...answer, membership: member ? ('member' as const) : ('requested' as const) };
    },
  );

  app.delete(
    '/initiatives/:id/members/:userId',
    {
      config: { permission },
      schema: {
        summary: 'Leave (yourself) or remove a member',
        headers: commandHeaders,
        params: memberParams,
        response: { 200: CommandAnswer, ...commandErrors },
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
    app.post(
      `/initiatives/:id/requests/:userId/${path}`,
      {
        config: { permission },
        schema: {
          summary: `${path} a request to join`,
          headers: commandHeaders,
          params: memberParams,
          response: { 200: CommandAnswer, ...commandErrors },
        },
      },
      async (request) =>
        send(request, request.params.id, {
          type: 'AnswerJoinRequest',
          data: { userId: request.params.userId, approve, moderator: moderatorOf(request) },
        }),
    );
  }

  app.post(
    '/initiatives/:id/transfer',
    {
      config: { permission },
      schema: {
        summary: 'Hand ownership to a member',
        headers: commandHeaders,
        params: idParams,
        body: Type.Object(
          { userId: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: CommandAnswer, ...commandErrors },
      },
    },
    async (request) =>
      send(request, request.params.id, {
        type: 'TransferOwnership',
        data: { toUserId: request.body.userId, moderator: moderatorOf(request) },
      }),
  );

  app.post(
    '/initiatives/:id/archive',
    {
      config: { permission },
      schema: {
        headers: commandHeaders,
        params: idParams,
        response: { 200: CommandAnswer, ...commandErrors },
      },
    },
    async (request) =>
      send(request, request.params.id, {
        type: 'ArchiveInitiative',
        data: { moderator: moderatorOf(request) },
      }),
  );
}
