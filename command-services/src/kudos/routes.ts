import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CommandBus } from '../runtime/command-bus.ts';
import { DomainError } from '../runtime/decider.ts';
import {
  CommandAnswer,
  commandErrors,
  commandHeaders,
  commandRequest,
  idParams,
  newAggregateId,
} from '../runtime/http.ts';
import type { ReadModels } from '../read-models.ts';
import { defaultKudosBudget, type KudosCommand, type KudosLedger } from './decider.ts';

export interface KudosRoutesOptions {
  readonly kudos: CommandBus<KudosCommand, KudosLedger>;
  readonly readModels: ReadModels;
}

/** Giving kudos (in your own name, from your budget) and revoking them (moderation). */
export async function kudosRoutes(base: FastifyInstance, options: KudosRoutesOptions): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/kudos',
    {
      config: { permission: 'kudos:give' },
      schema: {
        headers: commandHeaders,
        body: Type.Object(
          {
            to: Type.String({ minLength: 1, maxLength: 100 }),
            kind: Type.String({ minLength: 1, maxLength: 100 }),
            reason: Type.String({ minLength: 1, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: CommandAnswer, ...commandErrors },
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
        throw new DomainError('UNKNOWN_RECEIVER', `there is no user ${to}`);
      if (kudosKind === null) throw new DomainError('UNKNOWN_KIND', `there is no kudos kind ${kind}`);
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

  app.post(
    '/kudos/:id/revoke',
    {
      config: { permission: 'kudos:moderate' },
      schema: {
        headers: commandHeaders,
        params: idParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: CommandAnswer, ...commandErrors },
      },
    },
    async (request) => {
      const kudos = await options.readModels.kudos(request.params.id);
      if (kudos === null) throw new DomainError('NOT_FOUND', `no kudos ${request.params.id}`);
      return options.kudos.handle(
        commandRequest(request, kudos.from, {
          type: 'RevokeKudos',
          data: { kudosId: kudos._id, reason: request.body.reason },
        }),
      );
    },
  );
}
