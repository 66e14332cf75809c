import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import {
  CommandBus,
  httpForwarder,
  mongoOwnershipDirectory,
  mongoSnapshotStore,
  snapshotSettingsFromEnv,
} from '@engage/command-services';
import { createKafka, EventCodec } from '@engage/event-log';
import type { FileServiceConfig } from './config.ts';
import { fileDecider, type FileCommand, type FileState } from './file/decider.ts';
import { GridFsStorage } from './storage/gridfs.ts';
import { FileService } from './upload/file-service.ts';

/** What both entry points (the Fastify service and the Lambda handler) run on. */
export interface FileBackend {
  readonly connection: mongoose.Connection;
  readonly db: mongoose.mongo.Db;
  readonly topic: string;
  /** Starts the `files` command bus, reachable for forwarded commands at `address`. */
  start(address: string): Promise<{ service: FileService; bus: CommandBus<FileCommand, FileState> }>;
  close(): Promise<void>;
}

/** Connects to MongoDB (GridFS, the ownership directory) and the schema registry. */
export async function openFileBackend(config: FileServiceConfig): Promise<FileBackend> {
  const connection = await mongoose
    .createConnection(config.mongoUrl, { dbName: config.mongoDatabase, sanitizeFilter: true })
    .asPromise();
  connection.set('strictQuery', true);
  const db = connection.db;
  if (db === undefined) throw new Error('MongoDB connection has no database');
  const kafka = createKafka(config.kafkaBrokers, `files-${randomUUID().slice(0, 8)}`);
  const codec = await EventCodec.create(config.schemaRegistryUrl);
  const storage = new GridFsStorage(db);
  const topic = `${config.topicPrefix}files`;
  let bus: CommandBus<FileCommand, FileState> | undefined;
  return {
    connection,
    db,
    topic,
    async start(address) {
      bus = new CommandBus<FileCommand, FileState>({
        kafka,
        codec,
        topic,
        decider: fileDecider,
        directory: mongoOwnershipDirectory(connection),
        address,
        forward: httpForwarder(config.internalToken),
        snapshots: mongoSnapshotStore(connection, topic, fileDecider.version ?? 1),
        ...snapshotSettingsFromEnv(process.env),
        partitions: config.partitions,
        sessionTimeoutMs: config.sessionTimeoutMs,
      });
      await bus.start();
      return { service: new FileService({ storage, bus, concurrency: config.concurrency }), bus };
    },
    async close() {
      await bus?.stop();
      await connection.close();
    },
  };
}
