import type { FastifyInstance } from 'fastify';
import type { CommandBus } from '../runtime/command-bus.ts';
import { commandAnswerSchema, commandRequest, newAggregateId, idParams } from '../runtime/http.ts';
import { kudosBudgetId, type CatalogCommand, type CatalogState } from './decider.ts';

export interface CatalogRoutesOptions {
  readonly catalogs: CommandBus<CatalogCommand, CatalogState>;
}

export const entry = {
  name: { type: 'string', minLength: 1, maxLength: 60 },
  description: { type: 'string', maxLength: 500 },
} as const;

/** `POST <path>`: a new catalog entry with a name (and a description when it has one); 201 with the answer. */
export function createEntryRoute(
  app: FastifyInstance,
  catalogs: CommandBus<CatalogCommand, CatalogState>,
  path: string,
  command: (name: string, description: string) => CatalogCommand,
  withDescription = true,
): void {
  app.post<{ Body: { name: string; description?: string } }>(
    path,
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: withDescription ? entry : { name: entry.name },
        },
        response: { 201: commandAnswerSchema },
      },
    },
    async (request, reply) => {
      const { name, description = '' } = request.body;
      const answer = await catalogs.handle(
        commandRequest(request, newAggregateId(request), command(name, description)),
      );
      return reply.code(201).send(answer);
    },
  );
}

/** Statuses, genders, roles and the kudos budget: catalogs admins keep. */
export async function catalogRoutes(app: FastifyInstance, options: CatalogRoutesOptions): Promise<void> {
  createEntryRoute(app, options.catalogs, '/statuses', (name, description) => ({
    type: 'CreateStatus',
    data: { name, description },
  }));

  app.patch<{
    Params: { id: string };
    Body: { name: string; description: string; active: boolean; expectedVersion?: number };
  }>(
    '/statuses/:id',
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'description', 'active'],
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
      const { expectedVersion, ...data } = request.body;
      return options.catalogs.handle(
        commandRequest(request, request.params.id, { type: 'UpdateStatus', data }, expectedVersion),
      );
    },
  );

  app.post<{ Body: { name: string; description?: string; permissions: string[] } }>(
    '/roles',
    {
      config: { permission: 'roles:manage' },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'permissions'],
          properties: {
            ...entry,
            name: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}$' },
            permissions: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 100 } },
          },
        },
        response: { 201: commandAnswerSchema },
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

  createEntryRoute(
    app,
    options.catalogs,
    '/genders',
    (name) => ({ type: 'CreateGender', data: { name } }),
    false,
  );

  app.patch<{ Params: { id: string }; Body: { name: string; active: boolean } }>(
    '/genders/:id',
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'active'],
          properties: { name: entry.name, active: { type: 'boolean' } },
        },
        response: { 200: commandAnswerSchema },
      },
    },
    async (request) =>
      options.catalogs.handle(
        commandRequest(request, request.params.id, { type: 'UpdateGender', data: request.body }),
      ),
  );

  app.put<{ Body: { perPeriod: number; period: 'WEEK' | 'MONTH' } }>(
    '/kudos-budget',
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['perPeriod', 'period'],
          properties: {
            perPeriod: { type: 'integer', minimum: 0, maximum: 1000 },
            period: { enum: ['WEEK', 'MONTH'] },
          },
        },
        response: { 200: commandAnswerSchema },
      },
    },
    async (request) =>
      options.catalogs.handle(
        commandRequest(request, kudosBudgetId, { type: 'ChangeKudosBudget', data: request.body }),
      ),
  );
}
