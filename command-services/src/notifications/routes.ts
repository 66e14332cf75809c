import { setTimeout as sleep } from 'node:timers/promises';
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
  newAggregateId,
  pathParams,
} from '../runtime/http.ts';
import type { ReadModels } from '../read-models.ts';
import { broadcastIdPrefix, type NotificationCommand, type NotificationState } from './decider.ts';

export interface NotificationRoutesOptions {
  readonly notifications: CommandBus<NotificationCommand, NotificationState>;
  readonly readModels: ReadModels;
}

/** Marking notifications read, and system-wide broadcasts (admins). */
export async function notificationRoutes(
  base: FastifyInstance,
  options: NotificationRoutesOptions,
): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/notifications/:id/read',
    {
      config: { permission: 'notifications:manage-own' },
      schema: {
        headers: commandHeaders,
        params: pathParams({ id: 300 }),
        response: { 200: CommandAnswer, ...commandErrors },
      },
    },
    async (request) => {
      const me = request.principal?.sub ?? '';
      // A notification is pushed as soon as its cause is in the log, moments before the inbox
      // holds it: a client marking it read at once waits for it (about a second at most).
      let notification = await options.readModels.notification(request.params.id);
      for (let pause = 10; notification === null && pause <= 640; pause *= 2) {
        await sleep(pause);
        notification = await options.readModels.notification(request.params.id);
      }
      if (notification === null || (notification.recipient !== me && notification.recipient !== '*'))
        throw new DomainError('NOT_FOUND', `you have no notification ${request.params.id}`);
      return options.notifications.handle(
        commandRequest(request, me, { type: 'MarkRead', data: { notificationId: request.params.id } }),
      );
    },
  );

  app.post(
    '/notifications/read-all',
    {
      config: { permission: 'notifications:manage-own' },
      schema: { headers: commandHeaders, response: { 200: CommandAnswer, ...commandErrors } },
    },
    async (request) =>
      options.notifications.handle(
        commandRequest(request, request.principal?.sub ?? '', { type: 'MarkAllRead', data: {} }),
      ),
  );

  app.post(
    '/notifications/broadcast',
    {
      config: { permission: 'notifications:broadcast' },
      schema: {
        headers: commandHeaders,
        body: Type.Object(
          { title: Type.String({ maxLength: 100 }), message: Type.String({ maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 201: CommandAnswer, ...commandErrors },
      },
    },
    async (request, reply) => {
      const answer = await options.notifications.handle(
        commandRequest(request, `${broadcastIdPrefix}${newAggregateId(request)}`, {
          type: 'SendBroadcast',
          data: request.body,
        }),
      );
      return reply.code(201).send(answer);
    },
  );
}
