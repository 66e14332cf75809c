import type { FastifyInstance } from 'fastify';
import { commandAnswerSchema, commandRequest, idParams } from '../runtime/http.ts';
import { createEntryRoute, entry, type CatalogRoutesOptions } from '../catalogs/routes.ts';

/** The admin-managed catalog of kudos kinds. */
export async function kudosKindRoutes(app: FastifyInstance, options: CatalogRoutesOptions): Promise<void> {
  createEntryRoute(app, options.catalogs, '/kudos-kinds', (name, description) => ({
    type: 'CreateKudosKind',
    data: { name, description },
  }));

  app.patch<{
    Params: { id: string };
    Body: { name?: string; description?: string; active?: boolean; expectedVersion?: number };
  }>(
    '/kudos-kinds/:id',
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            ...entry,
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
