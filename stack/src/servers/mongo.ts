import { join } from 'node:path';
import mongoose from 'mongoose';
import { endpointsOf, repoRoot } from '../config.ts';
import { fetched } from '../fetch.ts';
import { findJava } from '../java.ts';
import { launch, managed } from '../processes.ts';
import type { Server } from './server.ts';

export const mongo: Server = {
  name: 'mongo',
  startTimeoutMs: 60_000,

  async prepare(config) {
    const lib = await fetched(config.cacheDir, 'mongo');
    const java = findJava(17);
    return () =>
      launch(config.dir, managed(config.dir, 'mongo'), {
        command: java.bin,
        jvmArgs: ['-Xms256m', '-Xmx4g', '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn'],
        args: [
          '-cp',
          join(lib, '*'),
          join(repoRoot, 'stack', 'java', 'MongoStandIn.java'),
          config.host,
          String(config.mongoPort),
          // On disk: the auth service's collections are a system of record, not read models.
          join(config.dir, 'mongo.mv.db'),
        ],
        cwd: config.dir,
      });
  },

  async probe(config) {
    const client = new mongoose.mongo.MongoClient(endpointsOf(config).mongoUrl, {
      serverSelectionTimeoutMS: 1000,
      connectTimeoutMS: 1000,
    });
    try {
      await client.connect();
      const reply = await client.db('admin').command({ ping: 1 });
      return reply['ok'] === 1;
    } finally {
      await client.close();
    }
  },
};
