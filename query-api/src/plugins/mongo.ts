import fp from 'fastify-plugin';
import mongoose from 'mongoose';

declare module 'fastify' {
  interface FastifyInstance {
    /** The read models' database. */
    mongo: mongoose.Connection;
  }
}

export interface MongoPluginOptions {
  readonly url: string;
  readonly database: string;
}

/** One mongoose connection per process; filters are sanitized so no operator rides in on input. */
export const mongoPlugin = fp<MongoPluginOptions>(
  async (app, options) => {
    const connection = mongoose.createConnection(options.url, {
      dbName: options.database,
      sanitizeFilter: true,
      serverSelectionTimeoutMS: 5000,
    });
    connection.set('strictQuery', true);
    await connection.asPromise();
    app.decorate('mongo', connection);
    app.addHook('onClose', async () => {
      await connection.close();
    });
  },
  { name: 'mongo' },
);
