import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import type { WebSocket } from 'ws';
import { errorResponses } from '@engage/auth';
import {
  Counter,
  createKafka,
  endOffsets,
  Gauge,
  metrics,
  EventCodec,
  isPoison,
  readBatch,
  startConsumer,
  type LogConsumer,
  type RecordedEvent,
} from '@engage/event-log';
import { everyone, inboxProjection, notificationsOf } from '@engage/projectors';
import type { Doc, ReadSide } from '../read/read-models.ts';
import { notificationView } from './routes.ts';

const justMade = { readAllUpTo: 0, readBroadcasts: [] };

export interface PusherOptions {
  readonly readSide: ReadSide;
  /** Empty: the route only (for the route table), no reading. */
  readonly kafkaBrokers: readonly string[];
  readonly schemaRegistryUrl: string;
  readonly topicPrefix: string;
  /** Browser origins that may open a socket; a request without an Origin (not a browser) may too. */
  readonly allowedOrigins: readonly string[];
  /** A socket whose unsent bytes pass this is too slow: it is closed, and catches up on reconnect. */
  readonly maxBufferedBytes?: number;
  /**
   * A client that answers no ping (and sends nothing) for this long is gone or stuck: its socket is
   * closed (default 60 s). Browsers answer pings by themselves.
   */
  readonly idleTimeoutMs?: number;
}

/** Close codes the client acts on: reconnect with a fresh token, or reconnect and catch up. */
export const closeCodes = { tokenExpired: 4001, idle: 4002, tooSlow: 4008 } as const;

/** The socket side a sender needs: what `ws` offers. */
export type PushSocket = Pick<WebSocket, 'readyState' | 'OPEN' | 'bufferedAmount' | 'send' | 'close'>;

/**
 * Sends to one socket unless it is too far behind: a slow client never holds up the others (each
 * send only queues bytes); past its budget of unsent bytes it is closed with 4008, reconnects and
 * asks `GET /notifications?after=<cursor>` for what it missed.
 */
export function boundedSender(maxBufferedBytes: number): (socket: PushSocket, payload: string) => void {
  return (socket, payload) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > maxBufferedBytes) {
      droppedSends.inc();
      socket.close(closeCodes.tooSlow, 'too slow: reconnect and ask GET /notifications?after=<cursor>');
      return;
    }
    socket.send(payload);
  };
}

/** Sends dropped because a socket was too far behind (it was closed; it catches up on reconnect). */
const openSockets = new Gauge({
  name: 'engage_pusher_sockets',
  help: 'Open notification websockets in this process',
  registers: [metrics],
});
const droppedSends = new Counter({
  name: 'engage_pusher_dropped_sends_total',
  help: 'Notifications not sent because the socket was too slow (closed with 4008)',
  registers: [metrics],
});

export interface Pusher {
  /** Resolves once the pusher reads the log (sockets opened after it miss nothing). */
  readonly ready: Promise<void>;
  /** Open sockets on this instance. */
  socketCount(): number;
}

declare module 'fastify' {
  interface FastifyInstance {
    pusher: Pusher;
  }
}

/**
 * The notification pusher: `GET /notifications/stream` upgrades to a websocket for a valid token
 * and an allowed Origin, then gets one JSON message per new notification of its user. Each
 * instance reads the whole log from where it stood at start (its own consumer group), so every
 * socket, whichever instance holds it, gets each notification exactly once; a replay of the inbox
 * projection writes no new events, so it pushes nothing.
 */
