import type mongoose from 'mongoose';

interface CredentialDocument {
  /** The lower-cased email the person signs in with. */
  _id: string;
  userId: string;
  passwordHash: string;
}

/** Password hashes by email. Kept out of the event log: a credential is not a business fact. */
export class CredentialStore {
  private readonly credentials: mongoose.mongo.Collection<CredentialDocument>;

  constructor(db: mongoose.Connection) {
    this.credentials = db.collection<CredentialDocument>('auth_credentials');
  }

  async set(email: string, userId: string, passwordHash: string): Promise<void> {
    await this.credentials.updateOne(
      { _id: email.trim().toLowerCase() },
      { $set: { userId, passwordHash } },
      { upsert: true },
    );
  }

  async find(email: string): Promise<{ userId: string; passwordHash: string } | null> {
    return this.credentials.findOne({ _id: email.trim().toLowerCase() });
  }
}
