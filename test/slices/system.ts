// The whole back end in one process for the slice tests: command services, every projector and the
// query API, on real Kafka, registry and MongoDB, under a topic prefix and database of their own.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import mongoose from 'mongoose';
import { startCommandService, type RunningCommandService } from '@engage/command-services';
import { createKafka, EventCodec } from '@engage/event-log';
import { startFileService, type RunningFileService } from '@engage/files';
import {
  projectionKey,
  Projector,
  readCheckpoint,
  startProjectors,
  type Projection,
} from '@engage/projectors';
import { buildApp, configFromEnv } from '@engage/query-api';

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface Person {
  readonly id: string;
  readonly token: string;
}

/** The password every `person` signs in with. */
export const personPassword = 'an ordinary passphrase 42';

export interface System {
  readonly prefix: string;
  readonly db: mongoose.Connection;
  readonly commands: RunningCommandService;
  readonly queries: FastifyInstance;
  /** Where the query API listens (with `pusher`: websockets need a real socket). */
  readonly queriesAddress: string | null;
  /** The file service (with `files`), on the same log and database, trusting the same keys. */
  readonly files: RunningFileService | null;
  command(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer>;
  query(path: string, token: string | null): Promise<Answer>;
  /** Signs in; waits until the token carries `permission` when one is named (roles are read models). */
  signIn(email: string, password: string, permission?: string): Promise<string>;
  /**
   * Replays `projection` from the log's start into `db` (a fresh projector and group, starting at
   * the checkpoint `db` holds) until it reaches `until` (default: the live projector's checkpoint
   * now), then stops it.
   */
  replay(projection: Projection, db: mongoose.Connection, until?: Record<string, number>): Promise<void>;
  /** A member registered by the admin as `<name>@example.com` and signed in, one per name. */
  person(name: string, permission?: string): Promise<Person>;
  /**
   * Stops the writers (command service, files, projectors) and keeps the data: a read benchmark
   * then loads the query API without their consumers sharing its thread. `stop` still cleans up.
   */
  halt(): Promise<void>;
  stop(): Promise<void>;
}

const permissionsOf = (token: string): string[] =>
  (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { permissions: string[] })
    .permissions;

export async function startSystem(
  admin: { email: string; password: string },
  options: {
    selfSignUp?: boolean;
    pusher?: boolean;
    files?: boolean;
    /** How long access tokens last (default: the service's own, 900 s): long suites keep theirs. */
    tokenTtlSeconds?: number;
    /** A MongoDB of the test's own instead of MONGO_URL (the fault tests kill theirs). */
    mongoUrl?: string;
    /** A Kafka of the test's own instead of KAFKA_BROKERS (the fault tests kill theirs). */
    kafkaBrokers?: string;
  } = {},
): Promise<System> {
  const prefix = `s${randomUUID().slice(0, 8)}-`;
  const database = `slice_${prefix.replaceAll('-', '')}`;
  const env = (name: string): string => process.env[name] ?? '';
  const mongoUrl = options.mongoUrl ?? env('MONGO_URL');
  const kafkaBrokers = options.kafkaBrokers ?? env('KAFKA_BROKERS');
  const commands = await startCommandService({
    kafkaBrokers,
    schemaRegistryUrl: env('SCHEMA_REGISTRY_URL'),
    mongoUrl,
    mongoDatabase: database,
    host: '127.0.0.1',
    port: 0,
    internalToken: randomUUID(),
    topicPrefix: prefix,
    partitions: 3,
    admin,
    selfSignUp: options.selfSignUp === true,
    ...(options.tokenTtlSeconds === undefined
      ? {}
      : { tokens: { issuer: 'engage', audience: 'engage-api', ttlSeconds: options.tokenTtlSeconds } }),
  });
  const db = await mongoose.createConnection(mongoUrl, { dbName: database }).asPromise();
  const kafka = createKafka(kafkaBrokers, 'slice-projectors');
  const codec = await EventCodec.create(env('SCHEMA_REGISTRY_URL'));
  // The projectors service as it runs in production (active versions, the admin's rebuild runner).
  const projectors = await startProjectors({ kafka, codec, db, topicPrefix: prefix, log: () => undefined });
  const queries = await buildApp({
    ...configFromEnv(),
    kafkaBrokers: kafkaBrokers.split(','),
    mongoUrl,
    mongoDatabase: database,
    topicPrefix: prefix,
    pusher: options.pusher === true,
  });
  const files =
    options.files === true
      ? await startFileService({
          host: '127.0.0.1',
          port: 0,
          kafkaBrokers,
          schemaRegistryUrl: env('SCHEMA_REGISTRY_URL'),
          mongoUrl,
          mongoDatabase: database,
          topicPrefix: prefix,
          internalToken: randomUUID(),
          tokens: { issuer: 'engage', audience: 'engage-api' },
          partitions: 3,
        })
      : null;
  let queriesAddress: string | null = null;
  if (options.pusher === true) {
    await queries.listen({ host: '127.0.0.1', port: 0 });
    const address = queries.server.address();
    queriesAddress = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  const command: System['command'] = async (method, path, token, body, headers = {}) => {
    const response = await fetch(`${commands.address}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const query: System['query'] = async (path, token) => {
    const response = await queries.inject({
      method: 'GET',
      url: path,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  };
  const signIn: System['signIn'] = async (email, password, permission) => {
    for (let tries = 0; ; tries += 1) {
      const answer = await command('POST', '/auth/token', null, {
        grant_type: 'password',
        username: email,
        password,
      });
      if (answer.status !== 200)
        throw new Error(`sign-in of ${email} refused: ${JSON.stringify(answer.body)}`);
      const token = answer.body['access_token'] as string;
      if (permission === undefined || permissionsOf(token).includes(permission) || tries >= 100) return token;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const people = new Map<string, Promise<Person>>();
  let adminToken: Promise<string> | undefined;
  const person: System['person'] = (name, permission) => {
    const known = people.get(name);
    if (known) return known;
    const made = (async () => {
      adminToken ??= signIn(admin.email, admin.password, 'users:manage');
      const email = `${name.toLowerCase()}@example.com`;
      const answer = await command('POST', '/users', await adminToken, {
        email,
        password: personPassword,
        firstName: name,
        lastName: 'Example',
      });
      if (answer.status !== 201)
        throw new Error(`registering ${name} failed: ${JSON.stringify(answer.body)}`);
      return { id: answer.body['id'] as string, token: await signIn(email, personPassword, permission) };
    })();
    people.set(name, made);
    return made;
  };
  const replay: System['replay'] = async (projection, target, until) => {
    const live = until ?? (await readCheckpoint(db, projectionKey(projection)));
    const projector = new Projector({
      kafka,
      codec,
      db: target,
      projection,
      topicPrefix: prefix,
      groupId: `replay-${randomUUID()}`,
    });
    await projector.start();
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const done = await readCheckpoint(target, projectionKey(projection));
        if (Object.entries(live).every(([partition, offset]) => (done[partition] ?? 0) >= offset)) return;
        if (Date.now() > deadline)
          throw new Error(`the replay of ${projection.name} did not catch up in 60 s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await projector.stop();
    }
  };
  let halted: Promise<void> | undefined;
  const halt = (): Promise<void> =>
    (halted ??= (async () => {
      await files?.stop();
      await projectors.stop();
      await commands.stop();
    })());
  return {
    prefix,
    db,
    commands,
    queries,
    queriesAddress,
    files,
    command,
    query,
    signIn,
    replay,
    person,
    halt,
    stop: async () => {
      await queries.close();
      await halt();
      await db.dropDatabase();
      await db.close();
    },
  };
}
