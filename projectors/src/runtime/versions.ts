import type mongoose from 'mongoose';

interface VersionDocument {
  _id: string;
  active: number;
  switchedAt: Date;
}

const collection = (db: mongoose.Connection) => db.collection<VersionDocument>('projection_versions');

/** The version of a projection that reads are served from; `fallback` until one is recorded. */
export async function activeVersion(
  db: mongoose.Connection,
  name: string,
  fallback: number,
): Promise<number> {
  return (await collection(db).findOne({ _id: name }))?.active ?? fallback;
}

/** The atomic switch: one single-document write moves every reader to the new version. */
export async function switchActiveVersion(
  db: mongoose.Connection,
  name: string,
  version: number,
): Promise<void> {
  await collection(db).updateOne(
    { _id: name },
    { $set: { active: version, switchedAt: new Date() } },
    { upsert: true },
  );
}
