import type { FastifyInstance } from 'fastify';
import type { CommandBus } from '../runtime/command-bus.ts';
import { DomainError } from '../runtime/decider.ts';
import { commandAnswerSchema, commandRequest, newAggregateId, idParams } from '../runtime/http.ts';
import type { ReadModels } from '../read-models.ts';
import { defaultKudosBudget, type KudosCommand, type KudosLedger } from './decider.ts';

export interface KudosRoutesOptions {
  readonly kudos: CommandBus<KudosCommand, KudosLedger>;
  readonly readModels: ReadModels;
}

/** Giving kudos (in your own name, from your budget) and revoking them (moderation). */
export async function kudosRoutes(app: FastifyInstance, options: KudosRoutesOptions): Promise<void> {
  app.post<{ Body: { to: string; kind: string; reason: string } }>(
    '/kudos',
    {
      config: { permission: 'kudos:give' },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['to', 'kind', 'reason'],
          properties: {
            to: { type: 'string', minLength: 1, maxLength: 100 },
            kind: { type: 'string', minLength: 1, maxLength: 100 },
            reason: { type: 'string', minLength: 1, maxLength: 500 },
          },
        },
        response: { 201: commandAnswerSchema },
      },
    },
    async (request, reply) => {
      const { to, kind, reason } = request.body;
      const giver = request.principal?.sub ?? '';
      const [receiver, kudosKind, budget] = await Promise.all([
        options.readModels.user(to),
        options.readModels.kudosKind(kind),
        options.readModels.budget(),
      ]);
      if (receiver === null || !receiver.registered)
        throw new DomainError('UNKNOWN_RECEIVER', `there is no user ${to}`, 404);
      if (kudosKind === null) throw new DomainError('UNKNOWN_KIND', `there is no kudos kind ${kind}`, 404);
      const answer = await options.kudos.handle(
        commandRequest(request, giver, {
          type: 'GiveKudos',
          data: {
            kudosId: newAggregateId(request),
            to,
            kindId: kind,
            reason,
            receiverActive: receiver.active,
            kindActive: kudosKind.active,
            budget: budget ? { perPeriod: budget.perPeriod, period: budget.period } : defaultKudosBudget,
          },
        }),
      );
      return reply.code(201).send(answer);
    },
  );

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/kudos/:id/revoke',
    {
      config: { permission: 'kudos:moderate' },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
        },
        response: { 200: commandAnswerSchema },
      },
    },
    async (request) => {
      const kudos = await options.readModels.kudos(request.params.id);
      if (kudos === null) throw new DomainError('NOT_FOUND', `no kudos ${request.params.id}`, 404);
      return options.kudos.handle(
        commandRequest(request, kudos.from, {
          type: 'RevokeKudos',
          data: { kudosId: kudos._id, reason: request.body.reason },
        }),
      );
    },
  );
}