async function pusherPlugin(app: FastifyInstance, options: PusherOptions): Promise<void> {
  const { readSide } = options;
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  const idleMs = options.idleTimeoutMs ?? 60_000;
  const sockets = new Map<string, Set<WebSocket>>();
  const allSockets = () => [...sockets.values()].flatMap((set) => [...set]);

  const send = boundedSender(maxBuffered);

  const deliver = async (event: RecordedEvent): Promise<void> => {
    const specs = notificationsOf(event).filter(
      (spec) => spec.push && (spec.recipient === everyone ? sockets.size > 0 : sockets.has(spec.recipient)),
    );
    if (specs.length === 0) return;
    // Most notifications are wholly made by their cause: pushed at once, as the inbox will hold them.
    const docs: Doc[] = specs
      .filter((spec) => spec.grows !== true)
      .flatMap((spec) => spec.apply(null) ?? [])
      .map((doc) => doc as unknown as Doc);
    const grown = specs.filter((spec) => spec.grows === true);
    if (grown.length > 0) {
      // A grouped one is pushed as the inbox holds it: wait until the projection has applied the event.
      await readSide.waitForPosition(inboxProjection.name, event.position, 10_000);
      docs.push(
        ...(await (
          await readSide.collection('notifications')
        )
          .find({ _id: { $in: grown.map((spec) => spec.id) } })
          .toArray()),
      );
    }
    // Just made (or just grown), so unread: one payload per notification, whoever gets it.
    for (const doc of docs) {
      const recipient = doc['recipient'] as string;
      const payload = JSON.stringify(notificationView(doc, justMade));
      const targets = recipient === everyone ? allSockets() : [...(sockets.get(recipient) ?? [])];
      for (const socket of targets) send(socket, payload);
    }
  };

  const topics = inboxProjection.topics.map((topic) => `${options.topicPrefix}${topic}`);
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  app.decorate('pusher', { ready, socketCount: () => allSockets().length });

  const begin = async (): Promise<LogConsumer> => {
    const kafka = createKafka(options.kafkaBrokers, `pusher-${randomUUID().slice(0, 8)}`);
    const codec = await EventCodec.create(options.schemaRegistryUrl);
    // From where the log stands now: history was (or will be) read from the inbox, never pushed.
    const start = await endOffsets(kafka, topics);
    return startConsumer(kafka, {
      groupId: `${options.topicPrefix}pusher-${randomUUID()}`,
      topics,
      startAt: async (topic, partition) => start.get(`${topic}:${partition}`) ?? 0,
      onAssigned: () => markReady(),
      onBatch: async (batch) => {
        const from = start.get(`${batch.topic}:${batch.partition}`) ?? 0;
        const records = batch.records.filter((record) => record.offset >= from);
        for (const event of await readBatch(codec, { ...batch, records })) {
          if (isPoison(event)) continue;
          await deliver(event).catch((error: unknown) => app.log.error(error));
        }
      },
    });
  };
  let starting: Promise<LogConsumer | undefined> = Promise.resolve(undefined);
  let closing = false;
  /**
   * Kafka may be away, or its partitions still electing leaders (topics just made on a fresh
   * stack): tries again with backoff until the pusher reads the log or the app closes.
   */
  const beginUntilStarted = async (): Promise<LogConsumer | undefined> => {
    for (let attempt = 0; !closing; attempt += 1) {
      try {
        return await begin();
      } catch (error) {
        app.log.error(error, 'the notification pusher could not start yet; trying again');
        await sleep(Math.min(5_000, 200 * 2 ** attempt));
      }
    }
    return undefined;
  };
  // Reading starts once the app is ready, in the background: the API serves while Kafka is away.
  app.addHook('onReady', async () => {
    // Without brokers (collecting the route table, or PUSHER=off) there is nothing to read.
    if (options.kafkaBrokers.length === 0) return;
    starting = beginUntilStarted();
  });
  app.addHook('preClose', async () => {
    closing = true;
    for (const socket of allSockets()) socket.terminate();
  });
  app.addHook('onClose', async () => {
    // A pusher still starting (Kafka away) is stopped once it has started, without holding up the close.
    const stop = starting.then((consumer) => consumer?.stop());
    await Promise.race([stop, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  });

  app.get(
    '/notifications/stream',
    {
      websocket: true,
      config: { permission: 'notifications:read', tokenInQuery: true },
      schema: {
        summary: 'Websocket: one JSON message per new notification (token in the header or ?access_token=)',
        response: {
          101: Type.Null({ description: 'switched to a websocket: each message is one Notification' }),
          ...errorResponses(401, 403, 500),
        },
      },
      // A refused upgrade (401, 403) leaves its socket paused, where a client hanging up goes
      // unnoticed: end it once the refusal is sent.
      onResponse: async (request) => {
        if (!request.ws) request.raw.socket.destroySoon();
      },
      preValidation: async (request: FastifyRequest, reply) => {
        const origin = request.headers.origin;
        if (origin !== undefined && !options.allowedOrigins.includes(origin))
          return reply.code(403).send({
            statusCode: 403,
            code: 'FORBIDDEN_ORIGIN',
            message: `origin ${origin} may not open a socket`,
          });
        return undefined;
      },
    },
    (socket, request) => {
      const principal = request.principal;
      if (principal === null) {
        socket.close(1008, 'no principal');
        return;
      }
      const user = principal.sub;
      const open = sockets.get(user) ?? new Set<WebSocket>();
      open.add(socket);
      openSockets.inc();
      sockets.set(user, open);
      // The socket lives as long as its token.
      const expiresAt = principal.expiresAt;
      const expiry =
        expiresAt === undefined
          ? undefined
          : setTimeout(
              () => socket.close(closeCodes.tokenExpired, 'token expired: reconnect with a fresh one'),
              Math.max(0, expiresAt * 1000 - Date.now()),
            );
      // Pinged a few times per idle limit; a client that answers none is closed (and, if it does not
      // even answer the close, cut off), so dead peers hold no socket.
      let heardAt = Date.now();
      const heard = () => (heardAt = Date.now());
      const idleCheck = setInterval(
        () => {
          if (Date.now() - heardAt < idleMs) return socket.ping();
          clearInterval(idleCheck);
          socket.close(closeCodes.idle, `silent for ${Math.round(idleMs / 1000)} s: reconnect`);
          setTimeout(() => socket.terminate(), 5_000).unref();
        },
        Math.max(100, Math.floor(idleMs / 3)),
      );
      socket.on('pong', heard);
      socket.on('close', () => {
        clearInterval(idleCheck);
        if (expiry !== undefined) clearTimeout(expiry);
        if (open.delete(socket)) openSockets.dec();
        if (open.size === 0) sockets.delete(user);
      });
      // Clients only listen; anything they send is ignored (and bounded by maxPayload), but counts as heard.
      socket.on('message', heard);
    },
  );
}

/** The pusher as a plugin whose `pusher` decoration the whole app sees. */
export const notificationPusher = fp(pusherPlugin, { name: 'notification-pusher' });
