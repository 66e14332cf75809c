import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type mongoose from 'mongoose';
import { systemOfRecord } from '@engage/auth';

interface ClientDocument {
  _id: string;
  name: string;
  roles: string[];
  /** sha256 of the secret: secrets are 256 random bits, so a fast hash is enough. */
  secretHash: string;
  createdAt: Date;
  createdBy: string;
}

export interface ServiceClient {
  readonly clientId: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly createdAt: string;
}

const hash = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/**
 * Service accounts for the `client_credentials` grant. Like passwords, their secrets are
 * credentials, not business facts, so they live outside the event log.
 */
export class ServiceClientStore {
  private readonly clients: mongoose.mongo.Collection<ClientDocument>;

  constructor(db: mongoose.Connection) {
    this.clients = systemOfRecord(db).collection<ClientDocument>('auth_clients');
  }

  /** A new client; its secret is shown once, here, and only its hash is kept. */
  async create(
    name: string,
    roles: readonly string[],
    createdBy: string,
  ): Promise<ServiceClient & { clientSecret: string }> {
    const clientId = `svc-${randomUUID()}`;
    const clientSecret = randomBytes(32).toString('base64url');
    const createdAt = new Date();
    await this.clients.insertOne({
      _id: clientId,
      name,
      roles: [...roles],
      secretHash: hash(clientSecret).toString('hex'),
      createdAt,
      createdBy,
    });
    return { clientId, clientSecret, name, roles, createdAt: createdAt.toISOString() };
  }

  /** The client whose id and secret these are, or null. */
  async authenticate(clientId: string, clientSecret: string): Promise<ServiceClient | null> {
    const client = await this.clients.findOne({ _id: clientId });
    const expected = Buffer.from(client?.secretHash ?? '00'.repeat(32), 'hex');
    const matches = timingSafeEqual(expected, hash(clientSecret));
    return client !== null && matches ? this.view(client) : null;
  }

  async list(): Promise<ServiceClient[]> {
    const clients = await this.clients.find({}).sort({ createdAt: 1 }).toArray();
    return clients.map((client) => this.view(client));
  }

  /** Deletes a client: its secret stops working at once; tokens it holds expire on their own. */
  async delete(clientId: string): Promise<boolean> {
    return (await this.clients.deleteOne({ _id: clientId })).deletedCount === 1;
  }

  private view(client: ClientDocument): ServiceClient {
    return {
      clientId: client._id,
      name: client.name,
      roles: client.roles,
      createdAt: client.createdAt.toISOString(),
    };
  }
}
