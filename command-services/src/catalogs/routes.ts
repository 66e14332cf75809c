import type { FastifyInstance } from 'fastify';
import type { CommandBus } from '../runtime/command-bus.ts';
import { commandAnswerSchema, commandRequest, newAggregateId } from '../runtime/http.ts';
import { kudosBudgetId, type CatalogCommand, type CatalogState } from './decider.ts';

export interface CatalogRoutesOptions {
  readonly catalogs: CommandBus<CatalogCommand, CatalogState>;
}

const entry = {
  name: { type: 'string', minLength: 1, maxLength: 60 },
  description: { type: 'string', maxLength: 500 },
} as const;

/** Statuses, roles and the kudos budget: catalogs admins keep. */
export async function catalogRoutes(app: FastifyInstance, options: CatalogRoutesOptions): Promise<void> {
  app.post<{ Body: { name: string; description?: string } }>(
    '/statuses',
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        body: { type: 'object', additionalProperties: false, required: ['name'], properties: entry },
        response: { 201: commandAnswerSchema },
      },
    },
    async (request, reply) => {
      const { name, description = '' } = request.body;
      const answer = await options.catalogs.handle(
        commandRequest(request, newAggregateId(request), {
          type: 'CreateStatus',
          data: { name, description },
        }),
      );
      return reply.code(201).send(answer);
    },
  );

  app.patch<{
    Params: { id: string };
    Body: { name: string; description: string; active: boolean; expectedVersion?: number };
  }>(
    '/statuses/:id',
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } }, required: ['id'] },
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

  app.post<{ Body: { name: string } }>(
    '/genders',
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: entry.name },
        },
        response: { 201: commandAnswerSchema },
      },
    },
    async (request, reply) => {
      const answer = await options.catalogs.handle(
        commandRequest(request, newAggregateId(request), {
          type: 'CreateGender',
          data: { name: request.body.name },
        }),
      );
      return reply.code(201).send(answer);
    },
  );

  app.patch<{ Params: { id: string }; Body: { name: string; active: boolean } }>(
    '/genders/:id',
    {
      config: { permission: 'catalogs:manage' },
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } }, required: ['id'] },
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
