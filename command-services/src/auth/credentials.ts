import type mongoose from 'mongoose';
import { systemOfRecord } from '@engage/auth';

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
    this.credentials = systemOfRecord(db).collection<CredentialDocument>('auth_credentials');
  }

  async set(email: string, userId: string, passwordHash: string): Promise<void> {
    await this.credentials.updateOne(
      { _id: email.trim().toLowerCase() },
      { $set: { userId, passwordHash } },
      { upsert: true },
    );
  }

  /** Moves a credential to a new email (the person changed theirs). */
  async rename(from: string, to: string): Promise<void> {
    const credential = await this.find(from);
    if (credential === null) return;
    await this.set(to, credential.userId, credential.passwordHash);
    await this.credentials.deleteOne({ _id: from.trim().toLowerCase() });
  }

  async find(email: string): Promise<{ userId: string; passwordHash: string } | null> {
    return this.credentials.findOne({ _id: email.trim().toLowerCase() });
  }
}
