import type { FastifyInstance } from 'fastify';
import type { CommandBus } from '../runtime/command-bus.ts';
import { commandAnswerSchema, commandRequest, newAggregateId } from '../runtime/http.ts';
import type { CatalogCommand, CatalogState } from '../catalogs/decider.ts';

export interface KudosKindRoutesOptions {
  readonly catalogs: CommandBus<CatalogCommand, CatalogState>;
}

const fields = {
  name: { type: 'string', minLength: 1, maxLength: 60 },
  description: { type: 'string', maxLength: 500 },
} as const;

/** The admin-managed catalog of kudos kinds. */
export async function kudosKindRoutes(app: FastifyInstance, options: KudosKindRoutesOptions): Promise<void> {
  app.post<{ Body: { name: string; description?: string } }>(
    '/kudos-kinds',
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        body: { type: 'object', additionalProperties: false, required: ['name'], properties: fields },
        response: { 201: commandAnswerSchema },
      },
    },
    async (request, reply) => {
      const { name, description = '' } = request.body;
      const answer = await options.catalogs.handle(
        commandRequest(request, newAggregateId(request), {
          type: 'CreateKudosKind',
          data: { name, description },
        }),
      );
      return reply.code(201).send(answer);
    },
  );

  app.patch<{
    Params: { id: string };
    Body: { name?: string; description?: string; active?: boolean; expectedVersion?: number };
  }>(
    '/kudos-kinds/:id',
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } }, required: ['id'] },
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            ...fields,
            active: { type: 'boolean' },
            expectedVersion: { type: 'integer', minimum: 0 },
          },
        },
        response: { 200: commandAnswerSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { name, description, active, expectedVersion } = request.body;
      let answer;
      if (name !== undefined || description !== undefined) {
        answer = await options.catalogs.handle(
          commandRequest(
            request,
            id,
            {
              type: 'UpdateKudosKind',
              data: {
                ...(name === undefined ? {} : { name }),
                ...(description === undefined ? {} : { description }),
              },
            },
            expectedVersion,
          ),
        );
      }
      if (active !== undefined) {
        answer = await options.catalogs.handle(
          commandRequest(
            request,
            id,
            { type: active ? 'RestoreKudosKind' : 'RetireKudosKind' },
            answer ? undefined : expectedVersion,
          ),
        );
      }
      return answer;
    },
  );
}
