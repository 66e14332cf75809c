import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DomainError } from '../runtime/decider.ts';
import { CommandAnswer, commandErrors, commandHeaders, commandRequest, idParams } from '../runtime/http.ts';
import { changeNamedEntry, createEntryRoute, entry, type CatalogRoutesOptions } from '../catalogs/routes.ts';

/** The admin-managed catalog of kudos kinds. */
export async function kudosKindRoutes(base: FastifyInstance, options: CatalogRoutesOptions): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  createEntryRoute(app, options.catalogs, 'kudos-kinds', (name, description) => ({
    type: 'CreateKudosKind',
    data: { name, description },
  }));

  app.patch(
    '/kudos-kinds/:id',
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        headers: commandHeaders,
        params: idParams,
        body: Type.Object(
          {
            name: Type.Optional(entry.name),
            description: Type.Optional(entry.description),
            active: Type.Optional(Type.Boolean()),
            expectedVersion: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: CommandAnswer, ...commandErrors },
      },
    },
    async (request) => {
      const { name, description, active, expectedVersion } = request.body;
      if (name === undefined && description === undefined && active === undefined)
        throw new DomainError('NOTHING_TO_CHANGE', 'send the name, description or active to change');
      return changeNamedEntry(
        options,
        'kudos-kinds',
        name,
        commandRequest(
          request,
          request.params.id,
          {
            type: 'UpdateKudosKind',
            data: {
              ...(name === undefined ? {} : { name }),
              ...(description === undefined ? {} : { description }),
              ...(active === undefined ? {} : { active }),
            },
          },
          expectedVersion,
        ),
      );
    },
  );
}
