import type mongoose from 'mongoose';

/**
 * The database that holds the auth service's system of record: credentials, signing keys, refresh
 * tokens, service accounts and sign-in throttles. Unlike read models, nothing can rebuild these
 * from the log, so they live apart from them, in `<database>_auth` on the same connection: one
 * database to back up, and the one the local MongoDB stand-in keeps on disk.
 */
export function systemOfRecord(connection: mongoose.Connection): mongoose.Connection {
  return connection.useDb(`${connection.name}_auth`, { useCache: true });
}
