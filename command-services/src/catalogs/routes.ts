import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { builtInRoles } from '@engage/auth';
import type { CommandAnswer as Answer, CommandBus, CommandRequest } from '../runtime/command-bus.ts';
import {
  CommandAnswer,
  commandErrors,
  commandHeaders,
  commandRequest,
  idParams,
  newAggregateId,
} from '../runtime/http.ts';
import type { ReadModels } from '../read-models.ts';
import { DomainError } from '../runtime/decider.ts';
import { kudosBudgetId, type CatalogCommand, type CatalogState } from './decider.ts';
import { createNamed, renameNamed, type NamedCatalog } from './names.ts';

export interface CatalogRoutesOptions {
  readonly catalogs: CommandBus<CatalogCommand, CatalogState>;
  readonly readModels: ReadModels;
}

export const entry = {
  name: Type.String({ minLength: 1, maxLength: 60 }),
  description: Type.String({ maxLength: 500 }),
};

/**
 * `POST /<catalog>`: a new catalog entry with a name no other entry of the catalog has in any case
 * or Unicode form (and a description when it has one); 201 with the answer, 409 NAME_TAKEN.
 */
export function createEntryRoute(
  base: FastifyInstance,
  catalogs: CommandBus<CatalogCommand, CatalogState>,
  catalog: NamedCatalog,
  command: (name: string, description: string) => CatalogCommand,
  withDescription = true,
): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    `/${catalog}`,
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        headers: commandHeaders,
        body: withDescription
          ? Type.Object(
              { name: entry.name, description: Type.Optional(entry.description) },
              { additionalProperties: false },
            )
          : Type.Object({ name: entry.name }, { additionalProperties: false }),
        response: { 201: CommandAnswer, ...commandErrors },
      },
    },
    async (request, reply) => {
      const { name, description = '' }: { name: string; description?: string } = request.body;
      const answer = await createNamed(
        catalogs,
        catalog,
        name,
        commandRequest(request, newAggregateId(request), command(name, description)),
      );
      return reply.code(201).send(answer);
    },
  );
}

/**
 * Changes entry `id` of `catalog` with `command`; when `name` is given, through its name's claim
 * (renamed: the new name claimed, the old one released). The old name is read once the catalog's
 * read model holds everything logged before the change arrived.
 */
export async function changeNamedEntry(
  options: CatalogRoutesOptions,
  catalog: NamedCatalog,
  name: string | undefined,
  request: CommandRequest<CatalogCommand>,
): Promise<Answer> {
  if (name === undefined) return options.catalogs.handle(request);
  await options.readModels.caughtUp([catalog]);
  const current = await options.readModels.catalogEntry(catalog, request.aggregateId);
  // Unknown to a read model that holds everything logged before: nothing to rename (404, nothing
  // appended), rather than a name claimed without the old one known to give back.
  if (current === null) throw new DomainError('NOT_FOUND', `no ${catalog} entry ${request.aggregateId}`);
  return renameNamed(options.catalogs, catalog, { current: current.name, name }, request);
}

/** Statuses, genders, roles and the kudos budget: catalogs admins keep. */
export async function catalogRoutes(base: FastifyInstance, options: CatalogRoutesOptions): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  createEntryRoute(app, options.catalogs, 'statuses', (name, description) => ({
    type: 'CreateStatus',
    data: { name, description },
  }));

  app.patch(
    '/statuses/:id',
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        headers: commandHeaders,
        params: idParams,
        body: Type.Object(
          {
            ...entry,
            active: Type.Boolean(),
            expectedVersion: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: CommandAnswer, ...commandErrors },
      },
    },
    async (request) => {
      const { expectedVersion, ...data } = request.body;
      return changeNamedEntry(
        options,
        'statuses',
        data.name,
        commandRequest(request, request.params.id, { type: 'UpdateStatus', data }, expectedVersion),
      );
    },
  );

  app.post(
    '/roles',
    {
      config: { permission: 'roles:manage' },
      schema: {
        headers: commandHeaders,
        body: Type.Object(
          {
            name: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' }),
            description: Type.Optional(entry.description),
            permissions: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: CommandAnswer, ...commandErrors },
      },
    },
    async (request, reply) => {
      const { name, description = '', permissions } = request.body;
      const answer = await options.catalogs.handle(
        commandRequest(request, name, { type: 'CreateRole', data: { name, description, permissions } }),
      );
      return reply.code(201).send(answer);
    },
  );

  app.patch(
    '/roles/:id',
    {
      config: { permission: 'roles:manage' },
      schema: {
        summary: 'Change what a role is for and the permissions it grants; its name stays',
        headers: commandHeaders,
        params: idParams,
        body: Type.Object(
          {
            description: entry.description,
            permissions: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 }),
            expectedVersion: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: CommandAnswer, ...commandErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { description, permissions, expectedVersion } = request.body;
      // A built-in role keeps what the system grants it, so no edit can lock every admin out.
      const builtIn = (builtInRoles as Record<string, { permissions: readonly string[] }>)[id];
      const missing = builtIn?.permissions.filter((permission) => !permissions.includes(permission)) ?? [];
      if (missing.length > 0)
        throw new DomainError(
          'BUILT_IN_PERMISSION',
          `${id} is a built-in role and keeps ${missing.join(', ')}; add permissions to it, or make a new role`,
        );
      return options.catalogs.handle(
        commandRequest(
          request,
          id,
          { type: 'UpdateRole', data: { name: id, description, permissions } },
          expectedVersion,
        ),
      );
    },
  );

  createEntryRoute(
    app,
    options.catalogs,
    'genders',
    (name) => ({ type: 'CreateGender', data: { name } }),
    false,
  );

  app.patch(
    '/genders/:id',
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        headers: commandHeaders,
        params: idParams,
        body: Type.Object({ name: entry.name, active: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: CommandAnswer, ...commandErrors },
      },
    },
    async (request) =>
      changeNamedEntry(
        options,
        'genders',
        request.body.name,
        commandRequest(request, request.params.id, { type: 'UpdateGender', data: request.body }),
      ),
  );

  app.put(
    '/kudos-budget',
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        headers: commandHeaders,
        body: Type.Object(
          {
            perPeriod: Type.Integer({ minimum: 0, maximum: 1000 }),
            period: Type.Union([Type.Literal('WEEK'), Type.Literal('MONTH')]),
          },
          { additionalProperties: false },
        ),
        response: { 200: CommandAnswer, ...commandErrors },
      },
    },
    async (request) =>
      options.catalogs.handle(
        commandRequest(request, kudosBudgetId, { type: 'ChangeKudosBudget', data: request.body }),
      ),
  );
}
